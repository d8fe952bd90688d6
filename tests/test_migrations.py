"""Migrations: upgrade from empty, no drift against the models, downgrade to base."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from bot.core.db import alembic_config, make_engine, schema_revisions


def test_upgrade_check_and_downgrade(database_url: str) -> None:
    engine = make_engine(database_url)
    config = alembic_config(engine)
    try:
        command.upgrade(config, "head")
        current, head = schema_revisions(engine)
        assert current == head
        assert {"teams", "team_members", "requests", "replies"} <= set(
            inspect(engine).get_table_names()
        )
        command.check(config)  # raises when the models and migrations disagree
        command.downgrade(config, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        assert schema_revisions(engine)[0] is None
    finally:
        engine.dispose()
