"""The request form (*Bed om sparring*): choosing its kind and route, and its submission."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.requests.choices import RequestKind, Route
from bot.requests.compose import change_request_form
from bot.requests.delivery import deliver
from bot.requests.form import RequestModalMetadata
from bot.requests.submit import submit_request
from bot.slack import payload
from bot.slack.ids import Action, Block, Callback
from bot.slack.listeners import listener
from bot.slack.state import selected_value


def register(app: App, deps: Deps) -> None:
    """Register the request form's listeners."""
    app.action(Action.KIND)(listener(handle_form_choice_click, deps))
    app.action(Action.ROUTE)(listener(handle_form_choice_click, deps))
    app.view(Callback.REQUEST)(listener(handle_request_submission, deps))


def handle_form_choice_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A case or a quick question, and whom to send it to: the form shows what applies."""
    ack()
    view = payload.view_of(body)
    state = payload.view_state(view)
    kind = selected_value(state, Block.KIND, Action.KIND)
    route = selected_value(state, Block.ROUTE, Action.ROUTE)
    change_request_form(
        client=client,
        deps=deps,
        user_id=payload.user_id(body),
        view=view,
        metadata=RequestModalMetadata.load(view),
        kind=RequestKind(kind) if kind in set(RequestKind) else RequestKind.CASE,
        route=Route(route) if route in set(Route) else None,
    )


def handle_request_submission(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """Validate, route and store the request, then deliver it after the ack."""
    view = payload.view_of(body)
    submitted = submit_request(
        deps,
        state=payload.view_state(view),
        metadata=RequestModalMetadata.load(view),
        requester_id=payload.user_id(body),
        view_id=payload.view_id(view),
        view=view,
    )
    if submitted.errors:
        ack(response_action="errors", errors=submitted.errors)
        return
    if submitted.warning is not None:  # probable names, phones, e-mails, addresses
        ack(response_action="update", view=submitted.warning)
        return
    ack()
    if submitted.request_id is not None:  # None: the same view submitted twice, already stored
        deliver(
            client=client, session_factory=deps.session_factory, request_id=submitted.request_id
        )
