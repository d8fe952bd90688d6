"""rotation slots on rounds, so the pairing history is read in a few set-based queries

The next round continues the circle from the last round's slot layout (pairing_rounds.slot_count
and round_members.slot) instead of replaying every stored round. Rounds made before this have
no slots: the first round after the upgrade replays them once.

Revision 0010 after 0009, created 2026-12-02 16:00:00."""

from alembic import op

from migrations import columns as c

revision, down_revision = "0010", "0009"


def upgrade() -> None:
    c.add_columns("pairing_rounds", c.integer("slot_count", nullable=True))
    c.add_columns("round_members", c.integer("slot", nullable=True))
    with op.batch_alter_table("round_members") as batch:
        batch.create_index("ix_round_members_round_group", ["round_id", "group_no"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("round_members") as batch:
        batch.drop_index("ix_round_members_round_group")
    c.drop_columns("round_members", "slot")
    c.drop_columns("pairing_rounds", "slot_count")
