"""Journeys that alternate Slack calls and short transactions, never one inside the other."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.app import Deps
from bot.blocks import (
    HomeItem,
    TeamChoice,
    buddy_lines,
    build_expert_modal,
    build_home,
    build_loading_modal,
    build_notice_modal,
    build_request_message,
    build_request_modal,
    build_settings_modal,
    build_team_notice,
    build_topics_modal,
    request_fallback_text,
)
from bot.choices import AVAILABLE_ROUTES, Route
from bot.forms import ExpertMetadata, RequestModalMetadata, SettingsMetadata
from bot.i18n import Language, t
from bot.pairing import groups_of
from bot.participation import is_lead
from bot.request_service import open_requests_for
from bot.teams import get_team, setup_team, teams_for_user
from bot.topics import expert_topic_ids, topics_of
from models import SparringRequest, Team

log = logging.getLogger(__name__)


def open_then_fill(
    *,
    client: WebClient,
    deps: Deps,
    trigger_id: str,
    user_id: str,
    fill: Callable[[Language], View],
) -> None:
    """Open a small modal at once (a trigger dies after 3 s and works once), then replace it
    with the view `fill` builds, which may read the database and ask Slack."""
    opened = client.views_open(
        trigger_id=trigger_id, view=_loading_modal(deps.users.cached_language(user_id))
    )["view"]
    view = fill(deps.users.language(user_id))
    try:
        client.views_update(view_id=opened["id"], hash=opened.get("hash"), view=view)
    except SlackApiError as error:
        # The person may have closed the small modal already; nothing is lost.
        log.info("modal not filled: %s", error.response.get("error"))


@functools.cache
def _loading_modal(language: Language) -> dict[str, Any]:
    # Built and validated once per language: this is the only work before views.open.
    return build_loading_modal(language).to_dict()


def open_request_modal(
    *,
    client: WebClient,
    deps: Deps,
    trigger_id: str,
    user_id: str,
    origin_channel_id: str | None,
) -> None:
    """Open the request form."""

    def fill(language: Language) -> View:
        with deps.session_factory.begin() as session:
            teams = teams_for_user(session, user_id=user_id)
            choices = [TeamChoice(id=team.id, name=team.name) for team in teams]
            topics = [
                (choice, topics_of(session, team=team))
                for choice, team in zip(choices, teams, strict=True)
            ]
            has_buddy = bool(groups_of(session, user_id=user_id, on=deps.today()))
        metadata = RequestModalMetadata(
            language=language,
            origin_channel_id=origin_channel_id,
            team_ids=[team.id for team in choices],
            topic_teams={topic.id: choice.id for choice, listed in topics for topic in listed},
        )
        # Only the ways that can work for this person: no buddy, no "my buddy"; no team, only
        # a specific colleague.
        routes = [
            route
            for route in AVAILABLE_ROUTES
            if route is Route.COLLEAGUE or (choices and (route is not Route.BUDDY or has_buddy))
        ]
        return build_request_modal(
            language,
            teams=choices,
            metadata=metadata,
            initial_route=Route.BUDDY if has_buddy else Route.COLLEAGUE,
            routes=routes,
            topics=topics,
        )

    open_then_fill(client=client, deps=deps, trigger_id=trigger_id, user_id=user_id, fill=fill)


def open_team_settings(
    *,
    client: WebClient,
    deps: Deps,
    trigger_id: str,
    user_id: str,
    channel_id: str,
    workspace_id: str,
) -> None:
    """`/sparring opsæt` in a channel: register and sync the team, then show the lead the
    settings (others see the member count)."""

    def fill(language: Language) -> View:
        try:
            is_member = client.conversations_info(channel=channel_id)["channel"].get("is_member")
        except SlackApiError as error:
            if error.response.get("error") != "channel_not_found":
                raise
            is_member = False
        if not is_member:
            return build_notice_modal(language, t("setup.not_member", language))
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
        admin = deps.users.is_admin(user_id)
        with deps.session_factory() as session:
            team = session.get(Team, result.team_id)
            assert team is not None
            if is_lead(team, user_id=user_id, is_admin=admin):
                metadata = SettingsMetadata(team_id=team.id, language=language)
                return build_settings_modal(language, team=team, metadata=metadata)
        return build_notice_modal(
            language, t("settings.not_lead", language, count=result.member_count)
        )

    open_then_fill(client=client, deps=deps, trigger_id=trigger_id, user_id=user_id, fill=fill)


def team_in_context(session: Session, *, user_id: str, channel_id: str) -> Team | None:
    """The team a command means: the channel's, or the person's only team."""
    team = get_team(session, channel_id=channel_id)
    if team is not None and team.active:
        return team
    teams = teams_for_user(session, user_id=user_id)
    return teams[0] if len(teams) == 1 else None


def no_team_key(session: Session, user_id: str) -> str:
    """Why no team is meant: the person is in none yet, or in several (type it in one)."""
    return "team.pick_channel" if teams_for_user(session, user_id=user_id) else "team.none_yet"


def open_expert_modal(
    *,
    client: WebClient,
    deps: Deps,
    trigger_id: str,
    user_id: str,
    channel_id: str,
    target_id: str | None,
) -> None:
    """`/sparring ekspert [@navn]`: the topics someone covers (a lead may edit anyone's)."""

    def fill(language: Language) -> View:
        admin = deps.users.is_admin(user_id)
        with deps.session_factory.begin() as session:
            team = team_in_context(session, user_id=user_id, channel_id=channel_id)
            if team is None:
                return build_notice_modal(language, t(no_team_key(session, user_id), language))
            whom = target_id or user_id
            if whom != user_id and not is_lead(team, user_id=user_id, is_admin=admin):
                return build_notice_modal(language, t("lead.only", language))
            return build_expert_modal(
                language,
                topics=topics_of(session, team=team),
                chosen=expert_topic_ids(session, team=team, user_id=whom),
                metadata=ExpertMetadata(team_id=team.id, user_id=whom, language=language),
                for_self=whom == user_id,
            )

    open_then_fill(client=client, deps=deps, trigger_id=trigger_id, user_id=user_id, fill=fill)


def open_topics_modal(
    *, client: WebClient, deps: Deps, trigger_id: str, user_id: str, channel_id: str
) -> None:
    """`/sparring emner`: the lead adds, renames and retires the team's topics."""

    def fill(language: Language) -> View:
        admin = deps.users.is_admin(user_id)
        with deps.session_factory.begin() as session:
            team = team_in_context(session, user_id=user_id, channel_id=channel_id)
            if team is None:
                return build_notice_modal(language, t(no_team_key(session, user_id), language))
            if not is_lead(team, user_id=user_id, is_admin=admin):
                return build_notice_modal(language, t("lead.only", language))
            metadata = SettingsMetadata(team_id=team.id, language=language).model_dump_json()
            return build_topics_modal(
                language, topics=topics_of(session, team=team), metadata=metadata
            )

    open_then_fill(client=client, deps=deps, trigger_id=trigger_id, user_id=user_id, fill=fill)


def refresh_request_message(*, client: WebClient, request: SparringRequest) -> None:
    """Show the request's current state on its message, and on its whole-team notice."""
    if request.channel_id is not None and request.message_ts is not None:
        client.chat_update(
            channel=request.channel_id,
            ts=request.message_ts,
            text=request_fallback_text(request),
            blocks=build_request_message(request),
        )
    if request.notice_channel_id is not None and request.notice_ts is not None:
        client.chat_update(
            channel=request.notice_channel_id,
            ts=request.notice_ts,
            text=t("msg.team_notice_fallback", request.language, requester=request.requester_id),
            blocks=build_team_notice(request, helper=request.accepted_by),
        )


def publish_home(*, client: WebClient, deps: Deps, user_id: str) -> None:
    """Publish the person's App Home with their open requests."""
    language = deps.users.language(user_id)
    with deps.session_factory() as session:
        sent, waiting = open_requests_for(session, user_id=user_id)
        sent_items = [_home_item(deps, request, request.recipient_ids) for request in sent]
        waiting_items = [_home_item(deps, request, [request.requester_id]) for request in waiting]
        found = groups_of(session, user_id=user_id, on=deps.today())
        buddies = buddy_lines(language, user_id=user_id, groups=found)
    view = build_home(language, sent=sent_items, waiting=waiting_items, buddies=buddies)
    client.views_publish(user_id=user_id, view=view)


def _home_item(deps: Deps, request: SparringRequest, people: list[str]) -> HomeItem:
    return HomeItem(
        status=request.status,
        answered_by=request.answered_by,
        people=tuple(people),
        created=request.created_at.astimezone(deps.settings.tz).strftime("%d.%m.%Y"),
    )
