"""Modal submissions."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.app import Deps
from bot.choices import Route
from bot.delivery import Delivery, deliver_request, tell_delivery_failed
from bot.forms import FormErrors, RequestForm, RequestModalMetadata, parse_request_submission
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
        try:
            form = parse_request_submission(view["state"]["values"], metadata, today=deps.today())
            recipients = _recipients(deps.users, form, requester_id=user_id, metadata=metadata)
        except FormErrors as error:
            ack(response_action="errors", errors=error.errors)
            return
        with deps.session_factory.begin() as session:
            request = create_request(
                session,
                form=form,
                requester_id=user_id,
                recipient_ids=recipients,
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


def _recipients(
    users: UserDirectory, form: RequestForm, *, requester_id: str, metadata: RequestModalMetadata
) -> list[str]:
    """Whom the request goes to, or FormErrors on the field that picked them."""
    if form.route is not Route.COLLEAGUE or form.colleague_id is None:
        raise FormErrors({Block.ROUTE: t("error.route_unavailable", metadata.language)})
    colleague = users.get(form.colleague_id)
    problem = None
    if form.colleague_id == requester_id:
        problem = "error.self"
    elif colleague is None:
        problem = "error.user_unknown"
    elif colleague.deleted:
        problem = "error.deactivated"
    elif not colleague.is_human:
        problem = "error.bot"
    if problem:
        raise FormErrors({Block.COLLEAGUE: t(problem, metadata.language)})
    return [form.colleague_id]
