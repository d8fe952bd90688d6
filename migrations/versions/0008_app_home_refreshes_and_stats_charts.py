"""App Home refreshes due per person, and each team's uploaded statistics chart

Revision 0008 after 0007, created 2026-12-02 15:30:00."""

from migrations import columns as c

revision, down_revision = "0008", "0007"


def upgrade() -> None:
    c.table(
        "home_refreshes",
        c.slack_id("user_id"),
        *c.refresh_state(),
        unique=("user_id",),
    )
    c.table(
        "stats_charts",
        c.ref("team_id", "teams"),
        c.string("digest", 64),
        c.slack_id("file_id"),
        c.moment("uploaded_at"),
        unique=("team_id",),
    )


def downgrade() -> None:
    c.drop_table("stats_charts")
    c.drop_table("home_refreshes")
