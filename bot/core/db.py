"""Database engine, sessions and migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

import migrations

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
    options: dict[str, Any] = {"hide_parameters": True, "pool_pre_ping": True}
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
        options["connect_args"] = {"timeout": 30}
    engine = create_engine(url, **options)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock at the start: transactions queue behind each other (with
    # busy_timeout) instead of failing when a read turns into a write after another commit.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


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
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; on PostgreSQL one process at a time.

    SQLite needs no lock: its writers already queue on the file (BEGIN IMMEDIATE)."""
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
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


def readiness(engine: Engine) -> str | None:
    """None when the database is reachable and at the newest migration; else one line why."""
    # Read alembic_version directly: Alembic's own context logs two lines per probe.
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    try:
        with engine.connect() as connection:
            current = (
                connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
                if inspect(connection).has_table("alembic_version")
                else None
            )
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
