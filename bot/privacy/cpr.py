"""Recognising personal identifiers in case text before anything is stored or sent."""

from __future__ import annotations

import re
import unicodedata

from stdnum.dk import cpr
from stdnum.exceptions import ValidationError

# Word and Outlook turn hyphens into en dashes; people paste minus signs and non-breaking
# hyphens too. All of them count as a hyphen.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d", "-"))
# DDMMYY (people also write DD.MM.YY or DD MM YY), a separator (hyphen, dot, slash or
# underscore, with or without spaces, or none), then four characters: the century digit, two
# digits or two letters (health-sector e-CPR), and a last digit. Letters may touch the front
# ("cpr150317-1234") and the back ("cpr:0101901234x": a typo must not let it through), digits
# may not.
_SEP = r"(?:\s*[-./_]\s*|\s)?"
_CANDIDATE = re.compile(
    rf"(?<!\d)(\d\d[-./_ ]?\d\d[-./_ ]?\d\d){_SEP}(\d(?:\d\d|[A-Za-z]{{2}})\d)"
    r"(?!\d)"
)


def contains_cpr(text: str) -> bool:
    """Whether the text holds something shaped like a CPR number with a real birth date.

    The modulus-11 check is deliberately not used: numbers issued since 2007 may fail it.
    Substitute numbers (day + 60) count too.
    """
    normalised = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return any(_is_cpr(match.group(1), match.group(2)) for match in _CANDIDATE.finditer(normalised))


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
