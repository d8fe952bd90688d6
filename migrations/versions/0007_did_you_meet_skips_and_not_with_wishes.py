"""did you meet? (one check-in per group and period, with its answer), skips of one period and
private not-with wishes

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 15:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pair_wishes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("other_id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_wishes")),
        sa.UniqueConstraint("user_id", "other_id", name=op.f("uq_pair_wishes_user_id_other_id")),
    )
    with op.batch_alter_table("pair_wishes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pair_wishes_other_id"), ["other_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pair_wishes_user_id"), ["user_id"], unique=False)

    op.create_table(
        "pair_skips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_pair_skips_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_skips")),
        sa.UniqueConstraint(
            "team_id",
            "user_id",
            "period_start",
            name=op.f("uq_pair_skips_team_id_user_id_period_start"),
        ),
    )
    with op.batch_alter_table("pair_skips", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pair_skips_team_id"), ["team_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pair_skips_user_id"), ["user_id"], unique=False)

    op.create_table(
        "pair_checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("group_no", sa.Integer(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("answered_by", sa.String(length=32), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["pairing_rounds.id"],
            name=op.f("fk_pair_checkins_round_id_pairing_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_checkins")),
        sa.UniqueConstraint(
            "round_id", "group_no", name=op.f("uq_pair_checkins_round_id_group_no")
        ),
    )
    with op.batch_alter_table("pair_checkins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pair_checkins_round_id"), ["round_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pair_checkins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pair_checkins_round_id"))

    op.drop_table("pair_checkins")
    with op.batch_alter_table("pair_skips", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pair_skips_user_id"))
        batch_op.drop_index(batch_op.f("ix_pair_skips_team_id"))

    op.drop_table("pair_skips")
    with op.batch_alter_table("pair_wishes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pair_wishes_user_id"))
        batch_op.drop_index(batch_op.f("ix_pair_wishes_other_id"))

    op.drop_table("pair_wishes")
