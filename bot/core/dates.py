"""Reading the dates people type after `/sparring pause til …`; pure, no I/O."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {
    **dict.fromkeys(("januar", "january", "jan"), 1),
    **dict.fromkeys(("februar", "february", "feb"), 2),
    **dict.fromkeys(("marts", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("maj", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("august", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nov"), 11),
    **dict.fromkeys(("december", "dec"), 12),
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?\.?$")
_WORDS = re.compile(r"^(\d{1,2})\.?\s+([a-zæøå]+)\.?(?:\s+(\d{4}))?$")


class DateNotUnderstood(ValueError):
    """The text is not a date we can read, or not one in the future."""


def parse_date(text: str, *, today: date) -> date:
    """A date from `24.12`, `24.12.2026`, `24/12-26`, `2026-12-24` or `24. december`.

    Without a year it is the next such day from today. Days before today are refused.
    """
    cleaned = text.strip().lower()
    year: int | None
    if match := _ISO.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC.match(cleaned):
        day, month = int(match[1]), int(match[2])
        year = _full_year(match[3])
    elif (match := _WORDS.match(cleaned)) and match[2] in MONTHS:
        day, month = int(match[1]), MONTHS[match[2]]
        year = int(match[3]) if match[3] else None
    else:
        raise DateNotUnderstood(text)
    try:
        result = date(year or today.year, month, day)
        if year is None and result < today:
            result = date(today.year + 1, month, day)
    except ValueError as error:
        raise DateNotUnderstood(text) from error
    if result < today:
        raise DateNotUnderstood(text)
    return result


def _full_year(part: str | None) -> int | None:
    if part is None:
        return None
    return int(part) + 2000 if len(part) == 2 else int(part)
