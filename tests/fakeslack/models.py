"""Plain data types shared by the fake Slack workspace."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any


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
