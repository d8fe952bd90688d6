"""The team's rules: the buttons to see and propose them, the proposal's buttons in the team
channel (support; the lead adopts or declines), and the modals' submissions."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.core.i18n import t
from bot.core.privacy import contains_cpr
from bot.deps import Deps
from bot.rules.blocks import build_reason_modal
from bot.rules.flow import act_on_proposal, add_reason, push_rules, submit_proposal, update_post
from bot.rules.form import ProposalMetadata, RulesMetadata
from bot.slack import payload
from bot.slack.ids import Action, Block, Callback
from bot.slack.listeners import listener
from bot.slack.modals import open_modal
from bot.slack.state import FormErrors, text_value
from models import ProposalStatus


def register(app: App, deps: Deps) -> None:
    """Register the rules' listeners."""
    app.action(Action.RULES_SHOW)(listener(handle_rules_show_click, deps))
    app.action(Action.RULES_PROPOSE)(listener(handle_rules_propose_click, deps))
    app.action(Action.RULES_SUPPORT)(listener(handle_rules_support_click, deps))
    app.action(Action.RULES_ADOPT)(listener(handle_rules_decision_click, deps))
    app.action(Action.RULES_DECLINE)(listener(handle_rules_decision_click, deps))
    app.view(Callback.RULES_PROPOSE)(listener(handle_rules_proposal_submission, deps))
    app.view(Callback.RULES_REASON)(listener(handle_rules_reason_submission, deps))


def _push(body: dict[str, Any], client: WebClient, deps: Deps, *, propose: bool) -> None:
    push_rules(
        client=client,
        deps=deps,
        trigger_id=payload.trigger_id(body),
        user_id=payload.user_id(body),
        team_id=payload.number(payload.action_value(body)),
        propose=propose,
    )


def handle_rules_show_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """*Se alle spilleregler* in the request form: the rules in full, on top."""
    ack()
    _push(body, client, deps, propose=False)


def handle_rules_propose_click(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """*Foreslå en ændring* under the rules: the propose modal, prefilled, on top."""
    ack()
    _push(body, client, deps, propose=True)


def handle_rules_proposal_submission(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """Store the proposal, post it in the team channel, and say where."""
    view = payload.view_of(body)
    metadata = RulesMetadata.load(view)
    ack()
    text = submit_proposal(
        deps,
        client=client,
        metadata=metadata,
        state=payload.view_state(view),
        user_id=payload.user_id(body),
    )
    client.chat_postMessage(channel=payload.user_id(body), text=text)


def _act(
    body: dict[str, Any], client: WebClient, deps: Deps, action: str
) -> tuple[ProposalStatus, list[dict[str, object]], str]:
    blocks, proposal, text = act_on_proposal(
        deps,
        client=client,
        proposal_id=payload.number(payload.action_value(body)),
        user_id=payload.user_id(body),
        action=action,
    )
    return ProposalStatus(proposal.status), blocks, text


def _show(
    body: dict[str, Any], client: WebClient, blocks: list[dict[str, object]], text: str
) -> None:
    channel_id, ts = payload.container(body)
    if channel_id and ts:
        update_post(client, channel_id=channel_id, ts=ts, blocks=blocks, text=text)


def handle_rules_support_click(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """A colleague supports the proposal; the post shows who does."""
    ack()
    _status, blocks, text = _act(body, client, deps, "support")
    _show(body, client, blocks, text)


def handle_rules_decision_click(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """The lead adopts or declines with one click, then may give a reason; pressed by anyone
    else it changes nothing and says why."""
    ack()
    pressed = payload.action_id(body)
    status, blocks, text = _act(
        body, client, deps, "adopt" if pressed == Action.RULES_ADOPT else "decline"
    )
    language = deps.users.language(payload.user_id(body))
    metadata = ProposalMetadata(
        proposal_id=payload.number(payload.action_value(body)), language=language
    )
    view = build_reason_modal(language, metadata=metadata, adopted=status == ProposalStatus.ADOPTED)
    open_modal(client, trigger_id=payload.trigger_id(body), view=view)
    _show(body, client, blocks, text)


def handle_rules_reason_submission(
    ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps
) -> None:
    """The lead's optional reason: on the post and in its thread."""
    view = payload.view_of(body)
    metadata = ProposalMetadata.load(view)
    reason = text_value(payload.view_state(view), Block.RULES_REASON, Action.RULES_REASON)
    if reason and contains_cpr(reason):
        raise FormErrors({Block.RULES_REASON: t("error.cpr", metadata.language)})
    ack()
    if reason:
        add_reason(
            deps,
            client=client,
            proposal_id=metadata.proposal_id,
            user_id=payload.user_id(body),
            reason=reason,
        )
