"""The message asking a team without a lead to pick one."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.slack import payload
from bot.slack.ids import Action
from bot.slack.listeners import listener, tell_user
from bot.teams.leads import hand_over, send_team_posts
from bot.teams.service import get_team


def register(app: App, deps: Deps) -> None:
    """Register the lead picker."""
    app.action(Action.LEAD_PICK)(listener(handle_lead_pick_click, deps))


def handle_lead_pick_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A member of a team without a lead picks one (checked against the database, not the
    message: once the team has a lead, the picker is refused)."""
    ack()
    user_id, picked = payload.user_id(body), payload.action_selected_user(body)
    channel_id, _ts = payload.container(body)
    if channel_id is None:
        return
    admin = deps.users.is_admin(user_id)
    with deps.session_factory.begin() as session:
        done = hand_over(
            session,
            channel_id=channel_id,
            actor_id=user_id,
            new_lead=picked,
            is_admin=admin,
            may_pick=True,
        )
        team = get_team(session, channel_id=channel_id)
        team_id = team.id if team is not None else None
        leads = [m.user_id for m in team.members if m.is_lead and m.left_at is None] if team else []
    if done.posted_key is not None and team_id is not None:
        send_team_posts(client=client, session_factory=deps.session_factory, team_id=team_id)
        return
    tell_user(deps, client=client, body=body, key=done.answer, user=leads[0] if leads else picked)
