"""CPR numbers are recognised in the forms people type them, without modulus 11."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.privacy.cpr import contains_cpr


@pytest.mark.parametrize(
    "text",
    [
        "211062-5629",
        "2110625629",
        "Mor (211062 5629) ringede",
        "cpr 21.10.62-5629",
        "010107-4AA1",  # e-CPR: letters in positions 8-9
        "811062-5628",  # substitute number: day + 60
        "010101-1235",  # fails modulus 11, still a CPR number since 2007
        "barnet, 010120/4123, går i 0. klasse",
        "Dreng (CPR 150317–1234)",  # an en dash from Word
        "Mor cpr150317-1234",
        "150317_1234",
        "150317\u20111234",  # non-breaking hyphen
        "150317\u22121234",  # minus sign
        "150317 - 1234",
        "15 03 17 1234",
        "１５０３１７－１２３４",  # full-width digits
    ],
)
def test_cpr_numbers_are_found(text: str) -> None:
    assert contains_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "dreng, 9 år, mor og plejefamilien",
        "tlf. 12345678",
        "sag 2023-123456",
        "311362-1234",  # no 31st of the 13th month
        "320162-1234",
        "mødet 12.10.24 kl. 1400",
        "ref 12345678901",  # eleven digits is no CPR
    ],
)
def test_other_numbers_are_not_flagged(text: str) -> None:
    assert not contains_cpr(text)


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2036, 12, 31)),
    serial=st.integers(min_value=0, max_value=9999),
    separator=st.sampled_from(["", "-", " ", ".", "/"]),
    prefix=st.sampled_from(["", "cpr: ", "Barnets nr. er "]),
)
def test_any_real_birth_date_with_any_serial_is_flagged(
    birth: date, serial: int, separator: str, prefix: str
) -> None:
    assume((birth.month, birth.day) != (2, 29))  # the serial's century may not be a leap year
    number = f"{birth:%d%m%y}{separator}{serial:04d}"
    assert contains_cpr(prefix + number + " i sagen")


@given(day=st.integers(min_value=1, max_value=28), month=st.integers(min_value=13, max_value=99))
def test_impossible_months_are_not_flagged(day: int, month: int) -> None:
    assert not contains_cpr(f"{day:02d}{month:02d}80-1234")


def test_substitute_day_must_still_be_a_date() -> None:
    assert contains_cpr("911262-1234")  # 31 December, substitute
    assert not contains_cpr("921262-1234")
