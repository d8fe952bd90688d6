"""Pairing periods and announcement times, with Danish public holidays."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.periods import (
    PERIOD_WEEKS,
    announcement_time,
    due_week,
    is_working_day,
    period_containing,
)

CPH = ZoneInfo("Europe/Copenhagen")


@given(
    day=st.dates(min_value=date(2024, 1, 1), max_value=date(2040, 1, 1)),
    weeks=st.sampled_from(PERIOD_WEEKS),
)
def test_periods_are_whole_aligned_weeks_containing_the_day(day: date, weeks: int) -> None:
    period = period_containing(day, weeks)
    assert period.start <= day <= period.end
    assert period.start.weekday() == 0
    assert (period.end - period.start).days == weeks * 7 - 1
    assert period_containing(period.end, weeks) == period  # every day of it agrees


def test_holidays_move_the_announcement_to_the_next_working_day() -> None:
    easter_monday_week = date(2026, 4, 6)
    moved = announcement_time(easter_monday_week, weekday=0, at=time(9), tz=CPH, skip_holidays=True)
    assert moved == datetime(2026, 4, 7, 9, 0, tzinfo=CPH)
    kept = announcement_time(easter_monday_week, weekday=0, at=time(9), tz=CPH, skip_holidays=False)
    assert kept.date() == date(2026, 4, 6)
    assert not is_working_day(date(2026, 12, 25))
    assert is_working_day(date(2026, 11, 24))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 11, 23, 7, 59, tzinfo=UTC), None),  # 08:59 in Copenhagen: not yet
        (datetime(2026, 11, 23, 8, 0, tzinfo=UTC), date(2026, 11, 23)),  # 09:00 sharp
        (datetime(2026, 11, 25, 14, 0, tzinfo=UTC), date(2026, 11, 23)),  # catch up Wednesday
        (datetime(2026, 11, 29, 22, 59, tzinfo=UTC), date(2026, 11, 23)),  # Sunday night
        (datetime(2026, 11, 29, 23, 0, tzinfo=UTC), None),  # next Monday 00:00: new week
    ],
)
def test_a_week_is_due_from_its_time_until_the_week_ends(
    now: datetime, expected: date | None
) -> None:
    assert due_week(now, weekday=0, at=time(9), tz=CPH, skip_holidays=True) == expected
