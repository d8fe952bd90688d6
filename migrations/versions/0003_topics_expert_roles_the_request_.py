"""topics, expert roles, the request lifecycle and retention

Revision 0003 after 0002, created 2026-11-24 08:24:00."""

from alembic import op

from migrations import columns as c

revision, down_revision = "0003", "0002"


def upgrade() -> None:
    c.table(
        "topics",
        c.ref("team_id", "teams"),
        c.string("name_da", 75),
        c.string("name_en", 75),
        c.integer("position"),
        c.moment("created_at"),
        c.moment("retired_at", nullable=True),
        unique=("team_id", "name_da"),
        indexes=("team_id",),
    )
    c.table(
        "expert_roles",
        c.ref("topic_id", "topics"),
        c.slack_id("user_id"),
        c.slack_id("assigned_by"),
        c.moment("created_at"),
        unique=("topic_id", "user_id"),
        indexes=("topic_id", "user_id"),
    )
    c.add_columns("outbox", c.slack_id("thread_ts", nullable=True))
    c.add_columns(
        "replies", c.slack_id("channel_id", nullable=True), c.flag("posted_by_bot", default=False)
    )
    c.add_columns(
        "request_recipients",
        c.string("state", 16, default="active"),
        c.moment("assigned_at", now=True),
    )
    # One batch: on SQLite the new foreign key rebuilds the table with all of these at once.
    with op.batch_alter_table("requests", schema=None) as batch_op:
        for column in (
            c.integer("topic_id", nullable=True),
            c.integer("delivery_generation", default="0"),
            c.slack_id("accepted_by", nullable=True),
            c.moment("last_activity_at", now=True),
            c.slack_id("notice_channel_id", nullable=True),
            c.slack_id("notice_ts", nullable=True),
            c.moment("content_deleted_at", nullable=True),
            c.moment("slack_cleared_at", nullable=True),
        ):
            batch_op.add_column(column)
        batch_op.create_index(batch_op.f("ix_requests_closed_at"), ["closed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_requests_topic_id"), ["topic_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_requests_topic_id_topics"),
            "topics",
            ["topic_id"],
            ["id"],
            ondelete="SET NULL",
        )
    c.add_columns(
        "teams", c.integer("reminder_days", default="1"), c.integer("retention_days", default="14")
    )


def downgrade() -> None:
    c.drop_columns("teams", "retention_days", "reminder_days")
    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_requests_topic_id_topics"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_requests_topic_id"))
        batch_op.drop_index(batch_op.f("ix_requests_closed_at"))
        for column in (
            "slack_cleared_at",
            "content_deleted_at",
            "notice_ts",
            "notice_channel_id",
            "last_activity_at",
            "accepted_by",
            "delivery_generation",
            "topic_id",
        ):
            batch_op.drop_column(column)
    c.drop_columns("request_recipients", "assigned_at", "state")
    c.drop_columns("replies", "posted_by_bot", "channel_id")
    c.drop_columns("outbox", "thread_ts")
    c.drop_table("expert_roles", "user_id", "topic_id")
    c.drop_table("topics", "team_id")
