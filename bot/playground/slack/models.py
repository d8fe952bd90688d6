"""Plain data types shared by the fake Slack workspace."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

TRIGGER_TTL = 3.0
JSON_FIELDS = ("blocks", "view", "attachments", "metadata")


@dataclass(frozen=True)
class Call:
    """One recorded Web API (or response_url) request.

    ``params`` are normalised: JSON-string ``blocks``/``view``/``attachments``/``metadata``
    are parsed, the token is removed (see ``token``). ``at`` comes from the fake's clock.
    """

    method: str
    params: dict[str, Any]
    token: str
    at: float
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the fake answered ``{"ok": true}``."""
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        """The ``error`` code the fake answered with, if any."""
        return self.response.get("error")


@dataclass(frozen=True)
class SlashResult:
    """Outcome of :meth:`FakeSlack.slash_command`."""

    ack: dict[str, Any] | None
    trigger_id: str
    envelope_id: str
    response_url: str


class FakeClock:
    """A thread-safe manual clock to inject as ``FakeSlack(clock=...)``."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        with self._lock:
            self._now += seconds


class ApiError(Exception):
    """Raised by a method implementation to answer ``{"ok": false, "error": ...}``."""

    def __init__(self, error: str, messages: Sequence[str] = ()) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)


@dataclass
class Channel:
    """A conversation: public/private channel, DM (im) or group DM (mpim)."""

    id: str
    name: str
    members: list[str] = field(default_factory=list)
    is_private: bool = False
    is_im: bool = False
    is_mpim: bool = False
    user: str | None = None
    is_archived: bool = False
    created: int = 1_700_000_000

    @property
    def kind(self) -> str:
        """``channel_type`` as used in message events."""
        if self.is_im:
            return "im"
        if self.is_mpim:
            return "mpim"
        return "group" if self.is_private else "channel"

    def info(self, bot_user_id: str, *, num_members: bool = False) -> dict[str, Any]:
        """The conversation object returned by conversations.* methods."""
        if self.is_im:
            data: dict[str, Any] = {"id": self.id, "created": self.created, "is_im": True}
            data.update({"is_org_shared": False, "user": self.user, "is_open": True})
            return data
        data = {
            "id": self.id,
            "name": self.name,
            "name_normalized": self.name,
            "is_channel": not self.is_private and not self.is_mpim,
            "is_group": self.is_private and not self.is_mpim,
            "is_im": False,
            "is_mpim": self.is_mpim,
            "is_private": self.is_private or self.is_mpim,
            "is_archived": self.is_archived,
            "is_general": False,
            "is_member": bot_user_id in self.members,
            "created": self.created,
            "topic": {"value": "", "creator": "", "last_set": 0},
            "purpose": {"value": "", "creator": "", "last_set": 0},
        }
        if num_members:
            data["num_members"] = len(self.members)
        return data


@dataclass
class Trigger:
    """A trigger_id handed out with an interaction."""

    user_id: str
    created: float
    used: bool = False


@dataclass
class ResponseTarget:
    """Where a response_url posts to."""

    channel_id: str
    user_id: str
    message_ts: str | None = None
    ephemeral: bool = False


def truthy(value: Any) -> bool:
    """Interpret a Slack boolean parameter (form bodies send ``"1"``/``"true"``)."""
    return value in (True, 1, "1", "true", "True")


def normalise_params(params: dict[str, Any]) -> dict[str, Any]:
    """Parse JSON-string fields (blocks, view, attachments, metadata) into objects."""
    out = dict(params)
    for key in JSON_FIELDS:
        value = out.get(key)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                out[key] = json.loads(value)
    if isinstance(out.get("users"), list):
        out["users"] = ",".join(out["users"])
    return out


class EnvelopeOptions(TypedDict, total=False):
    """How a Socket Mode envelope is framed; unset: accepted response payload, first try."""

    accepts_response_payload: bool
    retry_attempt: int
    retry_reason: str


class CommandOptions(TypedDict, total=False):
    """Where a slash command is typed, and which; unset: `/sparring` in the user's DM."""

    channel_id: str
    command: str


class SubmitOptions(TypedDict, total=False):
    """How a view submission is built (see :func:`payloads.view_submission_payload`)."""

    use_initial: bool
    client_checks: bool


class UserFields(TypedDict, total=False):
    """A user's fields besides id and name (see :meth:`Workspace.add_user` for defaults)."""

    locale: str
    is_bot: bool
    deleted: bool
    is_admin: bool
    is_owner: bool
    tz: str
    real_name: str | None
    email: str | None
