"""Reading a view's `state.values`, and the inline errors a modal shows.

The readers never raise on odd input: a missing block, a wrong type or an unknown shape reads
as "nothing chosen", and the form's validation then says what is missing.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError

from bot.core.text import clean_text
from bot.slack.payload import State

# A Slack user id as Slack writes it; anything else in a users_select is a forged payload.
_USER_ID = re.compile(r"[UW][A-Z0-9]{1,31}")


class FormErrors(Exception):
    """Inline errors for the modal: block_id -> message in the user's language."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(f"{len(errors)} invalid field(s): {', '.join(sorted(errors))}")
        self.errors = errors


def element(state: State, block: str, action: str) -> dict[str, Any]:
    """The state of one input element, or an empty dict."""
    found = (state.get(block) or {}).get(action)
    return found if isinstance(found, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def selected_value(state: State, block: str, action: str) -> str | None:
    """The value of a selected option (select or radio buttons), or None."""
    option = element(state, block, action).get("selected_option")
    return _str(option.get("value")) if isinstance(option, dict) else None


def selected_int(state: State, block: str, action: str) -> int | None:
    """A selected option's value as a number, or None."""
    # Literal[1, 2, …] fields do not coerce Slack's option strings.
    value = selected_value(state, block, action)
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def text_value(state: State, block: str, action: str) -> str | None:
    """A text input, cleaned (see bot.core.text), or None when nothing is left."""
    value = _str(element(state, block, action).get("value"))
    return (clean_text(value) if value else None) or None


def selected_values(state: State, block: str, action: str) -> list[str]:
    """The values of a multi-select's or checkboxes' selected options."""
    options = element(state, block, action).get("selected_options")
    if not isinstance(options, list):
        return []
    return [v for o in options if isinstance(o, dict) and (v := _str(o.get("value")))]


def selected_user(state: State, block: str, action: str) -> str | None:
    """The user picked in a users_select, if it is a Slack user id."""
    value = _str(element(state, block, action).get("selected_user"))
    return value if value and _USER_ID.fullmatch(value) else None


def selected_date(state: State, block: str, action: str) -> str | None:
    """A datepicker's ISO date, or None."""
    return _str(element(state, block, action).get("selected_date"))


def selected_time(state: State, block: str, action: str) -> str | None:
    """A timepicker's HH:MM, or None."""
    return _str(element(state, block, action).get("selected_time"))


def not_in_past(value: date | None, info: ValidationInfo) -> date | None:
    """A pydantic validator for picked dates: none before `today` in the validation context."""
    today = (info.context or {}).get("today")
    if value is not None and today is not None and value < today:
        raise PydanticCustomError("date_past", "the date is in the past")
    return value
