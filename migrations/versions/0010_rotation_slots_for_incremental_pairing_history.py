"""rotation slots on rounds, so the pairing history is read in a few set-based queries

The next round continues the circle from the last round's slot layout (pairing_rounds.slot_count
and round_members.slot) instead of replaying every stored round. Rounds made before this have
no slots: the first round after the upgrade replays them once.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pairing_rounds") as batch:
        batch.add_column(sa.Column("slot_count", sa.Integer(), nullable=True))
    with op.batch_alter_table("round_members") as batch:
        batch.add_column(sa.Column("slot", sa.Integer(), nullable=True))
        batch.create_index("ix_round_members_round_group", ["round_id", "group_no"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("round_members") as batch:
        batch.drop_index("ix_round_members_round_group")
        batch.drop_column("slot")
    with op.batch_alter_table("pairing_rounds") as batch:
        batch.drop_column("slot_count")
