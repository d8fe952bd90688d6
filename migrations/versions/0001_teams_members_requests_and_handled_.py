"""teams, members, requests and handled events

Revision 0001, the first, created 2026-11-24 06:48:19."""

import sqlalchemy as sa
from alembic import op

from migrations import columns as c

revision, down_revision = "0001", None

# The four parts of a case, encrypted at rest since 0006 (the column type stays Text).
_CASE_TEXTS = ("child_text", "parenting_text", "family_text", "question_text")


def upgrade() -> None:
    op.create_table(
        "processed_events",
        c.string("event_id", 64),
        c.moment("received_at"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_processed_events")),
    )
    c.create_indexes("processed_events", "received_at")
    c.table(
        "teams",
        c.slack_id("channel_id"),
        c.slack_id("workspace_id"),
        c.string("name", 200),
        c.string("timezone", 64),
        c.string("language", 2),
        c.flag("active"),
        c.slack_id("created_by"),
        c.moment("created_at"),
        c.moment("greeted_at", nullable=True),
        unique=("channel_id",),
    )
    c.table(
        "requests",
        c.ref("team_id", "teams", nullable=True, ondelete="SET NULL"),
        c.slack_id("requester_id"),
        *(c.string(name, 16) for name in ("route", "kind", "help_kind", "form", "feedback_mode")),
        sa.Column("deadline", sa.Date(), nullable=True),
        c.string("language", 2),
        c.string("status", 16),
        *(sa.Column(name, sa.Text(), nullable=True) for name in _CASE_TEXTS),
        c.string("source_view_id", 64),
        c.slack_id("origin_channel_id", nullable=True),
        c.slack_id("channel_id", nullable=True),
        c.slack_id("message_ts", nullable=True),
        c.moment("delivery_claimed_at", nullable=True),
        c.string("delivery_error", 64, nullable=True),
        c.moment("created_at"),
        c.moment("answered_at", nullable=True),
        c.slack_id("answered_by", nullable=True),
        c.moment("closed_at", nullable=True),
        unique=("source_view_id",),
        indexes=("message_ts", "requester_id", "status", "team_id"),
    )
    c.table(
        "team_members",
        c.ref("team_id", "teams"),
        c.slack_id("user_id"),
        c.flag("is_lead"),
        c.moment("joined_at"),
        c.moment("left_at", nullable=True),
        unique=("team_id", "user_id"),
        indexes=("team_id", "user_id"),
    )
    c.table(
        "replies",
        c.ref("request_id", "requests"),
        c.slack_id("author_id"),
        c.slack_id("ts"),
        c.moment("at"),
        unique=("request_id", "ts"),
    )
    c.table(
        "request_events",
        c.ref("request_id", "requests"),
        c.slack_id("actor_id"),
        c.slack_id("action"),
        c.string("from_status", 16, nullable=True),
        c.string("to_status", 16),
        c.moment("at"),
        indexes=("request_id",),
    )
    c.table(
        "request_recipients",
        c.ref("request_id", "requests"),
        c.slack_id("user_id"),
        unique=("request_id", "user_id"),
        indexes=("user_id",),
    )


def downgrade() -> None:
    c.drop_table("request_recipients", "user_id")
    c.drop_table("request_events", "request_id")
    c.drop_table("replies")
    c.drop_table("team_members", "user_id", "team_id")
    c.drop_table("requests", "team_id", "status", "requester_id", "message_ts")
    c.drop_table("teams")
    c.drop_table("processed_events", "received_at")
