"""FakeSlack: a Web API + Socket Mode server on 127.0.0.1 for end-to-end tests.

The aiohttp app runs its own event loop in a daemon thread; every public method is
synchronous and thread-safe (state lives behind one ``threading.Condition``).
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, Unpack
from urllib.parse import parse_qsl

from aiohttp import WSCloseCode, WSMsgType, web

from .actions import UserActions
from .http_delivery import HttpAnswer, post_signed
from .models import Call, EnvelopeOptions, normalise_params
from .oauth import OAuthInstalls
from .people import WorkspaceAccess
from .recording import Recording
from .serving import BackgroundSite, bind
from .workspace import Workspace

Predicate = Callable[[dict[str, Any]], bool]


def _brief(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _of_workspace(name: str, doc: str) -> Any:
    """A read-only attribute that the simulator shows from its workspace."""
    return property(lambda self: getattr(self.workspace, name), doc=doc)


class FakeSlack(Recording, WorkspaceAccess, UserActions, OAuthInstalls, BackgroundSite):
    """A fake Slack workspace speaking the Web API and Socket Mode over localhost."""

    bot_token: str = _of_workspace("bot_token", "The only token accepted by bot-token methods.")
    app_token: str = _of_workspace("app_token", "The only token of apps.connections.open.")
    team_id: str = _of_workspace("team_id", "The workspace id.")
    bot_user_id: str = _of_workspace("bot_user_id", "The bot's user id (its messages' author).")

    def __init__(
        self,
        bot_token: str = "xoxb-test",  # noqa: S107 - tokens only the simulator accepts
        app_token: str = "xapp-test",  # noqa: S107
        team_id: str = "T0001",
        bot_user_id: str = "UBOT",
        *,
        clock: Callable[[], float] = time.monotonic,
        bot_name: str = "sparring",
        app_id: str = "A0001",
        bot_id: str = "B0001",
        host: str = "127.0.0.1",
        ping_interval: float | None = 0.5,
    ) -> None:
        self.clock = clock
        self.ping_interval = ping_interval
        # Seconds each Web API call and response_url post waits before it is handled, as a
        # network between the app and Slack would add (benchmarks set it; 0 in tests).
        self.latency = 0.0
        self.host = host
        self.port = 0
        self.workspace = Workspace(
            bot_token, app_token, team_id, bot_user_id, clock, bot_name, bot_id, app_id
        )
        # More workspaces served by this server (installed through OAuth), by bot token; and
        # the codes Slack's authorize page would hand an installer, by code.
        self._more: dict[str, Workspace] = {}
        self._codes: dict[str, tuple[Workspace, str]] = {}
        self.oauth_client: tuple[str, str] | None = None
        self._cond = threading.Condition(threading.RLock())
        self._calls: list[Call] = []
        self._envelopes: list[dict[str, Any]] = []
        self._acks: dict[str, dict[str, Any] | None] = {}
        self._client_messages: list[Any] = []
        self._connections: list[web.WebSocketResponse] = []
        self._total_connections = 0
        # Shared with the views add_workspace returns (a shallow copy shares these objects):
        # Slack's event ids are unique across workspaces, and an app has one request URL for
        # all the workspaces it is installed in.
        self._event_ids = itertools.count(1)
        # "app": (request URL, signing secret) once deliver_over_http is called; else Socket Mode.
        self._http: dict[str, tuple[str, str]] = {}
        self._http_answers: dict[str, HttpAnswer] = {}

    # ---------------------------------------------------------------- lifecycle

    @property
    def api_url(self) -> str:
        """Base URL for ``WebClient(base_url=...)``, e.g. ``http://127.0.0.1:PORT/api/``."""
        if not self.port:
            raise RuntimeError("FakeSlack is not started")
        return f"http://{self.host}:{self.port}/api/"

    def start(self) -> FakeSlack:
        """Bind a free port and serve in a background daemon thread."""
        if self._thread is not None:
            raise RuntimeError("FakeSlack already started")
        sock = bind(self.host, 0, 128)
        self.port = sock.getsockname()[1]
        self.workspace.http_base = f"http://{self.host}:{self.port}"
        self._start_serving(sock, thread="fakeslack", label="FakeSlack")
        return self

    async def _serve(self, sock: socket.socket) -> None:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{rid}", self._handle_response_url)
        app.router.add_get("/link/", self._handle_link)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.on_shutdown.append(self._close_websockets)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    def stop(self) -> None:
        """Close websocket connections cleanly and stop the server thread."""
        self._stop_serving(timeout=15)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --------------------------------------------------------------- http side

    async def _handle_api(self, request: web.Request) -> web.Response:
        if self.latency:
            await asyncio.sleep(self.latency)
        method = request.match_info["method"]
        params: dict[str, Any] = dict(request.query)
        bad_json = False
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        else:
            raw = (await request.read()).decode("utf-8", errors="replace")
            if raw.lstrip().startswith("{"):
                try:
                    params.update(json.loads(raw))
                except ValueError:
                    bad_json = True
            elif raw:
                params.update(parse_qsl(raw, keep_blank_values=True))
        token = str(params.pop("token", "") or "")
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            token = auth[len("Bearer ") :].strip()
        params = normalise_params(params)
        with self._cond:
            if bad_json:
                status, body, headers = 200, {"ok": False, "error": "invalid_json"}, {}
            elif method == "oauth.v2.access":
                status, body, headers = 200, self._oauth_access(params, auth), {}
            else:
                workspace = self._workspace_for(token)
                status, body, headers = workspace.handle(method, copy.deepcopy(params), token)
            self._record(Call(method, params, token, self.clock(), status, copy.deepcopy(body)))
        return web.json_response(body, status=status, headers=headers)

    async def _handle_upload(self, request: web.Request) -> web.Response:
        """The upload URL of files.upload_v2: the file's bytes, posted as the body."""
        file_id = request.match_info["file_id"]
        content = await request.read()
        with self._cond:
            known = self.workspace.receive_upload(file_id, content)
            self._record(Call("upload", {"file_id": file_id}, "", self.clock(), 200, {}))
        return web.Response(status=200 if known else 404, text="OK - " + str(len(content)))

    def files(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Files shared by the bot (all, or in one channel), content as bytes."""
        with self._cond:
            return [
                dict(f) for f in self.workspace.files if channel is None or f["channel"] == channel
            ]

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        if self.latency:
            await asyncio.sleep(self.latency)
        rid = request.match_info["rid"]
        raw = (await request.read()).decode("utf-8", errors="replace")
        try:
            body = json.loads(raw) if raw.strip() else {}
        except ValueError:
            body = dict(parse_qsl(raw))
            if "payload" in body:
                body = json.loads(body["payload"])
        body = normalise_params(body if isinstance(body, dict) else {})
        params = {**body, "response_url": str(request.url)}
        with self._cond:
            injected = self.workspace.faults.take("response_url", params)
            headers: dict[str, str] = {}
            # The workspace that handed out this response_url.
            workspace = next(
                (w for w in self._more.values() if rid in w.response_targets), self.workspace
            )
            if injected is None or injected.store:
                status, text = workspace.respond(rid, copy.deepcopy(body))
            if injected is not None:
                status, payload, headers = injected.answer()
                text = payload["error"]
            response = {"ok": status == 200, **({} if status == 200 else {"error": text})}
            self._record(Call("response_url", params, "", self.clock(), status, response))
        return web.Response(status=status, text=text, headers=headers)

    def _record(self, call: Call) -> None:
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()

    # ------------------------------------------------------------ socket mode

    async def _handle_link(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        with self._cond:
            valid = ticket in self.workspace.tickets
            self.workspace.tickets.discard(ticket)
        if not valid:
            return web.Response(status=401, text="invalid_ticket")
        ws = web.WebSocketResponse(autoping=True, compress=False, timeout=2.0)
        await ws.prepare(request)
        hello = {
            "type": "hello",
            "num_connections": len(self._connections) + 1,
            "debug_info": {
                "host": "fakeslack",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.workspace.app_id},
        }
        await ws.send_str(json.dumps(hello))
        with self._cond:
            self._connections.append(ws)
            self._total_connections += 1
            self._cond.notify_all()
        pinger = asyncio.ensure_future(self._ping_loop(ws)) if self.ping_interval else None
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    self._on_client_text(msg.data)
        finally:
            if pinger is not None:
                pinger.cancel()
            with self._cond:
                if ws in self._connections:
                    self._connections.remove(ws)
                self._cond.notify_all()
        return ws

    async def _ping_loop(self, ws: web.WebSocketResponse) -> None:
        """Ping like Slack does (no pong enforcement).

        Besides realism this wakes slack_sdk's builtin client from its blocking 3 s
        ``recv()``, so ``SocketModeHandler.close()`` returns quickly.
        """
        assert self.ping_interval is not None
        while not ws.closed:
            await asyncio.sleep(self.ping_interval)
            try:
                await ws.ping(b"fakeslack")
            except (ConnectionError, RuntimeError):
                return

    def _on_client_text(self, data: str) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            message = data
        with self._cond:
            if isinstance(message, dict) and "envelope_id" in message:
                self._acks[message["envelope_id"]] = message.get("payload")
            else:
                self._client_messages.append(message)
            self._cond.notify_all()

    async def _close_websockets(self, _app: web.Application | None) -> None:
        with self._cond:
            connections = list(self._connections)
        for ws in connections:
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"fake slack stopping")

    @property
    def connection_count(self) -> int:
        """Number of currently open Socket Mode connections."""
        with self._cond:
            return len(self._connections)

    def wait_connected(self, timeout: float = 15, *, total: int = 1) -> None:
        """Block until a Socket Mode client is connected (and ``total`` ever connected)."""
        with self._cond:
            ok = self._cond.wait_for(
                lambda: bool(self._connections) and self._total_connections >= total, timeout
            )
            if not ok:
                raise AssertionError(
                    f"no Socket Mode connection within {timeout}s "
                    f"(total so far {self._total_connections}).\n{self._summary()}"
                )

    def _send_raw(self, message: dict[str, Any], timeout: float = 5) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: bool(self._connections), timeout):
                raise AssertionError(f"no Socket Mode client connected.\n{self._summary()}")
            ws = self._connections[-1]
        loop = self._loop
        if loop is None:
            raise RuntimeError("FakeSlack is not started")
        coro = ws.send_str(json.dumps(message))
        asyncio.run_coroutine_threadsafe(coro, loop).result(timeout=timeout)

    def envelope(
        self, envelope_type: str, payload: dict[str, Any], **options: Unpack[EnvelopeOptions]
    ) -> dict[str, Any]:
        """Build and record a Socket Mode envelope around ``payload`` (sent or dispatched)."""
        envelope: dict[str, Any] = {
            "envelope_id": str(uuid.uuid4()),
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": options.get("accepts_response_payload", True),
        }
        if envelope_type == "events_api":
            envelope["retry_attempt"] = options.get("retry_attempt", 0)
            envelope["retry_reason"] = options.get("retry_reason", "")
        with self._cond:
            self._envelopes.append(copy.deepcopy(envelope))
        return envelope

    def send_envelope(
        self, envelope_type: str, payload: dict[str, Any], **options: Unpack[EnvelopeOptions]
    ) -> str:
        """Send an envelope to the most recent connection; returns its envelope_id."""
        envelope = self.envelope(envelope_type, payload, **options)
        target = self._http.get("app")
        if target is None:
            self._send_raw(envelope)
            return envelope["envelope_id"]
        url, secret = target
        answer = post_signed(
            url,
            envelope_type,
            payload,
            secret=secret,
            retry_attempt=options.get("retry_attempt", 0),
            retry_reason=options.get("retry_reason", ""),
        )
        with self._cond:
            self._http_answers[envelope["envelope_id"]] = answer
            if answer.status == 200:  # anything else is no ack: wait_ack times out
                self._acks[envelope["envelope_id"]] = answer.ack
            self._cond.notify_all()
        return envelope["envelope_id"]

    # -------------------------------------------------------------- http delivery

    def deliver_over_http(self, url: str, signing_secret: str) -> None:
        """From now on POST every user action to the app's request URL, signed with
        ``signing_secret``, and take the HTTP answer as its ack (instead of Socket Mode); in
        every workspace of this server, added before or after."""
        with self._cond:
            self._http["app"] = (url, signing_secret)

    def http_answer(self, envelope_id: str) -> HttpAnswer:
        """The app's HTTP answer to a delivery (status, content type, body)."""
        with self._cond:
            return self._http_answers[envelope_id]

    def record_ack(self, envelope_id: str, payload: dict[str, Any] | None) -> None:
        """Record the app's ack of an envelope (the websocket path does this on arrival)."""
        with self._cond:
            self._acks[envelope_id] = copy.deepcopy(payload)
            self._cond.notify_all()

    def wait_ack(self, envelope_id: str, timeout: float = 5) -> dict[str, Any] | None:
        """Wait for the client's ack of ``envelope_id``; returns its payload (or None)."""
        with self._cond:
            if not self._cond.wait_for(lambda: envelope_id in self._acks, timeout):
                sent = next((e for e in self._envelopes if e["envelope_id"] == envelope_id), None)
                kind = sent["type"] if sent else "unknown envelope"
                raise AssertionError(
                    f"no ack for {kind} {envelope_id} within {timeout}s.\n{self._summary()}"
                )
            return copy.deepcopy(self._acks[envelope_id])

    @property
    def envelopes(self) -> list[dict[str, Any]]:
        """Envelopes sent so far (copies)."""
        with self._cond:
            return copy.deepcopy(self._envelopes)

    def close_connections(self, timeout: float = 5) -> None:
        """Close every Socket Mode connection from the server side and wait until gone."""
        loop = self._loop
        if loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._close_websockets(None), loop).result(timeout)
        with self._cond:
            if not self._cond.wait_for(lambda: not self._connections, timeout):
                raise AssertionError("Socket Mode connections did not close")

    def request_reconnect(self, reason: str = "refresh_requested") -> None:
        """Send a ``disconnect`` message; slack_sdk then opens a new connection."""
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "fakeslack"}}
        self._send_raw(message)


__all__ = ["FakeSlack"]
