"""Journeys that alternate Slack calls and short transactions, never one inside the other."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from bot.app import Deps
from bot.blocks import (
    HomeItem,
    TeamChoice,
    build_home,
    build_loading_modal,
    build_notice_modal,
    build_request_message,
    build_request_modal,
    build_settings_modal,
    request_fallback_text,
)
from bot.choices import Route
from bot.forms import RequestModalMetadata, SettingsMetadata
from bot.i18n import t
from bot.pairing import groups_of
from bot.participation import is_lead
from bot.request_service import open_requests_for
from bot.teams import setup_team, teams_for_user
from models import SparringRequest, Team

log = logging.getLogger(__name__)


def open_request_modal(
    *,
    client: WebClient,
    deps: Deps,
    trigger_id: str,
    user_id: str,
    origin_channel_id: str | None,
) -> None:
    """Open the request form: a small modal first (the trigger dies after 3 s), then fill it."""
    opened = client.views_open(
        trigger_id=trigger_id, view=build_loading_modal(deps.users.cached_language(user_id))
    )["view"]
    language = deps.users.language(user_id)
    with deps.session_factory() as session:
        teams = [
            TeamChoice(id=team.id, name=team.name)
            for team in teams_for_user(session, user_id=user_id)
        ]
        has_buddy = bool(groups_of(session, user_id=user_id, on=deps.today()))
    metadata = RequestModalMetadata(
        language=language,
        origin_channel_id=origin_channel_id,
        team_ids=[team.id for team in teams],
    )
    try:
        client.views_update(
            view_id=opened["id"],
            hash=opened.get("hash"),
            view=build_request_modal(
                language,
                teams=teams,
                metadata=metadata,
                initial_route=Route.BUDDY if has_buddy else Route.COLLEAGUE,
            ),
        )
    except SlackApiError as error:
        # The person may have closed the small modal already; nothing is lost.
        log.info("request modal not filled: %s", error.response.get("error"))


def refresh_request_message(*, client: WebClient, request: SparringRequest) -> None:
    """Show the request's current status on its message."""
    if request.channel_id is None or request.message_ts is None:
        return
    client.chat_update(
        channel=request.channel_id,
        ts=request.message_ts,
        text=request_fallback_text(request),
        blocks=build_request_message(request),
    )


def publish_home(*, client: WebClient, deps: Deps, user_id: str) -> None:
    """Publish the person's App Home with their open requests."""
    language = deps.users.language(user_id)
    with deps.session_factory() as session:
        sent, waiting = open_requests_for(session, user_id=user_id)
        sent_items = [_home_item(deps, request, request.recipient_ids) for request in sent]
        waiting_items = [_home_item(deps, request, [request.requester_id]) for request in waiting]
    client.views_publish(
        user_id=user_id, view=build_home(language, sent=sent_items, waiting=waiting_items)
    )


def _home_item(deps: Deps, request: SparringRequest, people: list[str]) -> HomeItem:
    return HomeItem(
        status=request.status,
        answered_by=request.answered_by,
        people=tuple(people),
        created=request.created_at.astimezone(deps.settings.tz).strftime("%d.%m.%Y"),
    )


def open_team_settings(
    *,
    client: WebClient,
    deps: Deps,
    trigger_id: str,
    user_id: str,
    channel_id: str,
    workspace_id: str,
) -> None:
    """`/sparring opsæt` in a channel: open a modal at once, then register and sync the team,
    then show the lead the settings (others see the member count)."""
    opened = client.views_open(
        trigger_id=trigger_id, view=build_loading_modal(deps.users.cached_language(user_id))
    )["view"]
    language = deps.users.language(user_id)

    def show(view: View) -> None:
        client.views_update(view_id=opened["id"], hash=opened.get("hash"), view=view)

    try:
        is_member = client.conversations_info(channel=channel_id)["channel"].get("is_member")
    except SlackApiError as error:
        if error.response.get("error") != "channel_not_found":
            raise
        is_member = False
    if not is_member:
        show(build_notice_modal(language, t("setup.not_member", language)))
        return
    result = setup_team(
        client=client,
        users=deps.users,
        session_factory=deps.session_factory,
        channel_id=channel_id,
        workspace_id=workspace_id,
        lead_id=user_id,
        timezone=deps.settings.timezone,
        language=deps.settings.default_language,
    )
    with deps.session_factory() as session:
        team = session.get(Team, result.team_id)
        assert team is not None
        lead = is_lead(team, user_id=user_id, users=deps.users)
        if lead:
            metadata = SettingsMetadata(team_id=team.id, language=language)
            view = build_settings_modal(language, team=team, metadata=metadata)
    if not lead:
        view = build_notice_modal(
            language, t("settings.not_lead", language, count=result.member_count)
        )
    show(view)
