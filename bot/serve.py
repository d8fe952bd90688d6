"""HTTP mode: the same Bolt app behind a threaded WSGI server (waitress), for the Events API.

Bolt's sync `App` answers a request on the server thread that received it and runs the
listener's work after the ack on its listener executor; a threaded WSGI server therefore serves
requests side by side (an ASGI adapter would run the sync app on its event loop, one at a
time). Routes: `/slack/events` (and Bolt's `/slack/install`, `/slack/oauth_redirect` when the
app has an OAuth flow), `/healthz` (alive), `/readyz` (database reachable and migrated).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.middleware.request_verification import RequestVerification
from sqlalchemy import Engine
from waitress.server import create_server
from waitress.wasyncore import dispatcher

from bot.core.db import readiness

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger("sparring")
access_log = logging.getLogger("sparring.access")

# Kubernetes and compose give 30 s between SIGTERM and SIGKILL; requests ack within 3 s.
DRAIN_SECONDS = 25.0
WsgiApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


def verifies_signatures(app: App) -> bool:
    """Whether Bolt checks X-Slack-Signature (it silently skips the check without a secret)."""
    return any(isinstance(m, RequestVerification) for m in app._middleware_list)


class InFlight:
    """Counts requests inside the WSGI app, so shutdown can wait until none is left."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = threading.Condition()

    def __enter__(self) -> None:
        with self._idle:
            self._count += 1

    def __exit__(self, *_exc: object) -> None:
        with self._idle:
            self._count -= 1
            self._idle.notify_all()

    @property
    def count(self) -> int:
        """Requests inside the app now."""
        with self._idle:
            return self._count

    def wait_idle(self, timeout: float) -> bool:
        """True once no request is inside the app (False when `timeout` passed first)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._count == 0, timeout)


class WebApp:
    """The WSGI application: Slack's routes through Bolt, the probes, and an access log line per
    request (method, path without query, status, time; never a body or a query string: they
    carry case text, OAuth codes and state)."""

    def __init__(self, bolt: App, *, engine: Engine) -> None:
        self.slack = SlackRequestHandler(bolt)
        self.engine = engine
        self.in_flight = InFlight()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Serve one request."""
        started = time.perf_counter()
        statuses: list[str] = []

        def recording_start(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            statuses.append(status)
            return start_response(status, headers, *exc)

        path = environ.get("PATH_INFO", "")
        with self.in_flight:
            if path == "/healthz":
                body = _plain(recording_start, "200 OK", "ok")
            elif path == "/readyz":
                problem = readiness(self.engine)
                status = "503 Service Unavailable" if problem else "200 OK"
                body = _plain(recording_start, status, problem or "ready")
            else:
                body = self.slack(environ, recording_start)
        access_log.info(
            "%s %s %s %s %.0f ms%s",
            environ.get("REMOTE_ADDR", "-"),
            environ.get("REQUEST_METHOD", "-"),
            path[:200],
            (statuses or ["-"])[0].split(" ", 1)[0],
            (time.perf_counter() - started) * 1000,
            # Slack's redeliveries, so an operator sees why an event came twice.
            f" retry {environ['HTTP_X_SLACK_RETRY_NUM']}"
            if "HTTP_X_SLACK_RETRY_NUM" in environ
            else "",
        )
        return body


def _plain(start_response: StartResponse, status: str, text: str) -> list[bytes]:
    start_response(status, [("Content-Type", "text/plain; charset=utf-8")])
    return [(text + "\n").encode()]


class HttpServer:
    """Waitress on one socket, run in a background thread, with a graceful stop."""

    def __init__(self, web: WebApp, *, host: str, port: int, threads: int) -> None:
        self.web = web
        # Waitress logs its own queue warnings; request lines come from WebApp.
        self.server = create_server(web, host=host, port=port, threads=threads, ident="sparring")
        self.thread = threading.Thread(target=self.server.run, name="waitress", daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        """The host and port it listens on (the port the OS chose for port 0)."""
        return str(self.server.effective_host), int(self.server.effective_port)

    def start(self) -> None:
        """Serve in the background."""
        self.thread.start()

    def stop_accepting(self) -> None:
        """Close the listening socket: new connections are refused; open ones are served."""
        closed = threading.Event()

        def close_listener() -> None:
            # The server object's own close() would also close the loop's wake-up trigger.
            dispatcher.close(self.server)
            closed.set()

        self.server.trigger.pull_trigger(close_listener)
        closed.wait(5)

    @property
    def in_flight(self) -> int:
        """Requests inside the app or waiting for a server thread."""
        return self.web.in_flight.count + len(self.server.task_dispatcher.queue)

    def drain(self, timeout: float) -> bool:
        """Wait until every received request is answered; False when `timeout` passed first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.web.in_flight.wait_idle(deadline - time.monotonic()) and self._quiet():
                return True
            # A request parsed but not yet in the app, or an answer still being written.
            threading.Event().wait(0.02)
        return False

    def _quiet(self) -> bool:
        tasks = self.server.task_dispatcher
        try:
            channels = list(self.server.active_channels.values())
        except RuntimeError:  # the server thread changed it while we copied: look again
            return False
        return not tasks.queue and not any(
            channel.requests or channel.total_outbufs_len for channel in channels
        )


def serve_until_stopped(
    bolt: App,
    *,
    engine: Engine,
    listener_executor: ThreadPoolExecutor,
    host: str,
    port: int,
    threads: int,
    stop: threading.Event,
    on_listening: Callable[[tuple[str, int]], None] = lambda _address: None,
) -> None:
    """Serve until `stop` is set; then refuse new connections, answer the requests already
    received, and wait for the work they started after their ack (deliveries)."""
    server = HttpServer(WebApp(bolt, engine=engine), host=host, port=port, threads=threads)
    server.start()
    on_listening(server.address)
    stop.wait()
    server.stop_accepting()
    log.info("not accepting connections; finishing %d request(s) in flight", server.in_flight)
    if not server.drain(DRAIN_SECONDS):
        log.warning("requests still open after %.0f s; stopping anyway", DRAIN_SECONDS)
    # After-ack work runs here; nothing new can arrive, so this waits for the last of it.
    listener_executor.shutdown(wait=True)
    log.info("requests answered and the work after their acks done")
