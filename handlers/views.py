"""Modal submissions."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.app import Deps
from bot.delivery import Delivery, deliver_request, tell_delivery_failed
from bot.forms import (
    FormErrors,
    RequestForm,
    RequestModalMetadata,
    parse_request_submission,
    selected_colleague,
)
from bot.i18n import t
from bot.ids import Block, Callback
from bot.request_service import create_request, get_request
from bot.users import UserDirectory


def register(app: App, deps: Deps) -> None:
    """Register view submission listeners."""

    @app.view(Callback.REQUEST)
    def handle_request_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient
    ) -> None:
        user_id = body["user"]["id"]
        metadata = RequestModalMetadata.model_validate_json(view["private_metadata"])
        form, errors = _validate(deps, view["state"]["values"], metadata, requester_id=user_id)
        if form is None:
            ack(response_action="errors", errors=errors)
            return
        with deps.session_factory.begin() as session:
            request = create_request(
                session,
                form=form,
                requester_id=user_id,
                recipient_ids=[form.colleague_id] if form.colleague_id else [],
                language=metadata.language,
                view_id=view["id"],
                origin_channel_id=metadata.origin_channel_id,
            )
            request_id = request.id if request else None
        ack()
        if request_id is None:
            return  # the same view submitted twice: the first submission delivers it
        outcome = deliver_request(
            client=client, session_factory=deps.session_factory, request_id=request_id
        )
        if outcome is Delivery.FAILED:
            with deps.session_factory() as session:
                stored = get_request(session, request_id=request_id)
            tell_delivery_failed(client=client, request=stored)


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
    if colleague_id and Block.COLLEAGUE not in errors:
        problem = _colleague_problem(deps.users, colleague_id)
        if problem:
            errors[Block.COLLEAGUE] = t(problem, metadata.language)
    return (form if not errors else None), errors


def _colleague_problem(users: UserDirectory, colleague_id: str) -> str | None:
    """Why the picked colleague cannot receive a request, as a catalogue key, or None."""
    colleague = users.get(colleague_id)
    if colleague is None:
        return "error.user_unknown"
    if colleague.deleted:
        return "error.deactivated"
    if not colleague.is_human:
        return "error.bot"
    return None
