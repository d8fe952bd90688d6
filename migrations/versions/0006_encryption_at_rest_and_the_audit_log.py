"""encryption at rest of outbox text and blocks, and the audit log

Case text keeps its Text columns (encrypted values are text too); the outbox's text and blocks
become Text so they can hold a Fernet token. Rows stored in plain stay readable; `sparring-bot
rekey` encrypts them.

Revision 0006 after 0005, created 2026-12-01 09:00:00."""

import sqlalchemy as sa
from alembic import op

from migrations import columns as c

revision, down_revision = "0006", "0005"


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        c.string("actor", 64),
        c.slack_id("action"),
        c.string("subject", 64, nullable=True),
        c.slack_id("channel_id", nullable=True),
        c.string("detail", 200, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    c.create_indexes("audit_log", "actor", "at", "subject")
    _retype_outbox(encrypted=True)


def downgrade() -> None:
    _retype_outbox(encrypted=False)
    c.drop_table("audit_log", "subject", "at", "actor")


def _retype_outbox(*, encrypted: bool) -> None:
    """The outbox's text and blocks become Text (to hold a token), or go back to the plain types."""
    plain = {"text": sa.String(length=3000), "blocks": sa.JSON()}
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        for column, nullable in (("text", False), ("blocks", True)):
            old, new = (plain[column], sa.Text()) if encrypted else (sa.Text(), plain[column])
            cast = "text" if encrypted else "json"
            batch_op.alter_column(
                column,
                existing_type=old,
                type_=new,
                existing_nullable=nullable,
                postgresql_using=f"blocks::{cast}" if postgres and column == "blocks" else None,
            )
