"""Dates typed after `/sparring pause til`."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.dates import DateNotUnderstood, parse_date

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24.12", date(2026, 12, 24)),
        ("24.12.", date(2026, 12, 24)),
        ("24.12.2026", date(2026, 12, 24)),
        ("5/1-27", date(2027, 1, 5)),
        ("2027-01-05", date(2027, 1, 5)),
        ("24. december", date(2026, 12, 24)),
        ("3 jan", date(2027, 1, 3)),  # no year: the next 3 January
        ("1. Februar 2027", date(2027, 2, 1)),
        ("24.11", TODAY),
    ],
)
def test_dates_people_write(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text", ["", "snart", "31.02", "32.12", "1.1.2020", "mandag", "24 dec 20x"]
)
def test_unknown_or_past_dates_are_refused(text: str) -> None:
    with pytest.raises(DateNotUnderstood):
        parse_date(text, today=TODAY)


@given(st.dates(min_value=TODAY, max_value=date(2099, 12, 31)))
def test_every_future_date_round_trips_in_danish_notation(day: date) -> None:
    assert parse_date(f"{day.day}.{day.month}.{day.year}", today=TODAY) == day
