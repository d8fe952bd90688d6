"""message updates of "did you meet?" questions, beside those of requests

A pair's answer to "did you meet?" is shown on its question through the same durable path as a
request's change: message_updates.request_id becomes optional and checkin_id (the pair's
check-in, deleted with it) is the other owner a row may have.

Revision 0011 after 0010, created 2026-12-02 18:40:00."""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0011", "0010"


def upgrade() -> None:
    # One batch: on SQLite the new foreign key and the changed NULL rebuild the table.
    with op.batch_alter_table("message_updates", schema=None) as batch_op:
        batch_op.alter_column("request_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("checkin_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_message_updates_checkin_id"), ["checkin_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_message_updates_checkin_id_pair_checkins"),
            "pair_checkins",
            ["checkin_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    # Check-ins' rows have no request to keep them: they go before request_id is required again.
    op.execute("DELETE FROM message_updates WHERE request_id IS NULL")
    with op.batch_alter_table("message_updates", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_message_updates_checkin_id_pair_checkins"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_message_updates_checkin_id"))
        batch_op.drop_column("checkin_id")
        batch_op.alter_column("request_id", existing_type=sa.Integer(), nullable=False)
