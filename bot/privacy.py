"""Recognising personal identifiers in case text before anything is stored or sent."""

from __future__ import annotations

import re

from stdnum.dk import cpr
from stdnum.exceptions import ValidationError

# DDMMYY (people also write DD.MM.YY), an optional separator (hyphen, space, dot or slash),
# then four characters: the century digit, two digits or two letters (health-sector e-CPR),
# and a last digit.
_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-zÆØÅæøå])(\d\d[-./]?\d\d[-./]?\d\d)[-\s./]?(\d(?:\d\d|[A-Za-z]{2})\d)"
    r"(?![0-9A-Za-zÆØÅæøå])"
)


def contains_cpr(text: str) -> bool:
    """Whether the text holds something shaped like a CPR number with a real birth date.

    The modulus-11 check is deliberately not used: numbers issued since 2007 may fail it.
    Substitute numbers (day + 60) count too.
    """
    return any(_is_cpr(match.group(1), match.group(2)) for match in _CANDIDATE.finditer(text))


def _is_cpr(date_part: str, serial: str) -> bool:
    date_part = re.sub(r"\D", "", date_part)
    day = int(date_part[:2])
    if day > 60:  # substitute CPR numbers add 6 to the first digit of the day
        day -= 60
    # stdnum reads the century from the first serial digit; the rest of the serial is irrelevant.
    digits = f"{day:02d}{date_part[2:]}{serial[0]}000"
    try:
        cpr.get_birth_date(digits)
    except ValidationError:
        return False
    return True
