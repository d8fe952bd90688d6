"""Alembic environment: runs on the bot's engine, or on DATABASE_URL from the settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from models import Base

target_metadata = Base.metadata


def _engine() -> Engine:
    engine = context.config.attributes.get("engine")
    if engine is not None:
        return engine
    # Run from the `alembic` command line: use the same settings the bot uses.
    from bot.core.db import make_engine
    from bot.core.settings import DatabaseSettings

    return make_engine(DatabaseSettings().database_url)


def run_migrations() -> None:
    """Run migrations online; render_as_batch lets SQLite alter tables."""
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `sparring-bot migrate`")
run_migrations()
