"""In-process tests (level 3): the real app from `create_app`, real payloads dispatched through
Bolt in this process, the fake Slack answering every Web API call over HTTP.

The payloads are the ones the fake sends over Socket Mode (``fake.slash_command_payload`` and
friends), wrapped in the same envelope and turned into the same ``BoltRequest`` as slack_bolt's
Socket Mode adapter does; the ack is converted to what the adapter would send back. Each
dispatch returns only after the listener's work *after* the ack has finished: the app's
listener executor is replaced by a :class:`DrainingExecutor` that the harness waits on, so
tests assert on Slack's state without sleeping or polling.

Usage (fixture ``inproc`` in tests/conftest.py)::

    ack = inproc.command("U1", "hjælp")
    assert fake.ephemerals(user="U1")[-1]["text"].startswith("*Sparring*")
    view = fake.view(fake.modal_stack("U1")[-1])
    ack = inproc.submit_view("U1", view["id"], {Action.QUESTION: "..."})
    assert ack.response_action == "errors"
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar, Unpack

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.listener.listener_error_handler import ListenerErrorHandler
from slack_sdk.socket_mode.request import SocketModeRequest
from sqlalchemy.orm import Session, sessionmaker

from bot.app import create_app
from bot.core.settings import Settings
from bot.deps import Deps
from bot.playground.slack import FakeSlack
from bot.playground.slack.interactions import ValuesKey
from bot.playground.slack.models import CommandOptions, EnvelopeOptions, SubmitOptions
from bot.slack.socket_mode import dispatch_envelope
from tests.testkeys import TEST_KEY

P = ParamSpec("P")
T = TypeVar("T")


class DrainingExecutor(Executor):
    """A thread pool that can wait until all submitted work is done, including work that the
    work itself submitted (a listener starting a lazy listener)."""

    def __init__(self, max_workers: int = 4) -> None:
        self._pool = ThreadPoolExecutor(max_workers, thread_name_prefix="inprocess-listener")
        self._cond = threading.Condition()
        self._pending = 0
        self.crashes: list[BaseException] = []

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run ``fn`` in the pool and count it until it is done."""
        with self._cond:
            self._pending += 1
        try:
            future = self._pool.submit(fn, *args, **kwargs)
        except BaseException:
            self._finished(None)
            raise
        future.add_done_callback(self._finished)
        return future

    def _finished(self, future: Future[Any] | None) -> None:
        with self._cond:
            if future is not None and not future.cancelled() and future.exception() is not None:
                # Bolt catches listener errors itself; what arrives here escaped even the
                # app's error handler.
                self.crashes.append(future.exception())  # type: ignore[arg-type]
            self._pending -= 1
            self._cond.notify_all()

    def drain(self, timeout: float = 10) -> None:
        """Block until nothing submitted is still queued or running."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._pending == 0, timeout):
                raise AssertionError(
                    f"{self._pending} listener task(s) still running after {timeout}s"
                )

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the pool."""
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


class RecordingErrorHandler(ListenerErrorHandler):
    """Keeps every error that escaped a listener, then lets the app's own handler answer it."""

    def __init__(self, inner: ListenerErrorHandler) -> None:
        self.inner = inner
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()

    def handle(self, error: Exception, request: BoltRequest, response: BoltResponse | None) -> None:
        """Record ``error`` and delegate."""
        if not isinstance(error, BoltUnhandledRequestError):  # the app's answer, no escape
            with self._lock:
                self.errors.append(error)
        self.inner.handle(error=error, request=request, response=response)

    def take(self) -> list[BaseException]:
        """The errors recorded since the last call."""
        with self._lock:
            errors, self.errors = self.errors, []
        return errors


class Submit(SubmitOptions, total=False):
    """A submission's options in the harness: the fake's, and whether listener errors pass."""

    allow_errors: bool


@dataclass(frozen=True)
class Acked:
    """What came back from one dispatch, after the listener's work had finished."""

    envelope_id: str
    request: dict[str, Any]  # the payload dispatched (trigger_id, response_url, view, ...)
    status: int
    body: str  # Bolt's raw response body
    # What Socket Mode would carry back to Slack: None for a bare ack(), the parsed JSON
    # (response_action, errors, view) or {"text": ...}.
    payload: dict[str, Any] | None
    errors: list[BaseException] = field(default_factory=list)  # escaped listeners

    @property
    def response_action(self) -> str | None:
        """``response_action`` of a view submission's ack, if any."""
        return (self.payload or {}).get("response_action")

    @property
    def view_errors(self) -> dict[str, str]:
        """``errors`` of a ``response_action="errors"`` ack (block_id -> message)."""
        return dict((self.payload or {}).get("errors") or {})

    @property
    def trigger_id(self) -> str:
        """The trigger_id Slack sent with the dispatched payload."""
        return str(self.request["trigger_id"])


def socket_mode_ack(response: BoltResponse) -> dict[str, Any] | None:
    """The ack payload slack_bolt's Socket Mode adapter sends for ``response``."""
    if not response.body:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    if content_type.startswith("application/json"):
        return json.loads(response.body)
    return {"text": response.body}


