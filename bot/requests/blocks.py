"""Block Kit builders of a request's messages: the request, its notice, its failure note."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.i18n import Language, t
from bot.requests.choices import RequestKind, Route
from bot.requests.listing import Listed
from bot.requests.modals import ICS_SIDES
from bot.slack import ids
from bot.slack.mrkdwn import escape, format_day, join_people, mention_list
from bot.slack.payload import RequestButton
from bot.slack.widgets import button, context
from models import (
    LIVE_STATUSES,
    RequestStatus,
    SparringRequest,
)


def request_fallback_text(request: SparringRequest) -> str:
    """Notification text of the request message: no case content, as it shows on lock screens."""
    return t("msg.request.fallback", request.language, requester=request.requester_id)


def topic_name(request: SparringRequest) -> str | None:
    """The request's topic in its language, if it has one."""
    return request.topic.name(request.language) if request.topic else None


def build_request_message(request: SparringRequest) -> list[Block]:
    """The request as posted in its conversation, with its status and the buttons its state
    allows. Withdrawn and expired requests show no case content."""
    language = request.language
    if request.content_deleted_at or request.status in (
        RequestStatus.WITHDRAWN,
        RequestStatus.EXPIRED,
    ):
        return build_compact_message(request)
    recipients = mention_list(request.recipient_ids)
    intro = (
        t("msg.request.intro", language, requester=request.requester_id, recipients=recipients)
        if recipients
        else t("msg.request.fallback", language, requester=request.requester_id)
    )
    blocks: list[Block] = [
        HeaderBlock(text=t("msg.request.header", language)),
        SectionBlock(text=intro),
    ]
    if request.kind == RequestKind.QUICK:
        blocks.append(context(t("msg.request.quick", language)))
    blocks += case_sections(language, request)
    blocks.append(SectionBlock(fields=_request_facts(request)))
    # What was asked for, and the team's rule on feedback when it was sent.
    asked = t("msg.request.asked", language, mode=t(f"feedback.{request.feedback_mode}", language))
    if request.feedback_rule:
        asked += "\n" + t("msg.request.team_rule", language, rule=request.feedback_rule)
    blocks += [
        context(asked[:3000]),
        DividerBlock(),
        context(request_status_line(request)),
    ]
    buttons = _request_buttons(request)
    if buttons:
        blocks += [
            context(t("msg.request.reply_here", language)),
            ActionsBlock(block_id=ids.Block.REQUEST_ACTIONS, elements=buttons),
        ]
    return blocks


def case_sections(
    language: Language, request: SparringRequest, *, cut: bool = False
) -> list[Block]:
    """The case's ICS sides and question, each under its label and escaped; with `cut`, each
    within a section's 3,000 characters."""
    texts = {
        "child": request.child_text,
        "parenting": request.parenting_text,
        "family": request.family_text,
    }
    parts = [(t(f"field.{key}", language), texts[side]) for side, _block, _action, key in ICS_SIDES]
    parts.append((t("msg.request.question", language), request.question_text))
    sections = [f"*{label}*\n{escape(text)}" for label, text in parts if text]
    return [SectionBlock(text=text[:3000] if cut else text) for text in sections]


def _request_facts(
    request: SparringRequest, *, for_channel: bool = False
) -> list[MarkdownTextObject]:
    """Topic, kind of help, form, feedback and deadline; in a channel only topic, kind of help
    and deadline (the brief allows no more there)."""
    language = request.language
    deadline = (
        format_day(request.deadline) if request.deadline else t("msg.request.no_deadline", language)
    )
    facts = [("msg.request.wants", t(f"help_kind.{request.help_kind}", language))]
    if not for_channel:
        facts += [
            ("msg.request.form", t(f"form.{request.form}", language)),
            ("msg.request.feedback", t(f"feedback.{request.feedback_mode}", language)),
        ]
    facts.append(("msg.request.deadline", deadline))
    if topic := topic_name(request):
        facts.insert(0, ("msg.request.topic", escape(topic)))
    return [MarkdownTextObject(text=f"*{t(label, language)}*\n{value}") for label, value in facts]


# Which buttons each state shows; who may press them is checked when they are pressed.
_BUTTONS: dict[str, tuple[ids.Action, ...]] = {
    RequestStatus.OPEN: (
        ids.Action.ACCEPT,
        ids.Action.REPLY,
        ids.Action.DECLINE,
        ids.Action.HAND_OVER,
        ids.Action.CLOSE_REQUEST,
        ids.Action.WITHDRAW,
    ),
    RequestStatus.ACCEPTED: (
        ids.Action.REPLY,
        ids.Action.HAND_OVER,
        ids.Action.CLOSE_REQUEST,
        ids.Action.WITHDRAW,
    ),
    # A question back in the thread also counts as an answer; passing on stays possible.
    RequestStatus.ANSWERED: (
        ids.Action.REPLY,
        ids.Action.HAND_OVER,
        ids.Action.CLOSE_REQUEST,
        ids.Action.WITHDRAW,
    ),
}


