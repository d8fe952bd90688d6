"""Typed domain errors; the central error handler turns them into messages users understand."""

from __future__ import annotations


class SparringError(Exception):
    """A known problem with a catalogue key (and values) for the message the user sees."""

    key = "error.unexpected"

    def __init__(
        self,
        detail: str = "",
        *,
        key: str | None = None,
        block: str | None = None,
        **values: object,
    ) -> None:
        # The detail is for logs and tests; it must never contain case text.
        super().__init__(detail or key or self.key)
        if key is not None:
            self.key = key
        # In a modal: the input block under which the message is shown.
        self.block = block
        self.values = values


class RequestNotFound(SparringError):
    """The request no longer exists."""

    key = "msg.request_gone"


class NotAllowed(SparringError):
    """The person may not do this to the request."""

    key = "msg.not_allowed"


class AlreadyClosed(SparringError):
    """The request is resolved, withdrawn or expired."""

    key = "msg.already_closed"


class NotOpen(SparringError):
    """The request has moved on (accepted, taken, passed on) since the button was shown."""

    key = "msg.not_open"


class BadPayload(Exception):
    """A payload Slack would not send: a missing field, unreadable metadata, a forged value.

    Never a user's mistake, so no message in the catalogue: the listener acks, logs one line
    with an error id and changes nothing. The detail names fields, never their content.
    """


class SlackBusy(SparringError):
    """Slack could not open a modal within the trigger's 3 seconds (rate limit, outage)."""

    key = "error.slack_busy"
