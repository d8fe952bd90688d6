"""Block Kit builders of the request form and the modals that act on one request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    Option,
    OptionGroup,
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
from bot.slack.widgets import (
    ModalForm,
    context,
    date_input,
    field,
    radio_input,
    select_input,
    text_input,
)
from bot.teams.blocks import topic_options
from bot.teams.topics import TopicName
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


REQUEST_FORM = ModalForm(ids.Callback.REQUEST, "modal.title")


def build_request_modal(
    language: Language,
    *,
    teams: Sequence[TeamChoice],
    metadata: RequestModalMetadata,
    initial_route: Route = Route.COLLEAGUE,
    routes: Sequence[Route] = AVAILABLE_ROUTES,
    topics: Sequence[tuple[TeamChoice, Sequence[Topic | TopicName]]] = (),
    kind: RequestKind = RequestKind.CASE,
    rules: RulesShown | None = None,
    meeting_note: str | None = None,
) -> View:
    """The ICS-structured request form. It shows only what applies: the ICS sides for a case
    (not a quick question), the topic for an expert, the colleague for a specific colleague;
    choosing the kind or the route rebuilds it with the same block ids, so Slack keeps what
    was typed."""
    route = initial_route
    blocks: list[Block] = [context(t("modal.intro", language))]
    if rules is not None:
        blocks += _rules_brief(language, rules)
    if len(teams) > 1:
        options = [Option(value=str(team.id), text=team.name[:75]) for team in teams]
        blocks.append(select_input(language, ids.Block.TEAM, "field.team", options))
    elif not teams:
        blocks.append(context(t("modal.no_team", language)))
    blocks.append(_choice(language, ids.Block.KIND, "kind", list(RequestKind), kind, dispatch=True))
    for _field, block, _action, key in ICS_SIDES if kind == RequestKind.CASE else ():
        blocks.append(
            text_input(
                language,
                block,
                f"field.{key}",
                hint=f"hint.{key}",
                optional=True,
                max_length=ICS_LIMIT,
            )
        )
    blocks += [
        text_input(
            language,
            ids.Block.QUESTION,
            "field.question",
            hint="hint.question",
            optional=None,
            max_length=QUESTION_LIMIT,
        ),
        _choice(language, ids.Block.HELP_KIND, "help_kind", list(HelpKind)),
    ]
    if route != Route.MEETING:  # at the meeting the form is the meeting
        blocks.append(_choice(language, ids.Block.FORM, "form", list(FORM_CHOICES), Form.WRITTEN))
    modes = list(rules.feedback_modes) if rules else list(FeedbackMode)
    blocks += [
        _choice(
            language, ids.Block.FEEDBACK, "feedback", modes, modes[0] if len(modes) == 1 else None
        ),
        date_input(language, ids.Block.DEADLINE, "field.deadline"),
        _choice(language, ids.Block.ROUTE, "route", list(routes), route, dispatch=True),
    ]
    if route == Route.EXPERT:
        # Optional for Slack so that a team without topics still gets the form; the parser
        # says inline that a topic is needed.
        blocks += _topic_select(language, topics)
    if route == Route.MEETING and meeting_note:
        blocks.append(context(meeting_note, ids.Block.MEETING_NOTE))
    if route == Route.COLLEAGUE:
        colleague = UserSelectElement(action_id=ids.Action.COLLEAGUE)
        blocks.append(
            field(language, ids.Block.COLLEAGUE, "field.colleague", colleague, optional=True)
        )
    return REQUEST_FORM.view(language, metadata, blocks)


def _choice(
    language: Language,
    block: ids.Block,
    name: str,
    values: Sequence[str],
    initial: str | None = None,
    *,
    dispatch: bool = False,
) -> Block:
    """A radio field of the form: label `field.<name>`, options `<name>.<value>`."""
    return radio_input(
        language, block, f"field.{name}", name, values, initial=initial, dispatch=dispatch
    )


def _topic_select(
    language: Language, topics: Sequence[tuple[TeamChoice, Sequence[Topic | TopicName]]]
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
    hint = t("hint.topic", language)
    return [field(language, ids.Block.TOPIC, "field.topic", element, hint=hint, optional=True)]


ANSWER_LIMIT = 2900  # the answer is posted as one section (3,000) with a short label


REPLY_FORM = ModalForm(ids.Callback.REPLY, "reply.title")


def build_reply_modal(language: Language, *, metadata: RequestRef) -> View:
    """The helper's answer, which the bot posts in the request's thread."""
    answer = text_input(
        language, ids.Block.ANSWER, "field.answer", hint="hint.answer", max_length=ANSWER_LIMIT
    )
    return REPLY_FORM.view(language, metadata, [answer])


CLOSE_FORM = ModalForm(ids.Callback.CLOSE, "close.title", "button.close")


def build_close_modal(language: Language, *, metadata: RequestRef) -> View:
    """Closing a request, with an optional thank-you to whoever helped."""
    intro = SectionBlock(text=t("close.intro", language))
    thanks = text_input(
        language,
        ids.Block.THANKS,
        "field.thanks",
        hint="hint.thanks",
        optional=True,
        max_length=1000,
    )
    return CLOSE_FORM.view(language, metadata, [intro, thanks])


HAND_OVER_FORM = ModalForm(ids.Callback.HAND_OVER, "handover.title", "handover.title")


def build_hand_over_modal(language: Language, *, metadata: RequestRef) -> View:
    """Handing a request to a named colleague."""
    holder = field(
        language,
        ids.Block.NEW_HOLDER,
        "field.new_holder",
        UserSelectElement(action_id=ids.Action.NEW_HOLDER),
    )
    return HAND_OVER_FORM.view(language, metadata, [holder])
