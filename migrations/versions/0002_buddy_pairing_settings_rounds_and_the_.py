"""buddy pairing settings, rounds and the outbox

Revision 0002 after 0001, created 2026-11-24 07:00:33."""

import sqlalchemy as sa

from migrations import columns as c

revision, down_revision = "0002", "0001"


def upgrade() -> None:
    c.table(
        "outbox",
        c.string("key", 128),
        c.ref("team_id", "teams", nullable=True),
        c.slack_id("channel_id", nullable=True),
        c.string("users", 200, nullable=True),
        c.string("text", 3000),
        sa.Column("blocks", sa.JSON(), nullable=True),
        c.moment("created_at"),
        c.moment("claimed_at", nullable=True),
        c.moment("posted_at", nullable=True),
        c.slack_id("posted_channel_id", nullable=True),
        c.slack_id("ts", nullable=True),
        c.integer("attempts"),
        c.string("last_error", 64, nullable=True),
        c.moment("abandoned_at", nullable=True),
        unique=("key",),
        indexes=("posted_at", "team_id"),
    )
    c.table(
        "pairing_rounds",
        c.ref("team_id", "teams"),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        c.integer("number"),
        c.integer("circle_offset", nullable=True),
        c.moment("created_at"),
        unique=("team_id", "period_start"),
        indexes=("team_id",),
    )
    c.table(
        "round_members",
        c.ref("round_id", "pairing_rounds"),
        c.integer("group_no"),
        c.slack_id("user_id"),
        unique=("round_id", "user_id"),
        indexes=("user_id",),
    )
    c.add_columns(
        "team_members",
        c.flag("paused", default=False),
        sa.Column("paused_until", sa.Date(), nullable=True),
        c.flag("excluded", default=False),
    )
    c.add_columns(
        "teams",
        c.flag("pairing_enabled", default=True),
        c.integer("period_weeks", default="1"),
        c.integer("announce_weekday", default="0"),
        sa.Column("announce_time", sa.Time(), server_default="09:00:00", nullable=False),
        c.flag("announce_every_week", default=True),
        c.flag("skip_holidays", default=True),
        sa.Column("paused_until", sa.Date(), nullable=True),
        c.moment("stopped_at", nullable=True),
    )


def downgrade() -> None:
    c.drop_columns(
        "teams",
        "stopped_at",
        "paused_until",
        "skip_holidays",
        "announce_every_week",
        "announce_time",
        "announce_weekday",
        "period_weeks",
        "pairing_enabled",
    )
    c.drop_columns("team_members", "excluded", "paused_until", "paused")
    c.drop_table("round_members", "user_id")
    c.drop_table("pairing_rounds", "team_id")
    c.drop_table("outbox", "team_id", "posted_at")
