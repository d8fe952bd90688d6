"""Acting as users: each action has a payload half and a Socket Mode delivery half."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Unpack

from . import payloads
from .interactions import ValuesKey
from .models import CommandOptions, SlashResult, SubmitOptions

Predicate = Callable[[dict[str, Any]], bool]


class UserActions:
    """Slash commands, view submissions, clicks, events and messages as a user would make them."""

    _cond: threading.Condition
    _event_ids: Iterator[int]
    # Each action has a payload half (``*_payload``, shared with tests/inprocess.py) and a
    # delivery half that sends it over Socket Mode and waits for the ack.

    def slash_command_payload(
        self, user_id: str, text: str = "", **options: Unpack[CommandOptions]
    ) -> dict[str, Any]:
        """The payload of ``user_id`` typing ``command text`` (fresh trigger and response_url)."""
        with self._cond:
            return payloads.slash_command_payload(self.workspace, user_id, text, **options)

    def slash_command(
        self,
        user_id: str,
        text: str = "",
        *,
        timeout: float = 5,
        **options: Unpack[CommandOptions],
    ) -> SlashResult:
        """Run a slash command as ``user_id``; waits for the ack."""
        payload = self.slash_command_payload(user_id, text, **options)
        envelope_id = self.send_envelope("slash_commands", payload)
        ack = self.wait_ack(envelope_id, timeout)
        return SlashResult(ack, payload["trigger_id"], envelope_id, payload["response_url"])

    def view_submission_payload(
        self,
        user_id: str,
        view_id: str,
        values: Mapping[ValuesKey, Any],
        **options: Unpack[SubmitOptions],
    ) -> dict[str, Any]:
        """The payload of submitting the CURRENT version of a modal; see :meth:`submit_view`."""
        with self._cond:
            return payloads.view_submission_payload(
                self.workspace, user_id, view_id, values, **options
            )

    def apply_view_ack(
        self, user_id: str, submission: dict[str, Any], ack: dict[str, Any] | None
    ) -> None:
        """Apply the app's ack of a view_submission payload to the stored views and stack."""
        with self._cond:
            payloads.apply_view_ack(self.workspace, user_id, submission["view"], ack or {})

    def submit_view(
        self,
        user_id: str,
        view_id: str,
        values: Mapping[ValuesKey, Any],
        *,
        wait: bool = True,
        timeout: float = 5,
        **options: Unpack[SubmitOptions],
    ) -> dict[str, Any] | None:
        """Submit the CURRENT version of a modal with ``values`` (action_id -> value).

        Untouched inputs carry their ``initial_*`` value like in real Slack
        (``use_initial=False`` sends empty state instead). ``client_checks=True`` refuses
        submissions the Slack client would block (empty required input, length limits).
        The ack's ``response_action`` (update/push/clear/errors) is applied to the stored
        views. Returns the ack payload.
        """
        payload = self.view_submission_payload(user_id, view_id, values, **options)
        envelope_id = self.send_envelope("interactive", payload)
        if not wait:
            return None
        ack = self.wait_ack(envelope_id, timeout)
        self.apply_view_ack(user_id, payload, ack)
        return ack

    def block_action_payload(self, user_id: str, action_id: str, **where: Any) -> dict[str, Any]:
        """The ``block_actions`` payload of ``user_id`` using element ``action_id``; ``where``
        as for :func:`payloads.block_action_payload`."""
        with self._cond:
            return payloads.block_action_payload(self.workspace, user_id, action_id, **where)

    def click(
        self, user_id: str, action_id: str, *, timeout: float = 5, **where: Any
    ) -> dict[str, Any] | None:
        """Send a ``block_actions`` payload as if ``user_id`` used element ``action_id``;
        ``where`` (value, message, channel_id, view_id, block_id) as for
        :func:`payloads.block_action_payload`."""
        payload = self.block_action_payload(user_id, action_id, **where)
        envelope_id = self.send_envelope("interactive", payload)
        return self.wait_ack(envelope_id, timeout)

    def event_payload(
        self, event: dict[str, Any], *, event_id: str | None = None
    ) -> dict[str, Any]:
        """The Events API payload delivering ``event`` (a fresh ``event_id`` unless given)."""
        with self._cond:
            event_id = event_id or f"Ev{next(self._event_ids):08X}"
            return payloads.event_payload(self.workspace, event, event_id=event_id)

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
        timeout: float = 5,
    ) -> str:
        """Deliver an Events API event (waits for the ack); returns the event_id."""
        payload = self.event_payload(event, event_id=event_id)
        envelope_id = self.send_envelope(
            "events_api",
            payload,
            accepts_response_payload=False,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
        )
        self.wait_ack(envelope_id, timeout)
        return payload["event_id"]

    def user_message_event(
        self, user_id: str, channel_id: str, text: str, *, thread_ts: str | None = None
    ) -> dict[str, Any]:
        """Store a human message; return the ``message`` event to deliver with :meth:`event`."""
        with self._cond:
            return payloads.user_message_event(
                self.workspace, user_id, channel_id, text, thread_ts=thread_ts
            )

    def user_message(
        self, user_id: str, channel_id: str, text: str, *, thread_ts: str | None = None
    ) -> tuple[str, str]:
        """Store a human message and deliver its ``message`` event; returns ``(ts, event_id)``."""
        event = self.user_message_event(user_id, channel_id, text, thread_ts=thread_ts)
        return event["ts"], self.event(event)
