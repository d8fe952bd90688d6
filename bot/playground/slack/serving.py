"""An aiohttp site served from its own event loop in a daemon thread: the fake Slack's server
and the playground's page both run this way."""

from __future__ import annotations

import asyncio
import socket
import threading

from aiohttp import web


def bind(host: str, port: int, backlog: int) -> socket.socket:
    """A listening, non-blocking socket on host:port (port 0: a free one; OSError if taken)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.setblocking(False)
    return sock


class BackgroundSite:
    """Runs `_serve(sock)` on an event loop of its own in a daemon thread; `_serve` sets up
    the site and keeps its runner in `_runner`, which `_stop_serving` cleans up."""

    _loop: asyncio.AbstractEventLoop | None = None
    _thread: threading.Thread | None = None
    _runner: web.AppRunner | None = None

    async def _serve(self, sock: socket.socket) -> None:
        raise NotImplementedError

    def _start_serving(self, sock: socket.socket, *, thread: str, label: str) -> None:
        """Serve in the background; a failure to set up is raised here."""
        loop = asyncio.new_event_loop()
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._serve(sock))
            except BaseException as exc:  # reported to the caller of _start_serving
                errors.append(exc)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=run, name=thread, daemon=True)
        self._thread.start()
        if not ready.wait(10) or errors:
            raise RuntimeError(f"{label} failed to start: {errors}")

    def _stop_serving(self, timeout: float) -> None:
        """Clean up the site (within `timeout` seconds), then stop the loop and its thread."""
        loop, thread, runner = self._loop, self._thread, self._runner
        if loop is None or thread is None:
            return
        try:
            if runner is not None:
                asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=timeout)
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)
            self._loop = self._thread = self._runner = None
