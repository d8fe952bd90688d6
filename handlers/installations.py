"""Events API: the app uninstalled from a workspace, or its tokens revoked there.

The workspace's installation (its bot token) is deleted at once, so nothing more is posted
there (bot/slack/installations.py); its teams' data stays until retention or forgetting, as
for any team. Each is written to the audit log. Slack sends these without authorization: the
token they would need is the one just revoked.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.core.errors import BadPayload
from bot.deps import Deps
from bot.privacy import audit
from bot.slack import payload
from bot.slack.dedupe import claim_event
from bot.slack.listeners import listener

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    """Register the uninstall listeners."""
    app.event("app_uninstalled")(listener(handle_app_uninstalled_event, deps))
    app.event("tokens_revoked")(listener(handle_tokens_revoked_event, deps))


def handle_app_uninstalled_event(
    ack: Ack, body: dict[str, Any], context: BoltContext, deps: Deps
) -> None:
    """The app was uninstalled: forget the workspace's installations."""
    _uninstall(deps, body=body, context=context, action=audit.Action.APP_UNINSTALLED)


def handle_tokens_revoked_event(
    ack: Ack, body: dict[str, Any], context: BoltContext, deps: Deps
) -> None:
    """Tokens revoked: the bot's means the workspace is gone for the bot; users' tokens
    (the bot asks for none) are deleted for those users only."""
    tokens = payload.event_of(body).get("tokens")
    tokens = tokens if isinstance(tokens, dict) else {}
    users = [u for u in tokens.get("oauth") or [] if isinstance(u, str)]
    _uninstall(
        deps,
        body=body,
        context=context,
        action=audit.Action.TOKENS_REVOKED,
        user_ids=[] if tokens.get("bot") else users,
    )


def _uninstall(
    deps: Deps,
    *,
    body: dict[str, Any],
    context: BoltContext,
    action: str,
    user_ids: list[str] | None = None,
) -> None:
    workspace_id = context.team_id
    if not workspace_id:
        raise BadPayload("no team_id")
    event_id = payload.event_id(body)
    # Deleting is idempotent, so a redelivery may repeat it; the audit entry comes once.
    deleted = deps.clients.uninstall(workspace_id, user_ids=user_ids or ())
    with deps.session_factory.begin() as session:
        if not claim_event(session, event_id=event_id):
            return
        audit.record(
            session,
            actor=audit.SLACK,
            action=action,
            subject=workspace_id,
            detail=f"{deleted} installation record(s) deleted"
            + (f" for {len(user_ids)} user(s)" if user_ids else ""),
        )
    log.info("%s: workspace %s, %d installation record(s) deleted", action, workspace_id, deleted)
