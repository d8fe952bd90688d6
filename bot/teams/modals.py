"""Opening the team's modals: settings, expert roles, topics."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.core.i18n import Language, t
from bot.deps import Deps
from bot.slack.modals import open_then_fill
from bot.slack.widgets import build_notice_modal
from bot.teams.blocks import build_expert_modal, build_settings_modal, build_topics_modal
from bot.teams.form import ExpertMetadata, SettingsMetadata
from bot.teams.participation import is_lead
from bot.teams.service import no_team_key, setup_team, team_in_context
from bot.teams.topics import expert_topic_ids, topics_of
from models import Team


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
    whom = target_id or user_id

    def fill(language: Language) -> View:
        def build(session: Session, team: Team) -> View:
            return build_expert_modal(
                language,
                topics=topics_of(session, team=team),
                chosen=expert_topic_ids(session, team=team, user_id=whom),
                metadata=ExpertMetadata(team_id=team.id, user_id=whom, language=language),
                for_self=whom == user_id,
            )

        return _for_team(
            deps, user_id, channel_id, language, lead_only=whom != user_id, build=build
        )

    open_then_fill(client=client, deps=deps, trigger_id=trigger_id, user_id=user_id, fill=fill)


def open_topics_modal(
    *, client: WebClient, deps: Deps, trigger_id: str, user_id: str, channel_id: str
) -> None:
    """`/sparring emner`: the lead adds, renames and retires the team's topics."""

    def fill(language: Language) -> View:
        def build(session: Session, team: Team) -> View:
            metadata = SettingsMetadata(team_id=team.id, language=language).dump()
            return build_topics_modal(
                language, topics=topics_of(session, team=team), metadata=metadata
            )

        return _for_team(deps, user_id, channel_id, language, lead_only=True, build=build)

    open_then_fill(client=client, deps=deps, trigger_id=trigger_id, user_id=user_id, fill=fill)


def _for_team(
    deps: Deps,
    user_id: str,
    channel_id: str,
    language: Language,
    *,
    lead_only: bool,
    build: Callable[[Session, Team], View],
) -> View:
    """The modal `build` makes for the team the command means, or a notice why there is none
    (no team, or not the lead where only the lead may)."""
    admin = deps.users.is_admin(user_id)  # asked of Slack before the transaction opens
    with deps.session_factory.begin() as session:
        team = team_in_context(session, user_id=user_id, channel_id=channel_id)
        if team is None:
            return build_notice_modal(language, t(no_team_key(session, user_id), language))
        if lead_only and not is_lead(team, user_id=user_id, is_admin=admin):
            return build_notice_modal(language, t("lead.only", language))
        return build(session, team)
