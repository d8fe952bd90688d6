"""A submitted request form: validate every field, decide who gets it, store it once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.core.db import reading
from bot.core.i18n import t
from bot.deps import Deps
from bot.meetings.service import queue_request
from bot.privacy.confirm import checked, identifiers_in, warning_view
from bot.requests.choices import Route
from bot.requests.form import (
    RequestForm,
    RequestModalMetadata,
    parse_request_submission,
    selected_colleague,
)
from bot.requests.routing import recipient_problem, route_request
from bot.requests.service import create_request, record_confirmation
from bot.rules.model import feedback_rule
from bot.rules.service import rules_for
from bot.slack.ids import Action, Block
from bot.slack.payload import State
from bot.slack.state import FormErrors, selected_value
from models import Team, utcnow


@dataclass(frozen=True)
class Submitted:
    """The stored request's id (None after a double submission), or the modal's inline errors."""

    request_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)
    # The modal again with the identifier warning and its checkbox (response_action: update).
    warning: dict[str, Any] | None = None


def submit_request(
    deps: Deps,
    *,
    state: State,
    metadata: RequestModalMetadata,
    requester_id: str,
    view_id: str,
    view: dict[str, Any] | None = None,
) -> Submitted:
    """Validate, route and store a request; nothing is stored when anything is wrong, or when
    the text seems to name someone and the requester has not ticked that they checked it."""
    form, errors = _validate(deps, state, metadata, requester_id=requester_id)
    if form is None:
        return Submitted(errors=errors)
    kinds = identifiers_in([form.child, form.parenting, form.family, form.question])
    if kinds and not checked(state):
        return Submitted(
            warning=warning_view(view or {}, state, kinds=kinds, language=metadata.language)
        )
    routing = route_request(
        session_factory=deps.session_factory,
        users=deps.users,
        form=form,
        requester_id=requester_id,
        metadata=metadata,
        today=deps.today(),
    )
    if routing.problem is not None:
        block, key, values = routing.problem
        return Submitted(errors={block: t(key, metadata.language, **values)})
    with reading(deps.session_factory) as session:
        rules = rules_for(session, team_id=routing.team_id)
    if rules is not None and not rules.allows(form.feedback_mode):
        allowed = ", ".join(
            t(f"feedback.{mode}", metadata.language) for mode in rules.feedback_modes
        )
        return Submitted(
            errors={Block.FEEDBACK: t("rules.feedback_refused", metadata.language, allowed=allowed)}
        )
    with deps.session_factory.begin() as session:
        request = create_request(
            session,
            form=form,
            requester_id=requester_id,
            recipient_ids=routing.recipients,
            language=metadata.language,
            view_id=view_id,
            origin_channel_id=metadata.origin_channel_id,
            team_id=routing.team_id,
            feedback_rule=feedback_rule(rules, metadata.language) if rules else None,
        )
        if request is not None and form.route is Route.MEETING and routing.team_id is not None:
            team = session.get(Team, routing.team_id)
            if team is not None:
                queue_request(session, request=request, team=team, now=utcnow())
        if request is not None and kinds:
            record_confirmation(session, request=request, actor_id=requester_id)
        return Submitted(request_id=request.id if request else None)


def _validate(
    deps: Deps, state: State, metadata: RequestModalMetadata, *, requester_id: str
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
        problem = recipient_problem(deps.users, colleague_id)
        if problem:
            errors[Block.COLLEAGUE] = t(problem, metadata.language)
    return (form if not errors else None), errors
