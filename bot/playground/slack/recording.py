"""What the simulator recorded (Web API calls) and injected failures, for FakeSlack."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

from .faults import Failure
from .models import Call

Predicate = Callable[[dict[str, Any]], bool]


def _brief(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Recording:
    """Recorded calls, waiting for them, and failures to inject."""

    _cond: threading.Condition

    @property
    def calls(self) -> list[Call]:
        """Snapshot of all recorded calls, in arrival order."""
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        """Recorded calls of one method."""
        with self._cond:
            return [c for c in self._calls if c.method == method]

    def mark(self) -> int:
        """Current number of calls, to pass as ``after=`` to :meth:`wait_for`."""
        with self._cond:
            return len(self._calls)

    def wait_for(
        self,
        method: str,
        predicate: Predicate = lambda params: True,
        timeout: float = 10,
        after: int = 0,
    ) -> Call:
        """First call of ``method`` with index >= ``after`` whose params match ``predicate``."""

        def find() -> Call | None:
            for call in self._calls[after:]:
                if call.method != method:
                    continue
                try:
                    if predicate(call.params):
                        return call
                except (KeyError, IndexError, TypeError):
                    continue
            return None

        with self._cond:
            found: list[Call] = []

            def ready() -> bool:
                call = find()
                if call is not None:
                    found.append(call)
                return call is not None

            if not self._cond.wait_for(ready, timeout):
                raise AssertionError(
                    f"no matching {method} call (after #{after}) within {timeout}s.\n"
                    + self._summary(start=after)
                )
            return found[0]

    def _summary(self, start: int = 0, limit: int = 40) -> str:
        with self._cond:
            calls = list(enumerate(self._calls))[start:]
            lines = [f"recorded calls from #{start} ({len(calls)}):"]
            for i, call in calls[-limit:]:
                result = "ok" if call.ok else f"{call.error} (HTTP {call.status})"
                extra = call.response.get("response_metadata", {}).get("messages", [])
                lines.append(f"  #{i} {call.method} -> {result} {_brief(call.params)}")
                lines.extend(f"      {m}" for m in extra[:5])
            if self._client_messages:
                lines.append(f"non-ack client messages: {_brief(self._client_messages[-5:])}")
            pending = [e for e in self._envelopes if e["envelope_id"] not in self._acks]
            if pending:
                lines.append("unacked envelopes: " + ", ".join(e["type"] for e in pending))
            lines.append(f"open socket connections: {len(self._connections)}")
            return "\n".join(lines)

    def fail_next(
        self,
        method: str,
        *,
        error: str = "ratelimited",
        status: int = 429,
        retry_after: int = 1,
        times: int = 1,
        store: bool = False,
        when: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` fail (429 with Retry-After, 200+error, 5xx).

        ``store=True``: the fake performs the call first (the message is stored, the view
        opened) and only then answers with the failure, as real Slack sometimes does.
        ``when``: only calls whose (parsed) params match count, e.g.
        ``when=lambda p: p["channel"] == "D1"``; others pass untouched. ``method`` may also
        be ``"response_url"``.
        """
        failure = Failure(error, status, retry_after, remaining=times, store=store, when=when)
        with self._cond:
            self.workspace.faults.add(method, failure)

    def pending_failures(self, method: str | None = None) -> int:
        """Injected failures not yet consumed (for ``method``, or in total)."""
        with self._cond:
            return self.workspace.faults.pending(method)
