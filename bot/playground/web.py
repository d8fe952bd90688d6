"""The playground's web page and its small JSON API (aiohttp, on 127.0.0.1 only by default).

The page polls `GET /api/state` and acts through `POST /api/…`; every action goes to the
simulator, which sends it to the bot over Socket Mode like Slack would. The simulator's
methods block until the bot acks, so they run in a worker thread, never on the event loop.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.playground.clock import Clock
from bot.playground.slack import FakeSlack
from bot.playground.slack.serving import BackgroundSite, bind
from bot.playground.state import user_state

STATIC = Path(__file__).with_name("static")
COMMAND = "/sparring"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Refused(Exception):
    """An action the page asked for that cannot be done; the message is shown to the person."""


def _values(raw: Any) -> dict[tuple[str, str], Any]:
    """The page's `[[block_id, action_id, value], …]` as the simulator's values mapping."""
    if not isinstance(raw, list):
        return {}
    return {(str(b), str(a)): v for b, a, v in raw}


class WebPage(BackgroundSite):
    """The page's server, with its own event loop in a daemon thread."""

    def __init__(self, *, fake: FakeSlack, clock: Clock, host: str, port: int) -> None:
        self.fake = fake
        self.clock = clock
        self.host = host
        self.port = port

    @property
    def url(self) -> str:
        """The page's address."""
        return f"http://{self.host}:{self.port}/"

    def start(self) -> None:
        """Bind the port (OSError if taken) and serve in the background."""
        sock = bind(self.host, self.port, 64)
        self.port = sock.getsockname()[1]
        self._start_serving(sock, thread="playground-web", label="The playground page")

    async def _serve(self, sock: socket.socket) -> None:
        app = web.Application(middlewares=[_refusals])
        app.router.add_get("/", self._index)
        app.router.add_static("/static/", STATIC)
        app.router.add_get("/api/state", self._state)
        # POST /api/<name> runs the method _<name> in a worker thread.
        for name in ("command", "click", "submit", "close", "home", "clock"):
            app.router.add_post(f"/api/{name}", partial(self._act, getattr(self, f"_{name}")))
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()

    def stop(self) -> None:
        """Stop serving."""
        self._stop_serving(timeout=10)

    # ------------------------------------------------------------------ routes

    async def _index(self, _request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    async def _state(self, request: web.Request) -> web.Response:
        user = request.query.get("user", "")
        loop = asyncio.get_running_loop()
        state = await loop.run_in_executor(None, user_state, self.fake, self.clock, user)
        return web.json_response(state, headers={"Cache-Control": "no-store"})

    async def _act(
        self, action: Callable[[dict[str, Any]], dict[str, Any]], request: web.Request
    ) -> web.Response:
        body = await request.json()
        if not isinstance(body, dict):
            raise Refused("expected a JSON object")
        loop = asyncio.get_running_loop()
        answer = await loop.run_in_executor(None, action, body)
        return web.json_response(answer)

    # ----------------------------------------------------------------- actions
    # Each runs in a worker thread and may block until the bot has acked.

    def _command(self, body: dict[str, Any]) -> dict[str, Any]:
        user, channel = str(body["user"]), str(body["channel"])
        text = str(body.get("text") or "").strip()
        if not text:
            raise Refused("empty message")
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            if command != COMMAND:
                self.fake.add_ephemeral(
                    channel, user, f"{command} er ikke en kommando her. Prøv {COMMAND} hjælp."
                )
                return {}
            result = self.fake.slash_command(user, rest.strip(), channel_id=channel)
            ack = result.ack or {}
            if ack.get("text") or ack.get("blocks"):
                self.fake.add_ephemeral(
                    channel, user, str(ack.get("text") or ""), ack.get("blocks")
                )
            return {}
        thread_ts = body.get("thread_ts") or None
        self.fake.user_message(user, channel, text, thread_ts=thread_ts)
        return {}

    def _click(self, body: dict[str, Any]) -> dict[str, Any]:
        where: dict[str, Any] = {"block_id": body.get("block_id") or None}
        if body.get("view_id"):
            where["view_id"] = str(body["view_id"])
            where["values"] = _values(body.get("values"))
        else:
            where["message"] = {"channel": str(body["channel"]), "ts": str(body["ts"])}
        self.fake.click(str(body["user"]), str(body["action_id"]), value=body.get("value"), **where)
        return {}

    def _submit(self, body: dict[str, Any]) -> dict[str, Any]:
        ack = self.fake.submit_view(
            str(body["user"]), str(body["view_id"]), _values(body.get("values")), use_initial=False
        )
        ack = ack or {}
        if ack.get("response_action") == "errors":
            return {"errors": ack.get("errors") or {}}
        return {}

    def _close(self, body: dict[str, Any]) -> dict[str, Any]:
        self.fake.close_view(str(body["user"]), str(body["view_id"]))
        return {}

    def _home(self, body: dict[str, Any]) -> dict[str, Any]:
        user = str(body["user"])
        channel = self.fake.open_im(user)
        self.fake.event(
            {"type": "app_home_opened", "user": user, "tab": "home", "channel": channel}
        )
        return {}

    def _clock(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            if body.get("key"):
                report = self.clock.jump(key=str(body["key"]))
            else:
                report = self.clock.jump(to=datetime.fromisoformat(str(body["at"])))
        except (ValueError, KeyError) as error:
            raise Refused(str(error)) from None
        return {"report": report.lines() or ["intet at gøre"]}


@web.middleware
async def _refusals(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A refused or impossible action answers 409 with one line the page shows."""
    try:
        return await handler(request)
    except Refused as refused:
        return web.json_response({"error": str(refused)}, status=409)
    except (KeyError, ValueError) as error:
        return web.json_response({"error": f"bad request ({error})"}, status=400)
    except AssertionError as error:
        # The simulator's way of saying the action did not fit (the view changed, a timeout).
        first = str(error).splitlines()[0] if str(error) else "the action did not go through"
        return web.json_response({"error": first}, status=409)
