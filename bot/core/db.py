"""Database engine, sessions and migrations."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

import migrations

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(migrations.__file__).parent
# The key of the PostgreSQL advisory lock held while migrating ("SPAR" in ASCII): replicas that
# start together queue on it, the first migrates and the others find the schema at head.
MIGRATION_LOCK = 0x53504152


class DatabaseProblem(Exception):
    """The database cannot be used; the message is one line for the operator, naming
    DATABASE_URL and what is wrong (never the URL itself: it can hold a password)."""


def make_engine(database_url: str) -> Engine:
    """An engine for the URL; creates the folder of a SQLite file and tunes SQLite for threads."""
    url = make_url(database_url)
    # Parameters can hold case text; keep them out of every exception message and log.
    options: dict[str, Any] = {"hide_parameters": True}
    if url.get_backend_name() != "sqlite":
        # A server may drop idle connections; a file does not (and the ping is a statement
        # more on every transaction).
        options["pool_pre_ping"] = True
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            folder = Path(url.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                reason = (
                    "a file stands in its way"
                    if isinstance(error, (FileExistsError, NotADirectoryError))
                    else error.strerror
                )
                raise DatabaseProblem(
                    f"DATABASE_URL: cannot create the SQLite file's folder {folder} ({reason})"
                ) from None
        options["connect_args"] = {"timeout": 30, "factory": _writer_turns()}
    engine = create_engine(url, **options)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock at the start: transactions queue behind each other (with
    # busy_timeout) instead of failing when a read turns into a write after another commit.
    # A session that only reads (see `reading`) needs no lock: in WAL it reads a snapshot
    # while another transaction writes, instead of queueing behind every write.
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN DEFERRED")
        return
    dbapi_connection = connection.connection.dbapi_connection
    if isinstance(dbapi_connection, _TakesTurns):
        dbapi_connection.take_turn()
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        if isinstance(dbapi_connection, _TakesTurns):
            dbapi_connection.end_turn()
        raise


class _TakesTurns(sqlite3.Connection):
    """A SQLite connection whose writing transactions take turns with the other threads of
    this process on a lock before BEGIN IMMEDIATE, and give it back right after COMMIT or
    ROLLBACK. Without it a writer that finds the file locked waits in SQLite's busy handler,
    which sleeps in growing steps (up to 100 ms) however soon the lock is free: under load a
    submission's ack queued for hundreds of milliseconds behind a lock held for a few.
    Other processes still queue on the file (busy_timeout)."""

    turns: threading.Lock
    _holding = False

    def take_turn(self) -> None:
        """Wait for this process's writers ahead (as long as SQLite's busy_timeout)."""
        self._holding = self.turns.acquire(timeout=30)

    def end_turn(self) -> None:
        """Let the next writer of this process go."""
        if self._holding:
            self._holding = False
            self.turns.release()

    def commit(self) -> None:
        """Commit, then give the turn on."""
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        """Roll back, then give the turn on."""
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        """Close (a connection closed mid-transaction gives its turn on)."""
        try:
            super().close()
        finally:
            self.end_turn()


def _writer_turns() -> type[_TakesTurns]:
    """A connection class with its own lock: one per engine (one per database file)."""
    return type("EngineTurns", (_TakesTurns,), {"turns": threading.Lock()})


# The execution option of a connection whose transaction only reads.
READ_ONLY = "sparring_read_only"


@contextmanager
def reading(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that only reads (never flush or commit in it): on SQLite it reads a snapshot
    without waiting for the write lock; elsewhere it is a plain session."""
    with session_factory() as session:
        session.connection(execution_options={READ_ONLY: True})
        yield session


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling sends no BEGIN before a SAVEPOINT, so its RELEASE
    # would commit; we take over and begin every transaction ourselves (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets the Bolt worker threads read while one writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (handlers use them to talk to Slack)."""
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine) -> Config:
    """An Alembic config that runs on the given engine, wherever the bot was started from."""
    from alembic.config import Config  # Alembic and its templates cost a start ~0.3 s and MiBs

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; on PostgreSQL one process at a time.

    Alembic is loaded only when there is a migration to apply (or the migrations' files do not
    say plainly which is the newest). SQLite needs no lock: its writers already queue on the
    file (BEGIN IMMEDIATE)."""
    head = _head_from_files()
    if head is not None and _current_revision(engine) == head:
        return
    from alembic import command  # Alembic and its templates cost a start ~0.3 s and MiBs

    if engine.dialect.name != "postgresql":
        command.upgrade(alembic_config(engine), "head")
        return
    # A session lock on a connection of its own, outside any transaction: Alembic migrates on
    # another connection, and the lock ends with this one even if the process dies.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            command.upgrade(alembic_config(engine), "head")
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})


def schema_revisions(engine: Engine) -> tuple[str | None, str | None]:
    """The database's current revision and the newest one the code knows."""
    head = _head_from_files()
    if head is None:
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    return _current_revision(engine), head


_REVISION = re.compile(r'^revision(?:: str)? = "([^"]+)"$', re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:: [^=]+)? = (.+)$", re.MULTILINE)
# The one-line form: revision, down_revision = "0002", "0001"
_BOTH = re.compile(r'^revision, down_revision = "([^"]+)", (.+)$', re.MULTILINE)


def _head_from_files() -> str | None:
    """The newest revision, read from the migration files without Alembic; None when they
    do not say it plainly (a merge, a branch, an unusual header), so Alembic decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if both := _BOTH.search(source):
            revision, parent = both.group(1), both.group(2).strip()
        elif (found := _REVISION.search(source)) and (down := _DOWN_REVISION.search(source)):
            revision, parent = found.group(1), down.group(1).strip()
        else:
            return None
        revisions.add(revision)
        if parent != "None":
            if not re.fullmatch(r'"[^"]+"', parent):
                return None
            parents.add(parent.strip('"'))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def _current_revision(engine: Engine) -> str | None:
    """The revision in the database's alembic_version table (None: not migrated yet)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    return rows[0][0] if len(rows) == 1 else None


def readiness(engine: Engine) -> str | None:
    """None when the database is reachable and at the newest migration; else one line why."""
    # Read alembic_version directly: Alembic's own context logs two lines per probe.
    try:
        current, head = schema_revisions(engine)
    except (SQLAlchemyError, DatabaseProblem) as error:
        return database_problem(error)
    if current != head:
        return "database not at head; run `sparring-bot migrate`"
    return None


def database_problem(error: Exception) -> str:
    """One line for an operator about a database error: read-only, cannot open, not reachable.

    Driver messages name files, hosts and roles, never statement parameters (hidden above).
    """
    if isinstance(error, DatabaseProblem):
        return str(error)
    text = str(getattr(error, "orig", None) or error).lower()
    if "readonly" in text or "read-only" in text:
        return (
            "DATABASE_URL: the database is read-only; give the bot write access to the file "
            "and its folder"
        )
    if "unable to open database file" in text:
        return (
            "DATABASE_URL: cannot open or create the SQLite file; check that its folder "
            "exists and is writable"
        )
    if "password authentication failed" in text or "no password supplied" in text:
        return "DATABASE_URL: the database refused the user or password"
    if "does not exist" in text and "database" in text:
        return "DATABASE_URL: the database named in it does not exist"
    if "connection refused" in text or "could not translate host" in text or "timeout" in text:
        return "DATABASE_URL: the database server is not reachable (is it running?)"
    return f"DATABASE_URL: the database cannot be used ({type(error).__name__})"
