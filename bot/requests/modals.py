"""Block Kit builders of the request form and the modals that act on one request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.requests.choices import (
    AVAILABLE_ROUTES,
    FORM_CHOICES,
    FeedbackMode,
    Form,
    HelpKind,
    RequestKind,
    Route,
)
from bot.requests.form import ICS_LIMIT, QUESTION_LIMIT, RequestModalMetadata, RequestRef
from bot.slack import ids
from bot.slack.widgets import form_modal, radio_input, text_input
from bot.teams.blocks import topic_options
from models import (
    Topic,
)

# (form field, block, action, label key, hint key) of the three ICS sides, in the triangle's order.
ICS_SIDES: tuple[tuple[str, ids.Block, ids.Action, str], ...] = (
    ("child", ids.Block.CHILD, ids.Action.CHILD, "child"),
    ("parenting", ids.Block.PARENTING, ids.Action.PARENTING, "parenting"),
    ("family", ids.Block.FAMILY, ids.Action.FAMILY, "family"),
)


@dataclass(frozen=True)
class RulesShown:
    """The team's rules as the form shows them: three lines at most, the feedback modes they
    allow, and the team whose full rules the button shows."""

    team_id: int
    lines: Sequence[str]
    feedback_modes: Sequence[FeedbackMode]


def _rules_brief(language: Language, rules: RulesShown) -> list[Block]:
    """The rules in brief, with a button to see them all."""
    text = "\n".join([t("rules.in_brief", language), *rules.lines[:3]])
    return [
        SectionBlock(
            block_id=ids.Block.RULES_BRIEF,
            text=text[:3000],
            accessory=ButtonElement(
                action_id=ids.Action.RULES_SHOW,
                text=t("rules.button.all", language),
                value=str(rules.team_id),
            ),
        )
    ]


@dataclass(frozen=True)
class TeamChoice:
    """A team the requester may file the request under."""

    id: int
    name: str


def build_request_modal(
    language: Language,
    *,
    teams: Sequence[TeamChoice],
    metadata: RequestModalMetadata,
    initial_route: Route = Route.COLLEAGUE,
    routes: Sequence[Route] = AVAILABLE_ROUTES,
    topics: Sequence[tuple[TeamChoice, Sequence[Topic]]] = (),
    kind: RequestKind = RequestKind.CASE,
    rules: RulesShown | None = None,
    meeting_note: str | None = None,
) -> View:
    """The ICS-structured request form. It shows only what applies: the ICS sides for a case
    (not a quick question), the topic for an expert, the colleague for a specific colleague;
    choosing the kind or the route rebuilds it with the same block ids, so Slack keeps what
    was typed."""
    route = initial_route
    blocks: list[Block] = [
        ContextBlock(elements=[MarkdownTextObject(text=t("modal.intro", language))])
    ]
    if rules is not None:
        blocks += _rules_brief(language, rules)
    if len(teams) > 1:
        blocks.append(
            InputBlock(
                block_id=ids.Block.TEAM,
                label=t("field.team", language),
                element=StaticSelectElement(
                    action_id=ids.Action.TEAM,
                    options=[Option(value=str(team.id), text=team.name[:75]) for team in teams],
                ),
            )
        )
    elif not teams:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=t("modal.no_team", language))])
        )
    blocks.append(
        radio_input(
            language,
            block=ids.Block.KIND,
            action=ids.Action.KIND,
            label="field.kind",
            prefix="kind",
            values=list(RequestKind),
            initial=kind,
            dispatch=True,
        )
    )
    for _field, block, action, key in ICS_SIDES if kind == RequestKind.CASE else ():
        blocks.append(
            InputBlock(
                block_id=block,
                label=t(f"field.{key}", language),
                hint=t(f"hint.{key}", language, limit=ICS_LIMIT),
                optional=True,
                element=PlainTextInputElement(
                    action_id=action, multiline=True, max_length=ICS_LIMIT
                ),
            )
        )
    blocks.append(
        InputBlock(
            block_id=ids.Block.QUESTION,
            label=t("field.question", language),
            hint=t("hint.question", language, limit=QUESTION_LIMIT),
            element=PlainTextInputElement(
                action_id=ids.Action.QUESTION, multiline=True, max_length=QUESTION_LIMIT
            ),
        )
    )
    blocks += [
        radio_input(
            language,
            block=ids.Block.HELP_KIND,
            action=ids.Action.HELP_KIND,
            label="field.help_kind",
            prefix="help_kind",
            values=list(HelpKind),
        ),
    ]
    if route != Route.MEETING:  # at the meeting the form is the meeting
        blocks.append(
            radio_input(
                language,
                block=ids.Block.FORM,
                action=ids.Action.FORM,
                label="field.form",
                prefix="form",
                values=list(FORM_CHOICES),
                initial=Form.WRITTEN,
            )
        )
    modes = list(rules.feedback_modes) if rules else list(FeedbackMode)
    blocks += [
        radio_input(
            language,
            block=ids.Block.FEEDBACK,
            action=ids.Action.FEEDBACK,
            label="field.feedback",
            prefix="feedback",
            values=modes,
            initial=modes[0] if len(modes) == 1 else None,
        ),
        InputBlock(
            block_id=ids.Block.DEADLINE,
            label=t("field.deadline", language),
            optional=True,
            element=DatePickerElement(action_id=ids.Action.DEADLINE),
        ),
        radio_input(
            language,
            block=ids.Block.ROUTE,
            action=ids.Action.ROUTE,
            label="field.route",
            prefix="route",
            values=list(routes),
            initial=route,
            dispatch=True,
        ),
    ]
    if route == Route.EXPERT:
        # Optional for Slack so that a team without topics still gets the form; the parser
        # says inline that a topic is needed.
        blocks += _topic_select(language, topics)
    if route == Route.MEETING and meeting_note:
        blocks.append(
            ContextBlock(
                block_id=ids.Block.MEETING_NOTE,
                elements=[MarkdownTextObject(text=meeting_note)],
            )
        )
    if route == Route.COLLEAGUE:
        blocks.append(
            InputBlock(
                block_id=ids.Block.COLLEAGUE,
                label=t("field.colleague", language),
                optional=True,
                element=UserSelectElement(action_id=ids.Action.COLLEAGUE),
            )
        )
    return form_modal(
        language,
        callback=ids.Callback.REQUEST,
        title="modal.title",
        submit="modal.submit",
        metadata=metadata.dump(),
        blocks=blocks,
    )


def _topic_select(
    language: Language, topics: Sequence[tuple[TeamChoice, Sequence[Topic]]]
) -> list[Block]:
    """The topic field: option groups per team when the requester is in several."""
    offered = [(team, list(team_topics)) for team, team_topics in topics if team_topics]
    if not offered:
        return []
    if len(offered) == 1:
        element = StaticSelectElement(
            action_id=ids.Action.TOPIC, options=topic_options(language, offered[0][1])
        )
    else:
        element = StaticSelectElement(
            action_id=ids.Action.TOPIC,
            option_groups=[
                OptionGroup(label=team.name[:75], options=topic_options(language, team_topics))
                for team, team_topics in offered
            ],
        )
    return [
        InputBlock(
            block_id=ids.Block.TOPIC,
            label=t("field.topic", language),
            hint=t("hint.topic", language),
            optional=True,
            element=element,
        )
    ]


ANSWER_LIMIT = 2900  # the answer is posted as one section (3,000) with a short label


def build_reply_modal(language: Language, *, metadata: RequestRef) -> View:
    """The helper's answer, which the bot posts in the request's thread."""
    return form_modal(
        language,
        callback=ids.Callback.REPLY,
        title="reply.title",
        submit="modal.submit",
        metadata=metadata.dump(),
        blocks=[
            text_input(
                language,
                block=ids.Block.ANSWER,
                action=ids.Action.ANSWER,
                label="field.answer",
                hint="hint.answer",
                max_length=ANSWER_LIMIT,
            )
        ],
    )


def build_close_modal(language: Language, *, metadata: RequestRef) -> View:
    """Closing a request, with an optional thank-you to whoever helped."""
    return form_modal(
        language,
        callback=ids.Callback.CLOSE,
        title="close.title",
        submit="button.close",
        metadata=metadata.dump(),
        blocks=[
            SectionBlock(text=t("close.intro", language)),
            text_input(
                language,
                block=ids.Block.THANKS,
                action=ids.Action.THANKS,
                label="field.thanks",
                hint="hint.thanks",
                optional=True,
                max_length=1000,
            ),
        ],
    )


def build_hand_over_modal(language: Language, *, metadata: RequestRef) -> View:
    """Handing a request to a named colleague."""
    return form_modal(
        language,
        callback=ids.Callback.HAND_OVER,
        title="handover.title",
        submit="handover.title",
        metadata=metadata.dump(),
        blocks=[
            InputBlock(
                block_id=ids.Block.NEW_HOLDER,
                label=t("field.new_holder", language),
                element=UserSelectElement(action_id=ids.Action.NEW_HOLDER),
            )
        ],
    )
