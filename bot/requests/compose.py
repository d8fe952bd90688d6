"""Opening the request form with what this person may choose."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.core.i18n import Language
from bot.deps import Deps
from bot.pairing.service import groups_of
from bot.requests.choices import AVAILABLE_ROUTES, Route
from bot.requests.form import RequestModalMetadata
from bot.requests.modals import TeamChoice, build_request_modal
from bot.slack.modals import open_then_fill
from bot.teams.service import teams_for_user
from bot.teams.topics import topics_of


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