_BUTTON_LABELS: dict[ids.Action, str] = {
    ids.Action.ACCEPT: "button.accept",
    ids.Action.REPLY: "button.reply",
    ids.Action.DECLINE: "button.decline",
    ids.Action.HAND_OVER: "button.hand_over",
    ids.Action.CLOSE_REQUEST: "button.close",
    ids.Action.WITHDRAW: "button.withdraw",
}


def recipients_text(language: Language, request: Listed) -> str:
    """Whom a request is with now: mentions, the whole team (nobody has taken it yet), or the
    requester again (everyone passed it back)."""
    if request.recipient_ids:
        return join_people(language, request.recipient_ids)
    if request.route == Route.TEAM and not request.asked_ids:
        return t("home.whole_team", language)
    if request.route == Route.MEETING:
        return t("route.meeting", language)
    return t("home.back_to_you", language)


def _button_label(request: SparringRequest, action: ids.Action) -> str:
    # Only an expert request goes on to someone else; any other comes back to the requester.
    if action == ids.Action.DECLINE and request.route != Route.EXPERT:
        return "button.decline_back"
    return _BUTTON_LABELS[action]


def _request_buttons(request: SparringRequest) -> list[ButtonElement]:
    actions = _BUTTONS.get(request.status, ())
    if not request.recipient_ids:  # sent back: only the requester's choices remain
        actions = (ids.Action.HAND_OVER, ids.Action.WITHDRAW) if actions else ()
    # The generation tells a click on a message the request has left from a current one.
    value = RequestButton(request.id, request.delivery_generation).encode()
    return [
        button(
            request.language,
            action,
            _button_label(request, action),
            value,
            "primary" if action in (ids.Action.ACCEPT, ids.Action.REPLY) else None,
        )
        for action in actions
    ]


def request_status_line(request: Listed) -> str:
    """The request's status in one line."""
    language = request.language
    if request.status == RequestStatus.OPEN and not request.asked_ids:
        return t("status.team_waiting", language)
    if request.status == RequestStatus.OPEN and not request.recipient_ids:
        return t("status.unassigned", language)
    if request.status == RequestStatus.ACCEPTED and request.accepted_by:
        return t("status.accepted", language, helper=request.accepted_by)
    return status_line(language, request.status, answered_by=request.answered_by)


def status_line(language: Language, status: str, *, answered_by: str | None) -> str:
    """A status in one line (for lists, where only the status and the answerer are known)."""
    if status == RequestStatus.ANSWERED and answered_by:
        return t("status.answered", language, author=answered_by)
    if status in (RequestStatus.ANSWERED, RequestStatus.ACCEPTED):
        return t("status.open", language)
    return t(f"status.{status}", language)


def build_compact_message(request: SparringRequest, *, moved: bool = False) -> list[Block]:
    """What is left of a request message once the request moved on, was withdrawn or expired:
    who and what happened, never the case content."""
    language = request.language
    if moved:
        text = t("msg.moved", language)
    else:
        status = t(f"closed.{request.status}", language)
        text = t("msg.closed_compact", language, requester=request.requester_id, status=status)
    return [SectionBlock(text=text)]


def build_team_notice(request: SparringRequest, *, helper: str | None = None) -> list[Block]:
    """The whole-team notice in the team channel: who, topic, kind of help, deadline — no case
    content — and the button for the first colleague who can help."""
    language = request.language
    blocks: list[Block] = [
        SectionBlock(
            text=t("msg.team_notice", language, requester=request.requester_id),
            fields=_request_facts(request, for_channel=True),
        )
    ]
    holder = helper or next(iter(request.recipient_ids), None)
    if holder or request.status not in LIVE_STATUSES:
        status = (
            t("status.taken", language, helper=holder) if holder else request_status_line(request)
        )
        blocks.append(context(status))
        return blocks
    first = RequestButton(request.id).encode()
    current = RequestButton(request.id, request.delivery_generation).encode()
    blocks += [
        context(t("msg.team_notice_hint", language)),
        ActionsBlock(
            block_id=ids.Block.NOTICE_ACTIONS,
            elements=[
                button(language, ids.Action.I_CAN_HELP, "button.i_can_help", first, "primary"),
                # For the requester (checked on press); the generation makes a hand-over modal
                # opened before a colleague took the request change nothing.
                button(language, ids.Action.HAND_OVER, "button.hand_over", current),
                button(language, ids.Action.WITHDRAW, "button.withdraw", current),
            ],
        ),
    ]
    return blocks


def build_delivery_failed(
    language: Language, *, request_id: int, recipients: Sequence[str], permanent: bool = False
) -> list[Block]:
    """Tell the requester their request is saved but not delivered: retry if it may work
    later, and hand it to someone else in any case."""
    key = "msg.delivery_impossible" if permanent else "msg.delivery_failed"
    value = RequestButton(request_id).encode()
    buttons = [button(language, ids.Action.HAND_OVER, "button.hand_over", value)]
    if not permanent:
        buttons.insert(
            0, button(language, ids.Action.RETRY_DELIVERY, "button.retry", value, "primary")
        )
    return [
        SectionBlock(text=t(key, language, recipients=mention_list(recipients))),
        ActionsBlock(block_id=ids.Block.RETRY_ACTIONS, elements=buttons),
    ]
