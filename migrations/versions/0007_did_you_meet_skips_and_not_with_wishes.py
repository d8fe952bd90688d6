"""did you meet? (one check-in per group and period, with its answer), skips of one period and
private not-with wishes

Revision 0007 after 0006, created 2026-12-02 15:30:00."""

import sqlalchemy as sa

from migrations import columns as c

revision, down_revision = "0007", "0006"


def upgrade() -> None:
    c.table(
        "pair_wishes",
        c.slack_id("user_id"),
        c.slack_id("other_id"),
        c.moment("created_at"),
        unique=("user_id", "other_id"),
        indexes=("other_id", "user_id"),
    )
    c.table(
        "pair_skips",
        c.ref("team_id", "teams"),
        c.slack_id("user_id"),
        sa.Column("period_start", sa.Date(), nullable=False),
        c.moment("created_at"),
        unique=("team_id", "user_id", "period_start"),
        indexes=("team_id", "user_id"),
    )
    c.table(
        "pair_checkins",
        c.ref("round_id", "pairing_rounds"),
        c.integer("group_no"),
        c.moment("asked_at"),
        c.string("outcome", 16, nullable=True),
        c.slack_id("answered_by", nullable=True),
        c.moment("answered_at", nullable=True),
        unique=("round_id", "group_no"),
        indexes=("round_id",),
    )


def downgrade() -> None:
    c.drop_table("pair_checkins", "round_id")
    c.drop_table("pair_skips", "user_id", "team_id")
    c.drop_table("pair_wishes", "user_id", "other_id")
