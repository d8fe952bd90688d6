"""Typed domain errors; the central error handler turns them into messages users understand."""

from __future__ import annotations


class SparringError(Exception):
    """A known problem with a catalogue key for the message the user sees."""

    key = "error.unexpected"

    def __init__(self, detail: str = "") -> None:
        # The detail is for logs and tests; it must never contain case text.
        super().__init__(detail or self.key)


class RequestNotFound(SparringError):
    """The request no longer exists."""

    key = "msg.request_gone"


class NotAllowed(SparringError):
    """The person is not allowed to do this to the request."""

    key = "msg.close_not_allowed"


class AlreadyClosed(SparringError):
    """The request is already resolved."""

    key = "msg.already_closed"
