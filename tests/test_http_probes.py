"""The HTTP mode's probes and routing, in process: /readyz follows the database."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App
from sqlalchemy import Engine

from bot.core.db import make_engine, upgrade
from bot.serve import WebApp, verifies_signatures


def get(web: WebApp, path: str) -> tuple[str, str]:
    """Status line and text of a GET through the WSGI app."""
    seen: list[str] = []

    def start_response(status: str, _headers: list[tuple[str, str]], *_exc: Any) -> None:
        seen.append(status)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(),
        "REMOTE_ADDR": "127.0.0.1",
    }
    body = b"".join(web(environ, start_response))
    return seen[0], body.decode()


def bolt() -> App:
    return App(token="xoxb-test", signing_secret="secret", token_verification_enabled=False)


@pytest.fixture
def unmigrated(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'sparring.db'}")
    yield engine
    engine.dispose()


def test_readyz_fails_while_the_database_server_is_down() -> None:
    # Port 1 on the loopback: nothing listens, the connection is refused at once.
    engine = make_engine("postgresql+psycopg://sparring:pw@127.0.0.1:1/sparring")
    try:
        web = WebApp(bolt(), engine=engine)
        status, text = get(web, "/readyz")
        assert status.startswith("503")
        assert text == "DATABASE_URL: the database server is not reachable (is it running?)\n"
        assert "pw" not in text
        assert get(web, "/healthz") == ("200 OK", "ok\n")  # alive all the same
    finally:
        engine.dispose()


def test_readyz_passes_only_when_migrated(unmigrated: Engine) -> None:
    web = WebApp(bolt(), engine=unmigrated)
    status, text = get(web, "/readyz")
    assert status.startswith("503") and "not at head" in text
    upgrade(unmigrated)
    assert get(web, "/readyz") == ("200 OK", "ready\n")


def test_bolt_verifies_signatures_only_with_a_secret() -> None:
    assert verifies_signatures(bolt())
    unsigned = App(
        token="xoxb-test",
        token_verification_enabled=False,
        request_verification_enabled=False,
    )
    assert not verifies_signatures(unsigned)