class InProcess:
    """The app from `create_app`, driven in this process against the fake Slack."""

    def __init__(
        self,
        fake: FakeSlack,
        settings: Settings,
        *,
        session_factory: sessionmaker[Session],
        timeout: float = 10,
    ) -> None:
        self.fake = fake
        self.timeout = timeout
        self.app: App
        self.deps: Deps
        self.executor = DrainingExecutor(max_workers=settings.worker_threads)
        self.app, self.deps = create_app(
            settings, session_factory=session_factory, listener_executor=self.executor
        )
        runner = self.app.listener_runner
        self.error_handler = RecordingErrorHandler(runner.listener_error_handler)
        runner.listener_error_handler = self.error_handler

    def close(self) -> None:
        """Wait for stragglers and stop the listener threads."""
        try:
            self.executor.drain(self.timeout)
        finally:
            self.executor.shutdown()

    # ------------------------------------------------------------ dispatching

    def dispatch(
        self,
        envelope_type: str,
        payload: dict[str, Any],
        *,
        allow_errors: bool = False,
        **options: Unpack[EnvelopeOptions],
    ) -> Acked:
        """Dispatch one payload as the Socket Mode adapter would; return once all is done.

        An error escaping a listener is answered by the app's error handler as in production,
        and then fails the test unless ``allow_errors`` (the errors are in ``Acked.errors``).
        """
        envelope = self.fake.envelope(envelope_type, payload, **options)
        socket_request = SocketModeRequest.from_dict(envelope)
        assert socket_request is not None
        # The same guard as the production Socket Mode handler, in front of the app.
        response = dispatch_envelope(self.app, socket_request)
        ack = socket_mode_ack(response)
        if response.status == 200:
            # The adapter sends nothing for other statuses; Slack then shows an error.
            self.fake.record_ack(envelope["envelope_id"], ack)
        self.executor.drain(self.timeout)
        errors = [*self.error_handler.take(), *self.executor.crashes]
        self.executor.crashes.clear()
        if errors and not allow_errors:
            raise AssertionError(
                f"{len(errors)} error(s) escaped the listeners: {errors!r}"
            ) from errors[0]
        return Acked(
            envelope_id=envelope["envelope_id"],
            request=payload,
            status=response.status,
            body=response.body,
            payload=ack,
            errors=errors,
        )

    def command(
        self,
        user_id: str,
        text: str = "",
        *,
        allow_errors: bool = False,
        **options: Unpack[CommandOptions],
    ) -> Acked:
        """``user_id`` types ``/sparring text`` (in ``channel_id``, default the DM)."""
        payload = self.fake.slash_command_payload(user_id, text, **options)
        return self.dispatch("slash_commands", payload, allow_errors=allow_errors)

    def submit_view(
        self, user_id: str, view_id: str, values: Mapping[ValuesKey, Any], **options: Unpack[Submit]
    ) -> Acked:
        """``user_id`` submits the current version of a modal; the ack is applied to the fake's
        views as Slack would (update, push, clear, errors or close)."""
        allow_errors = options.pop("allow_errors", False)
        payload = self.fake.view_submission_payload(user_id, view_id, values, **options)
        acked = self.dispatch("interactive", payload, allow_errors=allow_errors)
        if acked.status == 200:
            self.fake.apply_view_ack(user_id, payload, acked.payload)
        return acked

    def click(
        self, user_id: str, action_id: str, *, allow_errors: bool = False, **where: Any
    ) -> Acked:
        """``user_id`` uses element ``action_id`` in a stored message, a view, or (with only
        ``channel_id``) a message the fake does not know; ``where`` (value, message,
        channel_id, view_id, block_id) as for the fake's ``block_action_payload``."""
        payload = self.fake.block_action_payload(user_id, action_id, **where)
        return self.dispatch("interactive", payload, allow_errors=allow_errors)

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        allow_errors: bool = False,
        **retry: Unpack[EnvelopeOptions],
    ) -> Acked:
        """Deliver an Events API event (``Acked.request["event_id"]`` is its id); ``retry``:
        ``retry_attempt`` and ``retry_reason`` of a redelivery."""
        payload = self.fake.event_payload(event, event_id=event_id)
        retry["accepts_response_payload"] = False
        return self.dispatch("events_api", payload, allow_errors=allow_errors, **retry)

    def user_message(
        self,
        user_id: str,
        channel_id: str,
        text: str,
        *,
        thread_ts: str | None = None,
        allow_errors: bool = False,
    ) -> Acked:
        """``user_id`` writes ``text`` in ``channel_id``; the message is stored, its event
        delivered (``Acked.request["event"]["ts"]`` is the message's ts)."""
        event = self.fake.user_message_event(user_id, channel_id, text, thread_ts=thread_ts)
        return self.event(event, allow_errors=allow_errors)


def inprocess_settings(fake: FakeSlack, database_url: str) -> Settings:
    """Settings pointing at the fake, set explicitly so no .env or shell variable leaks in."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_bot_token=fake.bot_token,
        slack_app_token=fake.app_token,
        slack_signing_secret=None,
        slack_api_url=fake.api_url,
        database_url=database_url,
        default_language="da",
        timezone="Europe/Copenhagen",
        worker_threads=4,
        scheduler_enabled=False,
        encryption_keys=TEST_KEY,
    )
