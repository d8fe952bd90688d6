"""Reading a view's `state.values`, and the inline errors a modal shows."""

from __future__ import annotations

from typing import Any


class FormErrors(Exception):
    """Inline errors for the modal: block_id -> message in the user's language."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(f"{len(errors)} invalid field(s): {', '.join(sorted(errors))}")
        self.errors = errors


def element(state: dict[str, dict[str, dict[str, Any]]], block: str, action: str) -> dict:
    return (state.get(block) or {}).get(action) or {}


def selected_value(
    state: dict[str, dict[str, dict[str, Any]]], block: str, action: str
) -> str | None:
    option = element(state, block, action).get("selected_option")
    return option.get("value") if option else None


def selected_int(
    state: dict[str, dict[str, dict[str, Any]]], block: str, action: str
) -> int | None:
    # Literal[1, 2, …] fields do not coerce Slack's option strings.
    value = selected_value(state, block, action)
    return int(value) if value and value.isdigit() else None


def text_value(state: dict[str, dict[str, dict[str, Any]]], block: str, action: str) -> str | None:
    value = element(state, block, action).get("value")
    value = value.strip() if isinstance(value, str) else None
    return value or None


def selected_values(
    state: dict[str, dict[str, dict[str, Any]]], block: str, action: str
) -> list[str]:
    """The values of a multi-select's or checkboxes' selected options."""
    options = element(state, block, action).get("selected_options") or []
    return [str(option["value"]) for option in options]


def selected_user(
    state: dict[str, dict[str, dict[str, Any]]], block: str, action: str
) -> str | None:
    """The user picked in a users_select."""
    return element(state, block, action).get("selected_user")
