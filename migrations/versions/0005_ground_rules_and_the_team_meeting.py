"""ground rules and the team meeting

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 12:46:03.619717
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import models

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "meeting_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("weekdays", sa.String(length=20), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("case_minutes", sa.Integer(), server_default="30", nullable=False),
        sa.Column("agenda_minutes_before", sa.Integer(), server_default="60", nullable=False),
        sa.Column("cancelled", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_meeting_settings_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_settings")),
        sa.UniqueConstraint("team_id", name=op.f("uq_meeting_settings_team_id")),
    )
    op.create_table(
        "rules_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("proposed_by", sa.String(length=32), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("supporters", sa.JSON(), nullable=False),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=32), nullable=True),
        sa.Column("decided_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_rules_proposals_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rules_proposals")),
    )
    with op.batch_alter_table("rules_proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rules_proposals_team_id"), ["team_id"], unique=False)

    op.create_table(
        "rules_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("proposed_by", sa.String(length=32), nullable=False),
        sa.Column("adopted_by", sa.String(length=32), nullable=False),
        sa.Column("adopted_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["rules_proposals.id"],
            name=op.f("fk_rules_versions_proposal_id_rules_proposals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_rules_versions_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rules_versions")),
        sa.UniqueConstraint("team_id", "version", name=op.f("uq_rules_versions_team_id_version")),
    )
    with op.batch_alter_table("rules_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rules_versions_team_id"), ["team_id"], unique=False)

    op.create_table(
        "meeting_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("agenda_date", sa.Date(), nullable=True),
        sa.Column("box_minutes", sa.Integer(), nullable=True),
        sa.Column("moves", sa.Integer(), server_default="0", nullable=False),
        sa.Column("marked_by", sa.String(length=32), nullable=True),
        sa.Column("marked_at", models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_meeting_items_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_meeting_items_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_items")),
        sa.UniqueConstraint("request_id", name=op.f("uq_meeting_items_request_id")),
    )
    with op.batch_alter_table("meeting_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_items_meeting_date"), ["meeting_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meeting_items_team_id"), ["team_id"], unique=False)

    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feedback_rule", sa.String(length=1000), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("requests", schema=None) as batch_op:
        batch_op.drop_column("feedback_rule")

    with op.batch_alter_table("meeting_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_items_team_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_items_meeting_date"))

    op.drop_table("meeting_items")
    with op.batch_alter_table("rules_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rules_versions_team_id"))

    op.drop_table("rules_versions")
    with op.batch_alter_table("rules_proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rules_proposals_team_id"))

    op.drop_table("rules_proposals")
    op.drop_table("meeting_settings")
