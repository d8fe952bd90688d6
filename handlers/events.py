"""Events API: channel membership, people leaving, thread replies. Redeliveries are dropped by
`event_id`, claimed in the same transaction as the event's effect."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.core.errors import BadPayload
from bot.core.i18n import t
from bot.deps import Deps
from bot.pairing.service import stop_team_of_channel
from bot.requests.render import queue_refresh, show_request
from bot.requests.service import record_reply
from bot.slack import payload
from bot.slack.dedupe import claim_event, first_delivery
from bot.slack.listeners import listener
from bot.teams.leads import (
    admins_to_tell,
    ask_for_a_new_lead,
    ask_teams_for_a_new_lead,
    lead_is_leaving,
    send_team_posts,
    teams_led_alone,
)
from bot.teams.reconcile import set_up_invited_team
from bot.teams.service import add_member, leave_all_teams, remove_member

# Message subtypes that are still a person writing in the thread.
_REPLY_SUBTYPES = {None, "thread_broadcast", "file_share"}
# Removed from, or archived: public channels and private ones ("groups") alike.
_CHANNEL_GONE = ("channel_left", "channel_archive", "group_left", "group_archive")


def register(app: App, deps: Deps) -> None:
    """Register event listeners."""
    app.event("member_joined_channel")(listener(handle_member_joined_event, deps))
    app.event("member_left_channel")(listener(handle_member_left_event, deps))
    app.event("user_change")(listener(handle_user_change_event, deps))
    app.event("message")(listener(handle_message_event, deps))
    for gone in _CHANNEL_GONE:
        app.event(gone)(listener(handle_channel_gone_event, deps))


def handle_member_joined_event(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, deps: Deps
) -> None:
    """The bot invited: the channel becomes a team. A person: welcomed privately."""
    event = payload.event_of(body)
    channel_id, user_id = payload.text(event, "channel"), payload.text(event, "user")
    workspace_id = payload.optional_text(event, "team") or payload.optional_text(body, "team_id")
    inviter = payload.optional_text(event, "inviter")
    if not first_delivery(deps.session_factory, body={"event_id": payload.event_id(body)}):
        return
    if user_id == context.bot_user_id:
        # Invited into a channel: the channel becomes a team, the inviter its lead.
        set_up_invited_team(
            client=client,
            deps=deps,
            channel_id=channel_id,
            workspace_id=workspace_id or "",
            inviter=inviter,
        )
        return
    user = deps.users.get(user_id)
    if user is None or not user.is_human:
        return
    with deps.session_factory.begin() as session:
        joined_team = add_member(session, channel_id=channel_id, user_id=user_id)
    if joined_team:  # only the newcomer sees it, so the channel stays quiet
        text = t("team.welcome", deps.users.language(user_id))
        client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)


def handle_user_change_event(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A deactivated colleague leaves every team: no buddy rounds, no expert requests. Each
    team they were the last lead of is asked to pick a new one and the workspace's admins
    are told, once, as when a lead leaves the channel."""
    user = payload.event_of(body).get("user")
    if not isinstance(user, dict):
        raise BadPayload("no user in user_change")
    user_id, event_id = payload.text(user, "id"), payload.event_id(body)
    deps.users.forget(user_id)  # locale or status may have changed
    if user.get("deleted") is not True:
        return
    with deps.session_factory() as session:
        leading = teams_led_alone(session, user_id=user_id)
    # Asked of Slack before the transaction: only when a team is losing its last lead.
    admins = admins_to_tell(client) if leading else []
    languages = {admin: deps.users.language(admin) for admin in admins}
    with deps.session_factory.begin() as session:
        if not claim_event(session, event_id=event_id):
            return
        asked = ask_teams_for_a_new_lead(
            session,
            teams=leave_all_teams(session, user_id=user_id),
            user_id=user_id,
            event_id=event_id,
            admins=admins,
            language_of=languages,
        )
    for team_id in asked:
        send_team_posts(client=client, session_factory=deps.session_factory, team_id=team_id)


def handle_member_left_event(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, deps: Deps
) -> None:
    """The bot removed: the team stops. A person: they leave the team; if they were its last
    lead, the team is asked to pick a new one and the workspace's admins are told, once."""
    event = payload.event_of(body)
    channel_id, user_id = payload.text(event, "channel"), payload.text(event, "user")
    event_id = payload.event_id(body)
    if user_id == context.bot_user_id:
        if first_delivery(deps.session_factory, body={"event_id": event_id}):
            stop_team_of_channel(
                client=client, session_factory=deps.session_factory, channel_id=channel_id
            )
        return
    with deps.session_factory() as session:
        was_lead = lead_is_leaving(session, channel_id=channel_id, user_id=user_id)
    # Asked of Slack before the transaction: only when the team is losing its last lead.
    admins = admins_to_tell(client) if was_lead else []
    languages = {admin: deps.users.language(admin) for admin in admins}
    with deps.session_factory.begin() as session:
        if not claim_event(session, event_id=event_id):
            return
        left = remove_member(session, channel_id=channel_id, user_id=user_id)
        team_id = None
        if left and was_lead:
            team_id = ask_for_a_new_lead(
                session,
                channel_id=channel_id,
                user_id=user_id,
                event_id=event_id,
                admins=admins,
                language_of=languages,
            )
    if team_id is not None:
        send_team_posts(client=client, session_factory=deps.session_factory, team_id=team_id)


def handle_channel_gone_event(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """The bot left or the channel was archived: the team stops and its lead is told once."""
    channel_id = payload.text(payload.event_of(body), "channel")
    if first_delivery(deps.session_factory, body={"event_id": payload.event_id(body)}):
        stop_team_of_channel(
            client=client, session_factory=deps.session_factory, channel_id=channel_id
        )


def handle_message_event(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, deps: Deps
) -> None:
    """A person wrote in a request's thread: recorded (who and when, never what)."""
    event = payload.event_of(body)
    thread_ts, author_id = payload.optional_text(event, "thread_ts"), event.get("user")
    if (
        event.get("subtype") not in _REPLY_SUBTYPES
        or not thread_ts
        or thread_ts == event.get("ts")
        or not author_id
        or author_id == context.bot_user_id
    ):
        return
    author_id, channel_id = payload.text(event, "user"), payload.text(event, "channel")
    ts, event_id = payload.text(event, "ts"), payload.event_id(body)
    with deps.session_factory.begin() as session:
        if not claim_event(session, event_id=event_id):
            return
        changed = record_reply(
            session, channel_id=channel_id, thread_ts=thread_ts, author_id=author_id, ts=ts
        )
        if changed is None:
            return
        queue_refresh(session, request=changed)
    show_request(client=client, session_factory=deps.session_factory, request_id=changed.id)
