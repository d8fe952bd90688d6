"""Injected failures: what real Slack sometimes answers instead of ``{"ok": true}``.

Three shapes occur in production and matter for a bot's reliability:

* a refusal without effect (``ratelimited`` with Retry-After, ``fatal_error``, a 5xx);
* a burst of them (``times=3``), which a retry handler has to sit out;
* *stored, then failed* (``store=True``): Slack performed the call — the message is in the
  channel — but the answer the app gets is a 5xx or a timeout-like error, so a naive retry
  posts the message twice.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ParamsPredicate = Callable[[dict[str, Any]], bool]
Answer = tuple[int, dict[str, Any], dict[str, str]]


@dataclass
class Failure:
    """An injected failure for the next matching call(s) of a method."""

    error: str
    status: int
    retry_after: int
    remaining: int
    store: bool = False
    when: ParamsPredicate | None = None

    def matches(self, params: dict[str, Any]) -> bool:
        """Whether this failure applies to a call with ``params`` (a broken predicate: no)."""
        if self.when is None:
            return True
        with contextlib.suppress(KeyError, IndexError, TypeError):
            return bool(self.when(params))
        return False

    def answer(self) -> Answer:
        """``(http status, body, headers)`` of the failed answer."""
        headers = {"Retry-After": str(self.retry_after)} if self.status == 429 else {}
        return self.status, {"ok": False, "error": self.error}, headers


class Faults:
    """Per-method queues of injected failures, consumed in order by matching calls."""

    def __init__(self) -> None:
        self.queues: dict[str, list[Failure]] = {}

    def add(self, method: str, failure: Failure) -> None:
        """Queue ``failure`` behind any already queued for ``method``."""
        self.queues.setdefault(method, []).append(failure)

    def take(self, method: str, params: dict[str, Any]) -> Failure | None:
        """Consume one use of the first queued failure of ``method`` that matches ``params``."""
        queue = self.queues.get(method) or []
        for failure in queue:
            if failure.matches(params):
                failure.remaining -= 1
                if failure.remaining <= 0:
                    queue.remove(failure)
                return failure
        return None

    def pending(self, method: str | None = None) -> int:
        """How many injected failures are still to come (for ``method``, or in total)."""
        queues = [self.queues.get(method, [])] if method else list(self.queues.values())
        return sum(f.remaining for queue in queues for f in queue)
