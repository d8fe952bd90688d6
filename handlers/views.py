"""Modal submissions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.i18n import t
from bot.deps import Deps
from bot.pairing.service import apply_settings, buddies_of, next_announcement
from bot.requests.choices import Route
from bot.requests.form import (
    RequestForm,
    RequestModalMetadata,
    parse_request_submission,
    selected_colleague,
)
from bot.requests.routing import choose_expert, expert_candidates
from bot.requests.service import create_request
from bot.slack.ids import Action, Block, Callback
from bot.slack.state import FormErrors, selected_value
from bot.slack.users import UserDirectory
from bot.teams.form import SettingsMetadata, parse_settings_submission
from bot.teams.participation import is_lead
from handlers.actions import deliver
from models import Team, Topic, utcnow


def register(app: App, deps: Deps) -> None:
    """Register view submission listeners."""

    @app.view(Callback.REQUEST)
    def handle_request_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        user_id = body["user"]["id"]
        metadata = RequestModalMetadata.model_validate_json(view["private_metadata"])
        form, errors = _validate(deps, view["state"]["values"], metadata, requester_id=user_id)
        routing = _route(deps, form, requester_id=user_id, metadata=metadata) if form else None
        if routing is not None and routing.problem is not None:
            block, key, values = routing.problem
            errors[block] = t(key, metadata.language, **values)
        if form is None or routing is None or errors:
            ack(response_action="errors", errors=errors)
            return
        with deps.session_factory.begin() as session:
            request = create_request(
                session,
                form=form,
                requester_id=user_id,
                recipient_ids=routing.recipients,
                language=metadata.language,
                view_id=view["id"],
                origin_channel_id=metadata.origin_channel_id,
                team_id=routing.team_id,
            )
            request_id = request.id if request else None
        ack()
        if request_id is not None:  # None: the same view submitted twice, already delivered
            deliver(deps, client, request_id)

    @app.view(Callback.SETTINGS)
    def handle_settings_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        user_id = body["user"]["id"]
        metadata = SettingsMetadata.model_validate_json(view["private_metadata"])
        language = metadata.language
        try:
            form = parse_settings_submission(
                view["state"]["values"], language=language, today=deps.today()
            )
        except FormErrors as error:
            ack(response_action="errors", errors=error.errors)
            return
        admin = deps.users.is_admin(user_id)
        with deps.session_factory.begin() as session:
            team = session.get(Team, metadata.team_id)
            # Checked again on submit: the modal may have been open while the lead changed.
            if team is None or not is_lead(team, user_id=user_id, is_admin=admin):
                ack(response_action="errors", errors={Block.PAIRING: t("error.not_lead", language)})
                return
            apply_settings(team, form)
            channel_id, next_at = team.channel_id, next_announcement(team, now=utcnow())
        ack()
        text = (
            t("settings.saved", language, when=next_at.strftime("%d.%m.%Y %H:%M"))
            if next_at
            else t("settings.saved_off", language)
        )
        client.chat_postEphemeral(channel=channel_id, user=user_id, text=text)


def _validate(
    deps: Deps,
    state: dict[str, Any],
    metadata: RequestModalMetadata,
    *,
    requester_id: str,
) -> tuple[RequestForm | None, dict[str, str]]:
    """The valid form, or None and one message per wrong field."""
    form: RequestForm | None = None
    errors: dict[str, str] = {}
    try:
        form = parse_request_submission(
            state, metadata, requester_id=requester_id, today=deps.today()
        )
    except FormErrors as error:
        errors = error.errors
    # Asked of Slack even when other fields are wrong, so every problem shows at once.
    colleague_id = selected_colleague(state)
    to_colleague = selected_value(state, Block.ROUTE, Action.ROUTE) == Route.COLLEAGUE
    if colleague_id and to_colleague and Block.COLLEAGUE not in errors:
        problem = colleague_problem(deps.users, colleague_id)
        if problem:
            errors[Block.COLLEAGUE] = t(problem, metadata.language)
    return (form if not errors else None), errors


@dataclass(frozen=True)
class Routing:
    """Whom a valid form goes to and under which team, or the inline error that stops it."""

    recipients: list[str] = field(default_factory=list)
    team_id: int | None = None
    problem: tuple[Block, str, dict[str, str]] | None = None


def _route(
    deps: Deps, form: RequestForm, *, requester_id: str, metadata: RequestModalMetadata
) -> Routing:
    if form.route is Route.COLLEAGUE and form.colleague_id:
        return Routing([form.colleague_id], form.team_id)
    if form.route is Route.EXPERT:
        team_id = metadata.topic_teams.get(form.topic_id or 0)
        if team_id is None:
            return Routing(problem=(Block.TOPIC, "error.topic_missing", {}))
        with deps.session_factory() as session:
            team, topic = session.get(Team, team_id), session.get(Topic, form.topic_id)
            assert team is not None
            assert topic is not None
            chosen = choose_expert(
                expert_candidates(
                    session,
                    team=team,
                    topic_id=topic.id,
                    exclude=[requester_id],
                    on=deps.today(),
                )
            )
            if chosen is None:
                name = topic.name(metadata.language)
                return Routing(problem=(Block.TOPIC, "error.no_expert", {"topic": name}))
        return Routing([chosen.user_id], team_id)
    if form.team_id is None:
        return Routing(problem=(Block.ROUTE, "error.no_team", {}))
    if form.route is Route.TEAM:
        return Routing([], form.team_id)
    with deps.session_factory() as session:
        buddies = buddies_of(session, user_id=requester_id, team_id=form.team_id, on=deps.today())
    # A buddy deactivated since the round was made gets nothing.
    buddies = [b for b in buddies if colleague_problem(deps.users, b) is None]
    if not buddies:
        return Routing(problem=(Block.ROUTE, "error.no_buddy", {}))
    return Routing(buddies, form.team_id)


def colleague_problem(users: UserDirectory, colleague_id: str) -> str | None:
    """Why the picked colleague cannot receive a request, as a catalogue key, or None."""
    colleague = users.get(colleague_id)
    if colleague is None:
        return "error.user_unknown"
    if colleague.deleted:
        return "error.deactivated"
    if not colleague.is_human:
        return "error.bot"
    return None
