"""encryption at rest of outbox text and blocks, and the audit log

Case text keeps its Text columns (encrypted values are text too); the outbox's text and blocks
become Text so they can hold a Fernet token. Rows stored in plain stay readable; `sparring-bot
rekey` encrypts them.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_actor"), ["actor"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_subject"), ["subject"], unique=False)
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column(
            "text", existing_type=sa.String(length=3000), type_=sa.Text(), existing_nullable=False
        )
        batch_op.alter_column(
            "blocks",
            existing_type=sa.JSON(),
            type_=sa.Text(),
            existing_nullable=True,
            postgresql_using="blocks::text" if postgres else None,
        )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.alter_column(
            "blocks",
            existing_type=sa.Text(),
            type_=sa.JSON(),
            existing_nullable=True,
            postgresql_using="blocks::json" if postgres else None,
        )
        batch_op.alter_column(
            "text", existing_type=sa.Text(), type_=sa.String(length=3000), existing_nullable=False
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_subject"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_actor"))
    op.drop_table("audit_log")
