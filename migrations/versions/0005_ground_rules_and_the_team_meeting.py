"""ground rules and the team meeting

Revision 0005 after 0004, created 2026-12-02 12:46:03."""

import sqlalchemy as sa

from migrations import columns as c

revision, down_revision = "0005", "0004"


def upgrade() -> None:
    c.table(
        "meeting_settings",
        c.ref("team_id", "teams"),
        c.string("weekdays", 20),
        sa.Column("start_time", sa.Time(), nullable=False),
        c.integer("case_minutes", default="30"),
        c.integer("agenda_minutes_before", default="60"),
        sa.Column("cancelled", sa.JSON(), nullable=False),
        c.slack_id("updated_by", nullable=True),
        unique=("team_id",),
    )
    c.table(
        "rules_proposals",
        c.ref("team_id", "teams"),
        c.slack_id("proposed_by"),
        sa.Column("rules", sa.JSON(), nullable=False),
        c.integer("base_version", nullable=True),
        c.string("status", 16),
        sa.Column("supporters", sa.JSON(), nullable=False),
        c.moment("created_at"),
        c.slack_id("decided_by", nullable=True),
        c.moment("decided_at", nullable=True),
        c.string("reason", 1000, nullable=True),
        indexes=("team_id",),
    )
    c.table(
        "rules_versions",
        c.ref("team_id", "teams"),
        c.integer("version"),
        sa.Column("rules", sa.JSON(), nullable=False),
        c.ref("proposal_id", "rules_proposals", nullable=True, ondelete="SET NULL"),
        c.slack_id("proposed_by"),
        c.slack_id("adopted_by"),
        c.moment("adopted_at"),
        unique=("team_id", "version"),
        indexes=("team_id",),
    )
    c.table(
        "meeting_items",
        c.ref("request_id", "requests"),
        c.ref("team_id", "teams"),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        c.string("state", 16),
        sa.Column("agenda_date", sa.Date(), nullable=True),
        c.integer("box_minutes", nullable=True),
        c.integer("moves", default="0"),
        c.slack_id("marked_by", nullable=True),
        c.moment("marked_at", nullable=True),
        c.moment("created_at"),
        unique=("request_id",),
        indexes=("meeting_date", "team_id"),
    )
    c.add_columns("requests", c.string("feedback_rule", 1000, nullable=True))


def downgrade() -> None:
    c.drop_columns("requests", "feedback_rule")
    c.drop_table("meeting_items", "team_id", "meeting_date")
    c.drop_table("rules_versions", "team_id")
    c.drop_table("rules_proposals", "team_id")
    c.drop_table("meeting_settings")
