"""Starting without Alembic when the schema is at head, and queueing many messages at once."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import _head_from_files, alembic_config, schema_revisions, upgrade
from bot.slack import outbox
from models import OutboxMessage


def test_the_head_read_from_the_files_is_alembics(engine: Engine) -> None:
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert _head_from_files() == head
    upgrade(engine)  # at head already: nothing to do, nothing fails
    assert schema_revisions(engine) == (head, head)


def test_many_messages_are_queued_once_each(session_factory: sessionmaker[Session]) -> None:
    def message(key: str) -> dict[str, object]:
        return {"key": key, "text": "I er makkere", "users": ["U1", "U2"], "blocks": []}

    with session_factory.begin() as session:
        assert outbox.enqueue(session, key="pair-intro:1:0", text="I er makkere", users=["U1"])
    with session_factory.begin() as session:
        added = outbox.enqueue_many(session, [message(f"pair-intro:1:{n}") for n in range(3)])
    assert added == ["pair-intro:1:1", "pair-intro:1:2"]
    with session_factory.begin() as session:
        assert outbox.enqueue_many(session, [message("pair-intro:1:2")]) == []
        assert session.scalar(select(func.count(OutboxMessage.id))) == 3
        stored = session.scalar(select(OutboxMessage).where(OutboxMessage.key == "pair-intro:1:1"))
        assert stored is not None and stored.users == "U1,U2" and stored.text == "I er makkere"
