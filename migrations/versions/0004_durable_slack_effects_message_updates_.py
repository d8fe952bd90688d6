"""durable Slack effects: message updates, thread posts in the outbox

Revision 0004 after 0003, created 2026-11-25 09:00:00."""

from alembic import op

from migrations import columns as c

revision, down_revision = "0004", "0003"


def upgrade() -> None:
    c.table(
        "message_updates",
        c.ref("request_id", "requests"),
        c.slack_id("channel_id"),
        c.slack_id("ts"),
        c.integer("wanted"),
        c.integer("shown"),
        c.moment("claimed_at", nullable=True),
        c.integer("attempts"),
        c.string("last_error", 64, nullable=True),
        unique=("channel_id", "ts"),
        indexes=("request_id",),
    )
    # One batch: on SQLite the new foreign key rebuilds the table.
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(c.integer("request_id", nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_request_id"), ["request_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_request_id_requests"),
            "requests",
            ["request_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_outbox_request_id_requests"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_outbox_request_id"))
        batch_op.drop_column("request_id")
    c.drop_table("message_updates", "request_id")
