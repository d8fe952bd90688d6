"""FakeSlack: a Web API + Socket Mode server on 127.0.0.1 for end-to-end tests.

The aiohttp app runs its own event loop in a daemon thread; every public method is
synchronous and thread-safe (state lives behind one ``threading.Condition``).
"""

from __future__ import annotations

import asyncio
import copy
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSCloseCode, WSMsgType, web

from . import payloads
from .faults import Failure
from .interactions import ValuesKey
from .models import Call, SlashResult
from .workspace import Channel, Workspace, normalise_params

Predicate = Callable[[dict[str, Any]], bool]


def _brief(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class FakeSlack:
    """A fake Slack workspace speaking the Web API and Socket Mode over localhost."""

    def __init__(
        self,
        bot_token: str = "xoxb-test",
        app_token: str = "xapp-test",
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
        self.host = host
        self.port = 0
        self.workspace = Workspace(
            bot_token=bot_token,
            app_token=app_token,
            team_id=team_id,
            bot_user_id=bot_user_id,
            bot_name=bot_name,
            bot_id=bot_id,
            app_id=app_id,
            clock=clock,
        )
        self._cond = threading.Condition(threading.RLock())
        self._calls: list[Call] = []
        self._envelopes: list[dict[str, Any]] = []
        self._acks: dict[str, dict[str, Any] | None] = {}
        self._client_messages: list[Any] = []
        self._connections: list[web.WebSocketResponse] = []
        self._total_connections = 0
        self._event_seq = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    # ---------------------------------------------------------------- lifecycle

    @property
    def bot_token(self) -> str:
        """The only token accepted by bot-token methods."""
        return self.workspace.bot_token

    @property
    def app_token(self) -> str:
        """The only token accepted by apps.connections.open."""
        return self.workspace.app_token

    @property
    def team_id(self) -> str:
        """The workspace id."""
        return self.workspace.team_id

    @property
    def bot_user_id(self) -> str:
        """The bot's user id (author of the bot's messages)."""
        return self.workspace.bot_user_id

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
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        sock.listen(128)
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        self.workspace.http_base = f"http://{self.host}:{self.port}"
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._serve(sock))
            except BaseException as exc:  # reported to start()'s caller
                errors.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=run, name="fakeslack", daemon=True)
        self._thread.start()
        if not ready.wait(10) or errors:
            raise RuntimeError(f"FakeSlack failed to start: {errors}")
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
        loop, thread, runner = self._loop, self._thread, self._runner
        if loop is None or thread is None:
            return
        try:
            if runner is not None:
                asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=15)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            self._loop = self._thread = self._runner = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --------------------------------------------------------------- http side

    async def _handle_api(self, request: web.Request) -> web.Response:
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
            else:
                status, body, headers = self.workspace.handle(method, copy.deepcopy(params), token)
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
            if injected is None or injected.store:
                status, text = self.workspace.respond(rid, copy.deepcopy(body))
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
        self,
        envelope_type: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool = True,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> dict[str, Any]:
        """Build and record a Socket Mode envelope around ``payload`` (sent or dispatched)."""
        envelope: dict[str, Any] = {
            "envelope_id": str(uuid.uuid4()),
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if envelope_type == "events_api":
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
        with self._cond:
            self._envelopes.append(copy.deepcopy(envelope))
        return envelope

    def send_envelope(
        self,
        envelope_type: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool = True,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> str:
        """Send an envelope to the most recent connection; returns its envelope_id."""
        envelope = self.envelope(
            envelope_type,
            payload,
            accepts_response_payload=accepts_response_payload,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
        )
        self._send_raw(envelope)
        return envelope["envelope_id"]

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

    # ------------------------------------------------------------- recording

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
        failure = Failure(
            error=error,
            status=status,
            retry_after=retry_after,
            remaining=times,
            store=store,
            when=when,
        )
        with self._cond:
            self.workspace.faults.add(method, failure)

    def pending_failures(self, method: str | None = None) -> int:
        """Injected failures not yet consumed (for ``method``, or in total)."""
        with self._cond:
            return self.workspace.faults.pending(method)

    # ------------------------------------------------------------ workspace

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        locale: str = "da-DK",
        is_bot: bool = False,
        deleted: bool = False,
        is_admin: bool = False,
        tz: str = "Europe/Copenhagen",
        is_owner: bool = False,
        real_name: str | None = None,
        email: str | None = None,
    ) -> None:
        """Add (or replace) a user."""
        with self._cond:
            self.workspace.add_user(
                user_id,
                name,
                locale=locale,
                is_bot=is_bot,
                deleted=deleted,
                is_admin=is_admin,
                is_owner=is_owner,
                tz=tz,
                real_name=real_name,
                email=email,
            )

    def set_user(self, user_id: str, **changes: Any) -> None:
        """Change user fields, e.g. ``set_user("U1", deleted=True)``."""
        with self._cond:
            self.workspace.set_user(user_id, **changes)

    def add_channel(
        self,
        channel_id: str,
        name: str,
        members: list[str] | None = None,
        *,
        is_private: bool = False,
    ) -> None:
        """Add a public (or private) channel with the given members."""
        with self._cond:
            self.workspace.add_channel(channel_id, name, members or [], is_private=is_private)

    def open_im(self, user_id: str) -> str:
        """The DM channel id between ``user_id`` and the bot (created if needed)."""
        with self._cond:
            return self.workspace.open_im(user_id).id

    def open_mpim(self, user_ids: list[str]) -> str:
        """The group DM id for ``user_ids`` plus the bot (created if needed)."""
        with self._cond:
            return self.workspace.open_mpim(user_ids).id

    def _channel(self, channel_id: str) -> Channel:
        if channel_id not in self.workspace.channels:
            raise KeyError(f"unknown channel {channel_id}")
        return self.workspace.channels[channel_id]

    def channel_members(self, channel_id: str) -> list[str]:
        """Current member ids of a conversation."""
        with self._cond:
            return list(self._channel(channel_id).members)

    def add_member(self, channel_id: str, user_id: str) -> None:
        """Add a member to a conversation."""
        with self._cond:
            members = self._channel(channel_id).members
            if user_id not in members:
                members.append(user_id)

    def remove_member(self, channel_id: str, user_id: str) -> None:
        """Remove a member from a conversation."""
        with self._cond:
            members = self._channel(channel_id).members
            if user_id in members:
                members.remove(user_id)

    def messages(self, channel: str | None = None, *, include_users: bool = False) -> list[dict]:
        """The bot's stored messages (after updates/deletes), ordered by ts.

        With ``include_users=True`` also messages sent via :meth:`user_message`.
        """
        with self._cond:
            return self.workspace.message_list(channel, bots_only=not include_users)

    def ephemerals(self, channel: str | None = None, user: str | None = None) -> list[dict]:
        """Ephemeral messages (chat.postEphemeral and ephemeral response_url posts)."""
        with self._cond:
            return [
                copy.deepcopy(e)
                for e in self.workspace.ephemerals
                if channel in (None, e["channel"]) and user in (None, e["user"])
            ]

    def new_trigger(self, user_id: str) -> str:
        """Register a fresh trigger_id (single use, valid 3 s on the fake's clock)."""
        with self._cond:
            return self.workspace.new_trigger(user_id)

    def view(self, view_id: str) -> dict[str, Any]:
        """Current state of a stored view (copy)."""
        with self._cond:
            if view_id not in self.workspace.views:
                raise AssertionError(f"unknown view {view_id}")
            return copy.deepcopy(self.workspace.views[view_id])

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The home tab last published for ``user_id``."""
        with self._cond:
            view_id = self.workspace.home_views.get(user_id)
            return copy.deepcopy(self.workspace.views[view_id]) if view_id else None

    def modal_stack(self, user_id: str) -> list[str]:
        """Ids of the modals currently open for ``user_id`` (root first)."""
        with self._cond:
            return list(self.workspace.view_stacks.get(user_id, []))

    def open_view_for(self, trigger_id: str, timeout: float = 10) -> dict[str, Any]:
        """Wait until views.open/push used ``trigger_id``; return that view's current state."""
        with self._cond:
            if not self._cond.wait_for(lambda: trigger_id in self.workspace.trigger_views, timeout):
                raise AssertionError(
                    f"no view opened with trigger {trigger_id} within {timeout}s.\n"
                    + self._summary()
                )
            return self.view(self.workspace.trigger_views[trigger_id])

    # ------------------------------------------------------ acting as users
    # Each action has a payload half (``*_payload``, shared with tests/inprocess.py) and a
    # delivery half that sends it over Socket Mode and waits for the ack.

    def slash_command_payload(
        self,
        user_id: str,
        text: str = "",
        *,
        channel_id: str = "D0USER",
        command: str = "/sparring",
    ) -> dict[str, Any]:
        """The payload of ``user_id`` typing ``command text`` (fresh trigger and response_url)."""
        with self._cond:
            return payloads.slash_command_payload(
                self.workspace, user_id, text, channel_id=channel_id, command=command
            )

    def slash_command(
        self,
        user_id: str,
        text: str = "",
        *,
        channel_id: str = "D0USER",
        command: str = "/sparring",
        timeout: float = 5,
    ) -> SlashResult:
        """Run a slash command as ``user_id``; waits for the ack."""
        payload = self.slash_command_payload(user_id, text, channel_id=channel_id, command=command)
        envelope_id = self.send_envelope("slash_commands", payload)
        ack = self.wait_ack(envelope_id, timeout)
        return SlashResult(ack, payload["trigger_id"], envelope_id, payload["response_url"])

    def view_submission_payload(
        self,
        user_id: str,
        view_id: str,
        values: Mapping[ValuesKey, Any],
        *,
        use_initial: bool = True,
        client_checks: bool = False,
    ) -> dict[str, Any]:
        """The payload of submitting the CURRENT version of a modal; see :meth:`submit_view`."""
        with self._cond:
            return payloads.view_submission_payload(
                self.workspace,
                user_id,
                view_id,
                values,
                use_initial=use_initial,
                client_checks=client_checks,
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
        use_initial: bool = True,
        client_checks: bool = False,
        timeout: float = 5,
    ) -> dict[str, Any] | None:
        """Submit the CURRENT version of a modal with ``values`` (action_id -> value).

        Untouched inputs carry their ``initial_*`` value like in real Slack
        (``use_initial=False`` sends empty state instead). ``client_checks=True`` refuses
        submissions the Slack client would block (empty required input, length limits).
        The ack's ``response_action`` (update/push/clear/errors) is applied to the stored
        views. Returns the ack payload.
        """
        payload = self.view_submission_payload(
            user_id, view_id, values, use_initial=use_initial, client_checks=client_checks
        )
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
            self._event_seq += 1
            event_id = event_id or f"Ev{self._event_seq:08X}"
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


__all__ = ["FakeSlack"]
