"""Encryption at rest (level 2, SQLite and PostgreSQL): no case column holds plaintext when read
with plain SQL, on SQLite not even in the file's bytes (WAL included); keys rotate; rows stored
in plain before this release are encrypted by `rekey`; the commands refuse without a key."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.privacy.keys import SEALED_COLUMNS, rekey
from bot.requests.choices import RequestKind
from bot.requests.service import create_request
from bot.slack import outbox
from models import OutboxMessage, SparringRequest
from models.sealed import PREFIX, KeyRing, use_key_ring
from tests.conftest import add_team, request_form
from tests.testkeys import TEST_KEY, ring

SECRET = "Rumpelstiltskin-hemmelighed"


def store_case(session_factory: sessionmaker[Session], n: int = 1) -> list[int]:
    """`n` requests with SECRET in every case field, and a thank-you carrying it in the outbox."""
    ids = []
    with session_factory.begin() as session:
        for i in range(n):
            form = request_form(
                kind=RequestKind.CASE,
                child=f"{SECRET} barn {i}",
                parenting=f"{SECRET} forældre",
                family=f"{SECRET} familie",
                question=f"{SECRET} spørgsmål?",
            )
            request = create_request(
                session,
                form=form,
                requester_id="U1",
                recipient_ids=["U2"],
                language="da",
                view_id=f"V{i}",
                origin_channel_id="C1",
            )
            assert request is not None
            ids.append(request.id)
            outbox.enqueue(
                session,
                key=f"thanks:{request.id}",
                channel_id="C1",
                text="tak",
                blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f"{SECRET} tak"}}],
                request_id=request.id,
            )
    return ids


def raw_rows(engine: Engine) -> str:
    """Every row of every table, read with plain SQL (no key, no model types)."""
    dump = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            dump += [
                repr(tuple(row)) for row in connection.execute(text(f'SELECT * FROM "{table}"'))
            ]
    return "\n".join(dump)


def test_no_case_column_holds_plaintext(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    add_team(session_factory)
    store_case(session_factory, 3)
    dump = raw_rows(engine)
    assert SECRET not in dump and "hemmelighed" not in dump
    assert dump.count(PREFIX) >= 3 * 4 + 3 * 2
    with session_factory() as session:  # and the app reads it back
        request = session.scalars(select(SparringRequest).order_by(SparringRequest.id)).first()
        assert request is not None and request.child_text == f"{SECRET} barn 0"
        message = session.scalars(select(OutboxMessage)).first()
        assert message is not None and SECRET in str(message.blocks)


def test_the_sqlite_file_and_its_wal_hold_no_plaintext(
    engine: Engine, session_factory: sessionmaker[Session], database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("a file only on SQLite")
    add_team(session_factory)
    store_case(session_factory, 5)
    path = Path(database_url.removeprefix("sqlite:///"))
    files = [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal")) if p.exists()]
    assert Path(f"{path}-wal") in files  # WAL mode: the newest pages are there
    for file in files:
        data = file.read_bytes()
        assert SECRET.encode() not in data and b"hemmelighed" not in data, file


def test_every_sealed_column_is_listed_for_rekey() -> None:
    listed = {(table.name, name) for table, name in SEALED_COLUMNS}
    assert listed == {
        ("requests", "child_text"),
        ("requests", "parenting_text"),
        ("requests", "family_text"),
        ("requests", "question_text"),
        ("outbox", "text"),
        ("outbox", "blocks"),
    }


def test_key_rotation_keeps_every_row_readable(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    add_team(session_factory)
    ids = store_case(session_factory, 7)
    before = raw_rows(engine)
    newer = Fernet.generate_key().decode()
    use_key_ring(ring(newer, TEST_KEY))  # the new key first, the old one still there
    report = rekey(session_factory, batch=3)
    assert report.resealed["requests.child_text"] == 7
    assert report.resealed["outbox.blocks"] == 7
    assert raw_rows(engine) != before
    assert sum(rekey(session_factory).resealed.values()) == 0  # resumable: nothing left
    use_key_ring(ring(newer))  # the old key retired
    with session_factory() as session:
        for i, request_id in enumerate(ids):
            request = session.get(SparringRequest, request_id)
            assert request is not None and request.child_text == f"{SECRET} barn {i}"
            assert request.question_text == f"{SECRET} spørgsmål?"
        assert all(SECRET in str(m.blocks) for m in session.scalars(select(OutboxMessage)))


def test_rekey_encrypts_rows_stored_in_plain(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    add_team(session_factory)
    use_key_ring(KeyRing(None))  # as before this release: plain text
    ids = store_case(session_factory, 4)
    assert SECRET in raw_rows(engine)
    use_key_ring(ring())
    with session_factory() as session:  # plain rows stay readable before rekey
        request = session.get(SparringRequest, ids[0])
        assert request is not None and request.family_text == f"{SECRET} familie"
    report = rekey(session_factory)
    assert report.resealed["requests.family_text"] == 4
    assert SECRET not in raw_rows(engine)
    with session_factory() as session:
        request = session.get(SparringRequest, ids[-1])
        assert request is not None and request.child_text == f"{SECRET} barn 3"


def test_a_lost_key_loses_the_case_text_but_not_the_metadata(
    session_factory: sessionmaker[Session],
) -> None:
    add_team(session_factory)
    [request_id] = store_case(session_factory)
    use_key_ring(ring(Fernet.generate_key().decode()))
    with session_factory() as session:
        request = session.get(SparringRequest, request_id)
        assert request is not None
        assert request.child_text is None and request.question_text is None
        assert request.requester_id == "U1" and request.status == "open"
    # Four case columns, and the outbox's text and blocks.
    assert sum(rekey(session_factory).unreadable.values()) == 6


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> Path:
    """The command line's environment: no .env, the test database, no key."""
    monkeypatch.chdir(tmp_path)
    for name in ("ENCRYPTION_KEYS", "ENCRYPTION", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("DATABASE_URL", database_url)
    return tmp_path


def test_keygen_prints_a_key(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keygen"]) == 0
    key = capsys.readouterr().out.strip()
    Fernet(key.encode())  # a valid Fernet key


@pytest.mark.parametrize("command", [[], ["run"], ["due"], ["rotate"], ["rekey"]])
def test_without_a_key_the_bot_refuses_in_one_line(
    cli_env: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    if command in ([], ["run"]):
        cli_env.joinpath(".env").write_text("SLACK_APP_TOKEN=xapp-test\n")
    assert main(command) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "ENCRYPTION_KEYS" in line and "sparring-bot keygen" in line


def test_a_malformed_key_is_refused(
    cli_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENCRYPTION_KEYS", "not-a-key")
    assert main(["due", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "ENCRYPTION_KEYS" in err and "not-a-key" not in err


def test_encryption_off_on_purpose_is_warned_by_check(
    cli_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ENCRYPTION", "off")
    main(["check"])  # Slack is not reachable here; only the encryption line matters
    assert "encryption: OFF" in capsys.readouterr().out


def test_rekey_command_reencrypts_and_is_audited(
    cli_env: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    engine: Engine,
    session_factory: sessionmaker[Session],
) -> None:
    add_team(session_factory)
    store_case(session_factory, 2)
    newer = Fernet.generate_key().decode()
    monkeypatch.setenv("ENCRYPTION_KEYS", f"{newer},{TEST_KEY}")
    assert main(["rekey"]) == 0
    assert "requests.child_text: 2 re-encrypted" in capsys.readouterr().out
    assert main(["audit"]) == 0
    assert "operator keys_rotated" in capsys.readouterr().out
