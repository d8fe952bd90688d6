"""Journeys that alternate Slack calls and short transactions, never one inside the other."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.app import Deps
from bot.blocks import (
    HomeItem,
    TeamChoice,
    build_home,
    build_loading_modal,
    build_request_message,
    build_request_modal,
    request_fallback_text,
)
from bot.forms import RequestModalMetadata
from bot.request_service import open_requests_for
from bot.teams import teams_for_user
from models import SparringRequest

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
    metadata = RequestModalMetadata(
        language=language,
        origin_channel_id=origin_channel_id,
        team_ids=[team.id for team in teams],
    )
    try:
        client.views_update(
            view_id=opened["id"],
            hash=opened.get("hash"),
            view=build_request_modal(language, teams=teams, metadata=metadata),
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
