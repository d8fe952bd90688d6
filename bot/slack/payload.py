"""Reading the fields listeners need from Slack's payloads, and the button value protocol.

Every reader raises BadPayload instead of KeyError or ValueError, so a malformed or forged
payload is refused in one place (the listener wrapper) with an ack and one log line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from bot.core.errors import BadPayload
from bot.core.text import clean_text

State = dict[str, dict[str, dict[str, Any]]]


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise BadPayload(f"no {what}")
    return value


def user_id(body: dict[str, Any]) -> str:
    """Who clicked, submitted or typed the command."""
    user = body.get("user")
    raw = user.get("id") if isinstance(user, dict) else body.get("user_id")
    return _text(raw, "user id")


def command_text(command: dict[str, Any]) -> str:
    """What was typed after the slash command, cleaned (see bot.core.text)."""
    text = command.get("text")
    return clean_text(text) if isinstance(text, str) else ""


def trigger_id(body: dict[str, Any]) -> str:
    """The trigger a modal may be opened with (valid 3 s, once)."""
    return _text(body.get("trigger_id"), "trigger_id")


def view_of(body: dict[str, Any]) -> dict[str, Any]:
    """The submitted view."""
    view = body.get("view")
    if not isinstance(view, dict):
        raise BadPayload("no view")
    return view


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


def action_value(body: dict[str, Any]) -> str:
    """The value of the pressed button."""
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
        raise BadPayload("no action")
    return _text(actions[0].get("value"), "action value")


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
        if not request_id.isdigit() or not (generation == "" or generation.isdigit()):
            raise BadPayload("unreadable request button")
        return cls(int(request_id), int(generation) if generation else None)

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
