"""statistics charts per team and language

A lead reading Danish and an admin reading English each keep their own uploaded chart instead
of drawing and uploading the team's chart again every time the other opens the App Home.

Revision 0012 after 0011, created 2026-12-02 19:00:00."""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0012", "0011"


def upgrade() -> None:
    # One batch: SQLite rebuilds the table for the changed unique constraint.
    with op.batch_alter_table("stats_charts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=2), server_default="da", nullable=False)
        )
        batch_op.drop_constraint("uq_stats_charts_team_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_stats_charts_team_id_language", ["team_id", "language"]
        )


def downgrade() -> None:
    # One chart per team again: the charts are a cache of uploads, drawn again when next shown.
    op.execute("DELETE FROM stats_charts")
    with op.batch_alter_table("stats_charts", schema=None) as batch_op:
        batch_op.drop_constraint("uq_stats_charts_team_id_language", type_="unique")
        batch_op.create_unique_constraint("uq_stats_charts_team_id", ["team_id"])
        batch_op.drop_column("language")
