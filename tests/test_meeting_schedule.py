"""The agenda's time boxes and the meeting calendar: pure functions, with properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.meetings.schedule import MAX_CASES, MIN_BOX, meeting_days, queue_day, time_boxes

CPH = ZoneInfo("Europe/Copenhagen")


@given(st.integers(0, 60), st.integers(0, 600))
def test_time_boxes_fit_the_time_set_aside_in_order(count: int, minutes: int) -> None:
    boxes = time_boxes(count, minutes)
    assert len(boxes) <= min(count, MAX_CASES)
    assert all(box >= MIN_BOX for box in boxes)
    assert boxes == sorted(boxes, reverse=True)  # earlier cases never get less
    if boxes:
        assert sum(boxes) == minutes
        assert max(boxes) - min(boxes) <= 1  # shared evenly
    # Every case that could have MIN_BOX minutes is on the agenda.
    assert len(boxes) == min(count, minutes // MIN_BOX, MAX_CASES)


def test_time_boxes_examples() -> None:
    assert time_boxes(3, 30) == [10, 10, 10]
    assert time_boxes(2, 30) == [15, 15]
    assert time_boxes(4, 30) == [10, 10, 10]  # the fourth does not fit
    assert time_boxes(0, 30) == []
    assert time_boxes(2, 45) == [23, 22]


def test_meeting_days_skip_cancelled_dates_and_other_weekdays() -> None:
    days = meeting_days(weekdays=[1], cancelled=["2026-12-08"], start=date(2026, 12, 1), days=21)
    assert days == [date(2026, 12, 1), date(2026, 12, 15)]


def test_a_case_joins_the_first_meeting_whose_agenda_is_not_posted() -> None:
    common = {"weekdays": [1], "cancelled": [], "at": time(9), "tz": CPH, "minutes_before": 60}
    # Tuesday 1 Dec 2026 07:30 Copenhagen (06:30 UTC): the agenda comes at 08:00.
    early = datetime(2026, 12, 1, 6, 30, tzinfo=UTC)
    assert queue_day(now=early, **common) == date(2026, 12, 1)
    # After the agenda was posted the case waits for the next week.
    late = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
    assert queue_day(now=late, **common) == date(2026, 12, 8)
    # A case moved on from a meeting goes to a later one.
    assert queue_day(now=early, after=date(2026, 12, 1), **common) == date(2026, 12, 8)
