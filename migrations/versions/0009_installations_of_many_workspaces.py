"""installations of many workspaces through OAuth (slack_sdk's tables, tokens encrypted)

The outbox learns which workspace each message is posted in (whose bot token).

Revision 0009 after 0008, created 2026-12-02 15:40:00."""

import sqlalchemy as sa
from alembic import op

from migrations import columns as c

revision, down_revision = "0009", "0008"


def _text(name: str) -> sa.Column:
    """slack_sdk's token column, wider here: the token is stored encrypted."""
    return sa.Column(name, sa.Text(), nullable=True)


def _time(name: str, *, nullable: bool = True) -> sa.Column:
    """slack_sdk's naive UTC time."""
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def _bot_columns() -> list[sa.Column]:
    """What an installation and a bot row share, up to the bot's token."""
    return [
        c.slack_id("client_id"),
        c.slack_id("app_id"),
        c.slack_id("enterprise_id", nullable=True),
        c.string("enterprise_name", 200, nullable=True),
        c.slack_id("team_id", nullable=True),
        c.string("team_name", 200, nullable=True),
        _text("bot_token"),
        c.slack_id("bot_id", nullable=True),
        c.slack_id("bot_user_id", nullable=True),
        c.string("bot_scopes", 1000, nullable=True),
        _text("bot_refresh_token"),
        _time("bot_token_expires_at"),
    ]


def upgrade() -> None:
    c.table(
        "slack_installations",
        *_bot_columns(),
        c.string("enterprise_url", 200, nullable=True),
        c.slack_id("user_id"),
        _text("user_token"),
        c.string("user_scopes", 1000, nullable=True),
        _text("user_refresh_token"),
        _time("user_token_expires_at"),
        c.string("incoming_webhook_url", 200, nullable=True),
        c.string("incoming_webhook_channel", 200, nullable=True),
        c.string("incoming_webhook_channel_id", 200, nullable=True),
        c.string("incoming_webhook_configuration_url", 200, nullable=True),
        c.flag("is_enterprise_install"),
        c.slack_id("token_type", nullable=True),
        _time("installed_at", nullable=False),
    )
    op.create_index(
        "slack_installations_idx",
        "slack_installations",
        ["client_id", "enterprise_id", "team_id", "user_id", "installed_at"],
    )
    c.table(
        "slack_bots",
        *_bot_columns(),
        c.flag("is_enterprise_install"),
        _time("installed_at", nullable=False),
    )
    op.create_index(
        "slack_bots_idx", "slack_bots", ["client_id", "enterprise_id", "team_id", "installed_at"]
    )
    c.table("slack_oauth_states", c.string("state", 200), _time("expire_at", nullable=False))
    c.add_columns("outbox", c.slack_id("workspace_id", nullable=True))


def downgrade() -> None:
    c.drop_columns("outbox", "workspace_id")
    c.drop_table("slack_oauth_states")
    op.drop_index("slack_bots_idx", table_name="slack_bots")
    c.drop_table("slack_bots")
    op.drop_index("slack_installations_idx", table_name="slack_installations")
    c.drop_table("slack_installations")
