"""Events API: channel membership, thread replies. Redeliveries are dropped by `event_id`."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.core.i18n import t
from bot.deps import Deps
from bot.pairing.service import stop_team
from bot.requests.render import refresh_request_message
from bot.requests.service import record_reply
from bot.slack.dedupe import claim_event
from bot.slack.outbox import send_pending
from bot.teams.service import add_member, get_team, leave_all_teams, remove_member, setup_team

log = logging.getLogger(__name__)

# Message subtypes that are still a person writing in the thread.
_REPLY_SUBTYPES = {None, "thread_broadcast", "file_share"}


def register(app: App, deps: Deps) -> None:
    """Register event listeners."""

    def first_delivery(body: dict[str, Any]) -> bool:
        with deps.session_factory.begin() as session:
            return claim_event(session, event_id=body["event_id"])

    @app.event("member_joined_channel")
    def handle_member_joined_event(
        body: dict[str, Any], event: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        if not first_delivery(body):
            return
        channel_id, user_id = event["channel"], event["user"]
        if user_id == context.bot_user_id:
            # Invited into a channel: the channel becomes a team, the inviter its lead.
            setup_team(
                client=client,
                users=deps.users,
                session_factory=deps.session_factory,
                channel_id=channel_id,
                workspace_id=event.get("team") or body.get("team_id") or "",
                lead_id=event.get("inviter"),
                timezone=deps.settings.timezone,
                language=deps.settings.default_language,
            )
            return
        user = deps.users.get(user_id)
        if user is None or not user.is_human:
            return
        with deps.session_factory.begin() as session:
            joined_team = add_member(session, channel_id=channel_id, user_id=user_id)
        if joined_team:
            # Only the newcomer sees it, so the channel stays quiet.
            client.chat_postEphemeral(
                channel=channel_id,
                user=user_id,
                text=t("team.welcome", deps.users.language(user_id)),
            )

    @app.event("user_change")
    def handle_user_change_event(body: dict[str, Any], event: dict[str, Any]) -> None:
        user = event.get("user") or {}
        deps.users.forget(str(user.get("id")))  # locale or status may have changed
        if not user.get("deleted"):
            return
        with deps.session_factory.begin() as session:
            # A deactivated colleague leaves every team: no buddy rounds, no expert requests.
            if claim_event(session, event_id=body["event_id"]):
                leave_all_teams(session, user_id=str(user["id"]))

    def stop_team_of(channel_id: str, client: WebClient) -> None:
        with deps.session_factory.begin() as session:
            team = get_team(session, channel_id=channel_id)
            stopped = team is not None and stop_team(session, team_id=team.id)
        if stopped:
            send_pending(client=client, session_factory=deps.session_factory)

    @app.event("member_left_channel")
    def handle_member_left_event(
        body: dict[str, Any], event: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        if event["user"] == context.bot_user_id:
            if first_delivery(body):
                stop_team_of(event["channel"], client)
            return
        with deps.session_factory.begin() as session:
            if claim_event(session, event_id=body["event_id"]):
                remove_member(session, channel_id=event["channel"], user_id=event["user"])

    def handle_channel_gone_event(
        body: dict[str, Any], event: dict[str, Any], client: WebClient
    ) -> None:
        if first_delivery(body):
            stop_team_of(event["channel"], client)

    # Removed from, or archived: public channels and private ones ("groups") alike.
    for gone in ("channel_left", "channel_archive", "group_left", "group_archive"):
        app.event(gone)(handle_channel_gone_event)

    @app.event("message")
    def handle_message_event(
        body: dict[str, Any], event: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        thread_ts = event.get("thread_ts")
        author_id = event.get("user")
        if (
            event.get("subtype") not in _REPLY_SUBTYPES
            or not thread_ts
            or thread_ts == event.get("ts")
            or not author_id
            or author_id == context.bot_user_id
        ):
            return
        with deps.session_factory.begin() as session:
            if not claim_event(session, event_id=body["event_id"]):
                return
            changed = record_reply(
                session,
                channel_id=event["channel"],
                thread_ts=thread_ts,
                author_id=author_id,
                ts=event["ts"],
            )
        if changed is not None:
            refresh_request_message(client=client, request=changed)
