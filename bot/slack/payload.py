"""Reading the fields listeners need from Slack's payloads, and the button value protocol.

Every reader raises BadPayload instead of KeyError or ValueError, so a malformed or forged
payload is refused in one place (the listener wrapper) with an ack and one log line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Self

from bot.core.errors import BadPayload
from bot.core.text import clean_text

State = dict[str, dict[str, dict[str, Any]]]

# The largest id a database row can have (PostgreSQL's INTEGER); a larger number in a button
# or in metadata is forged, and would fail in the driver rather than find nothing.
MAX_ID = 2**31 - 1


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise BadPayload(f"no {what}")
    return value


def _object(body: dict[str, Any], key: str) -> dict[str, Any]:
    found = body.get(key)
    if not isinstance(found, dict):
        raise BadPayload(f"no {key}")
    return found


def text(found: dict[str, Any], key: str) -> str:
    """A non-empty string field of a payload (Slack always sends it)."""
    return _text(found.get(key), key)


def optional_text(found: dict[str, Any], key: str) -> str | None:
    """A string field that may be absent, empty or null; any other type is a BadPayload."""
    value = found.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadPayload(f"{key} is no string")
    return value


def number(value: str) -> int:
    """A row id written as ASCII digits, within what the database holds."""
    if not (value.isascii() and value.isdecimal()) or int(value) > MAX_ID:
        raise BadPayload("unreadable number")
    return int(value)


def user_id(body: dict[str, Any]) -> str:
    """Who clicked, submitted or typed the command."""
    user = body.get("user")
    raw = user.get("id") if isinstance(user, dict) else body.get("user_id")
    return _text(raw, "user id")


def command_text(command: dict[str, Any]) -> str:
    """What was typed after the slash command, cleaned (see bot.core.text); a non-string is a
    BadPayload."""
    return clean_text(optional_text(command, "text") or "")


def trigger_id(body: dict[str, Any]) -> str:
    """The trigger a modal may be opened with (valid 3 s, once)."""
    return _text(body.get("trigger_id"), "trigger_id")


def view_of(body: dict[str, Any]) -> dict[str, Any]:
    """The submitted view."""
    return _object(body, "view")


def view_id(view: dict[str, Any]) -> str:
    """The submitted view's id (the key that makes a double submission count once)."""
    return _text(view.get("id"), "view id")


def event_of(body: dict[str, Any]) -> dict[str, Any]:
    """The event an Events API payload carries."""
    return _object(body, "event")


def event_id(body: dict[str, Any]) -> str:
    """The id Slack keeps when it redelivers an event."""
    return _text(body.get("event_id"), "event_id")


def view_state(view: dict[str, Any]) -> State:
    """A view's `state.values`, checked to be the nested dicts the readers expect."""
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    if not isinstance(values, dict) or not all(
        isinstance(block, dict) and all(isinstance(element, dict) for element in block.values())
        for block in values.values()
    ):
        raise BadPayload("no view state")
    return values


def _action(body: dict[str, Any]) -> dict[str, Any]:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
        raise BadPayload("no action")
    return actions[0]


def action_value(body: dict[str, Any]) -> str:
    """The value of the pressed button."""
    return _text(_action(body).get("value"), "action value")


def action_selected_user(body: dict[str, Any]) -> str:
    """The person picked in a users_select on a message (not in a modal's state)."""
    found = _text(_action(body).get("selected_user"), "selected user")
    if not re.fullmatch(r"[UW][A-Z0-9]{1,31}", found):
        raise BadPayload("selected user is no user id")
    return found


def action_id(body: dict[str, Any]) -> str:
    """Which element was used (one listener may serve several)."""
    return _text(_action(body).get("action_id"), "action id")


@dataclass(frozen=True)
class RequestButton:
    """What a button on a request's message carries: `id` or `id:generation`.

    The generation is the message's: a click on a message the request has since left (passed
    on, handed over, re-delivered) is recognised as stale.
    """

    request_id: int
    generation: int | None = None

    def encode(self) -> str:
        """The button's value."""
        if self.generation is None:
            return str(self.request_id)
        return f"{self.request_id}:{self.generation}"

    @classmethod
    def decode(cls, value: str) -> Self:
        """Read a button's value; anything else is a BadPayload."""
        request_id, _, generation = value.partition(":")
        try:
            return cls(number(request_id), number(generation) if generation else None)
        except BadPayload:
            raise BadPayload("unreadable request button") from None

    @classmethod
    def pressed(cls, body: dict[str, Any]) -> Self:
        """The request button pressed in this payload."""
        return cls.decode(action_value(body))


def container(body: dict[str, Any]) -> tuple[str | None, str | None]:
    """Channel and ts of the message a button was on (None for modals and the App Home)."""
    found = body.get("container")
    if not isinstance(found, dict):
        return None, None
    channel, ts = found.get("channel_id"), found.get("message_ts")
    return (channel if isinstance(channel, str) else None), (ts if isinstance(ts, str) else None)
