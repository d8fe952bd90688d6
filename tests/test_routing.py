"""Choosing an expert, and counting working days with Danish public holidays."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.periods import add_working_days, is_working_day
from bot.requests.routing import Candidate, choose_expert

CPH = ZoneInfo("Europe/Copenhagen")
EARLY = datetime(2026, 11, 1, tzinfo=UTC)
LATE = datetime(2026, 11, 20, tzinfo=UTC)


def test_fewest_open_requests_wins() -> None:
    chosen = choose_expert(
        [Candidate("U1", 2, EARLY), Candidate("U2", 0, LATE), Candidate("U3", 1, None)]
    )
    assert chosen is not None
    assert chosen.user_id == "U2"


def test_on_equal_load_the_one_asked_longest_ago_wins_and_never_asked_first() -> None:
    chosen = choose_expert([Candidate("U1", 1, LATE), Candidate("U2", 1, EARLY)])
    assert chosen is not None
    assert chosen.user_id == "U2"
    chosen = choose_expert([Candidate("U1", 1, EARLY), Candidate("U9", 1, None)])
    assert chosen is not None
    assert chosen.user_id == "U9"


def test_no_candidates_no_choice() -> None:
    assert choose_expert([]) is None


@given(st.lists(st.tuples(st.integers(0, 5), st.booleans()), min_size=1, max_size=12))
def test_the_chosen_expert_is_never_busier_than_another(loads: list[tuple[int, bool]]) -> None:
    candidates = [
        Candidate(f"U{i}", load, EARLY if asked else None) for i, (load, asked) in enumerate(loads)
    ]
    chosen = choose_expert(candidates)
    assert chosen is not None
    assert chosen.open_requests == min(c.open_requests for c in candidates)
    assert choose_expert(list(reversed(candidates))) == chosen  # order does not matter


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (datetime(2026, 11, 24, 10, 0), 1, datetime(2026, 11, 25, 10, 0)),  # Tue → Wed
        (datetime(2026, 11, 27, 14, 0), 1, datetime(2026, 11, 30, 14, 0)),  # Fri → Mon
        (datetime(2026, 11, 28, 14, 0), 1, datetime(2026, 12, 1, 0, 0)),  # Sat → Tue morning
        (datetime(2026, 4, 1, 9, 0), 1, datetime(2026, 4, 7, 9, 0)),  # over Easter
        # 24 December is no public holiday by law; 25 and 26 December are.
        (datetime(2026, 12, 23, 9, 0), 2, datetime(2026, 12, 28, 9, 0)),
    ],
)
def test_working_days_skip_weekends_and_danish_holidays(
    start: datetime, days: int, expected: datetime
) -> None:
    result = add_working_days(start.replace(tzinfo=CPH), days, tz=CPH)
    assert result == expected.replace(tzinfo=CPH)


@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2030, 1, 1)),
    days=st.integers(1, 10),
)
def test_working_days_land_on_a_working_day_later_than_the_start(
    start: datetime, days: int
) -> None:
    result = add_working_days(start.replace(tzinfo=CPH), days, tz=CPH)
    assert is_working_day(result.date())
    assert result > start.replace(tzinfo=CPH)
