"""Opening the request form with what this person may choose, and changing it around a
choice of kind or route."""

from __future__ import annotations

import functools
import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Row, Select, bindparam

from bot.core.db import reading
from bot.core.i18n import Language
from bot.deps import Deps
from bot.meetings.flow import meeting_note
from bot.pairing.buddies import has_buddy_on
from bot.requests.choices import AVAILABLE_ROUTES, RequestKind, Route
from bot.requests.form import RequestModalMetadata
from bot.requests.modals import RulesShown, TeamChoice, build_request_modal
from bot.rules.model import brief
from bot.rules.service import latest_rules_columns, rules_in_force
from bot.slack.modals import open_then_fill
from bot.teams.service import teams_of_user_statement
from bot.teams.topics import seed_topics, topic_names_by_team
from models import Team, utcnow

log = logging.getLogger(__name__)


def open_request_modal(
    *,
    client: WebClient,
    deps: Deps,
    trigger_id: str,
    user_id: str,
    origin_channel_id: str | None,
) -> None:
    """Open the request form."""

    def fill(language: Language) -> dict[str, Any]:
        return request_form(
            deps, user_id=user_id, language=language, origin_channel_id=origin_channel_id
        )

    open_then_fill(client=client, deps=deps, trigger_id=trigger_id, user_id=user_id, fill=fill)


def request_form(
    deps: Deps,
    *,
    user_id: str,
    language: Language,
    origin_channel_id: str | None,
    kind: RequestKind = RequestKind.CASE,
    route: Route | None = None,
) -> dict[str, Any]:
    """The request form for this person: their teams and topics, the routes that can work."""
    with reading(deps.session_factory) as session:
        # One statement for the teams with whether the person has a buddy and the rules in
        # force, one for the topics: columns only, no objects loaded.
        teams = session.execute(_form_teams(), {"user_id": user_id, "on": deps.today()}).all()
        choices = [TeamChoice(id=team.id, name=team.name) for team in teams]
        by_team = topic_names_by_team(session, team_ids=[team.id for team in teams])
        if by_team is None:  # a team's first form: its default topics, then read again
            session.close()
            with deps.session_factory.begin() as writing:
                seed_topics(writing, team_ids=[team.id for team in teams])
            return request_form(
                deps,
                user_id=user_id,
                language=language,
                origin_channel_id=origin_channel_id,
                kind=kind,
                route=route,
            )
        topics = [(choice, by_team[choice.id]) for choice in choices]
        has_buddy = any(team.has_buddy for team in teams)
        # The rules and the meeting shown are those of the team the form is typed in (else
        # the person's first team); the submission checks the team actually chosen.
        team = next((t for t in teams if t.channel_id == origin_channel_id), None) or next(
            iter(teams), None
        )
        rules = _rules_shown(team, language=language) if team else None
        note = (
            meeting_note(session, team_id=team.id, language=language, now=utcnow())
            if team and route is Route.MEETING
            else None
        )
    # Only the ways that can work for this person: no buddy, no "my buddy"; no team, only a
    # specific colleague.
    routes = [
        choice
        for choice in AVAILABLE_ROUTES
        if choice is Route.COLLEAGUE or (choices and (choice is not Route.BUDDY or has_buddy))
    ]
    default = Route.BUDDY if has_buddy else Route.COLLEAGUE
    initial = route if route in routes else default
    # Everything the form shows, as values: equal keys give the same form, so it is built and
    # validated once per process (the database is still read every time, so it is never stale).
    key = (
        language,
        tuple(choices),
        initial,
        tuple(routes),
        tuple(
            (choice, tuple((topic.id, topic.name(language)) for topic in listed))
            for choice, listed in topics
        ),
        kind,
        rules and (rules.team_id, tuple(rules.lines), tuple(rules.feedback_modes)),
        note,
        origin_channel_id,  # with the teams and topics above: all the metadata holds
    )
    built = _FORMS.get(key)
    if built is None:
        metadata = RequestModalMetadata(
            language=language,
            origin_channel_id=origin_channel_id,
            team_ids=[team.id for team in choices],
            topic_teams={topic.id: choice.id for choice, listed in topics for topic in listed},
        )
        view = build_request_modal(
            language,
            teams=choices,
            metadata=metadata,
            initial_route=initial,
            routes=routes,
            topics=topics,
            kind=kind,
            rules=rules,
            meeting_note=note,
        )
        built = view.to_dict()
        if len(_FORMS) >= _FORMS_KEPT:
            _FORMS.clear()  # rarely: more shapes than teams times choices
        _FORMS[key] = built
    return built  # shared by every call with this key: sent as is, never changed


# Request forms built in this process, by what they show (see request_form).
_FORMS: dict[tuple[object, ...], dict[str, Any]] = {}
_FORMS_KEPT = 512


@functools.cache
def _form_teams() -> Select[Any]:
    """The statement of the form's teams (bound: `user_id`, `on`), built once: building it
    costs more than running it."""
    version_id, stored = latest_rules_columns(Team.id)
    return teams_of_user_statement(
        has_buddy_on(Team.id, user_id=bindparam("user_id"), on=bindparam("on")).label("has_buddy"),
        version_id.label("rules_version_id"),
        stored.label("rules"),
    )


def _rules_shown(team: Row[Any], *, language: Language) -> RulesShown:
    """The rules of a team read by `_form_teams`, as the request form shows them."""
    team_language: Language = "en" if team.language == "en" else "da"
    rules = rules_in_force(team.rules_version_id, team.rules, language=team_language)
    return RulesShown(
        team_id=team.id, lines=brief(rules, language), feedback_modes=list(rules.feedback_modes)
    )


def change_request_form(
    *,
    client: WebClient,
    deps: Deps,
    user_id: str,
    view: dict[str, object],
    metadata: RequestModalMetadata,
    kind: RequestKind,
    route: Route | None,
) -> None:
    """Show the fields that apply to the chosen kind and route; Slack keeps what was typed
    because the blocks keep their ids."""
    form = request_form(
        deps,
        user_id=user_id,
        language=metadata.language,
        origin_channel_id=metadata.origin_channel_id,
        kind=kind,
        route=route,
    )
    try:
        # The hash makes Slack refuse the update if the form changed since this choice.
        client.views_update(view_id=str(view.get("id")), hash=view.get("hash"), view=form)
    except SlackApiError as error:
        log.info("request form not changed: %s", error.response.get("error"))
