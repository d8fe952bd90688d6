"""Pure Block Kit builders: no I/O, typed through slack_sdk.models, unit-tested via to_dict()."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    TimePickerElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.choices import AVAILABLE_ROUTES, FeedbackMode, Form, HelpKind, RequestKind, Route
from bot.forms import (
    ICS_LIMIT,
    QUESTION_LIMIT,
    ExpertMetadata,
    RequestModalMetadata,
    RequestRef,
    SettingsMetadata,
)
from bot.i18n import Language, t
from bot.periods import PERIOD_WEEKS, REMINDER_DAYS, RETENTION_DAYS, Period
from models import (
    LIVE_STATUSES,
    PairingRound,
    RequestStatus,
    SparringRequest,
    Team,
    Topic,
)

# (form field, block, action, label key, hint key) of the three ICS sides, in the triangle's order.
ICS_SIDES: tuple[tuple[str, ids.Block, ids.Action, str], ...] = (
    ("child", ids.Block.CHILD, ids.Action.CHILD, "child"),
    ("parenting", ids.Block.PARENTING, ids.Action.PARENTING, "parenting"),
    ("family", ids.Block.FAMILY, ids.Action.FAMILY, "family"),
)


@dataclass(frozen=True)
class TeamChoice:
    """A team the requester may file the request under."""

    id: int
    name: str


def escape(text: str) -> str:
    """Escape user text for mrkdwn so it cannot form mentions or links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention_list(user_ids: Sequence[str]) -> str:
    """Mentions of the people, comma-separated."""
    return ", ".join(f"<@{user_id}>" for user_id in user_ids)


def _options(language: Language, prefix: str, values: Sequence[str]) -> list[Option]:
    return [Option(value=value, text=t(f"{prefix}.{value}", language)) for value in values]


def _radio(
    language: Language,
    *,
    block: ids.Block,
    action: ids.Action,
    label: str,
    prefix: str,
    values: Sequence[str],
    initial: str | None = None,
) -> InputBlock:
    options = _options(language, prefix, values)
    initial_option = next((o for o in options if o.value == initial), None)
    return InputBlock(
        block_id=block,
        label=t(label, language),
        element=RadioButtonsElement(
            action_id=action, options=options, initial_option=initial_option
        ),
    )


def build_loading_modal(language: Language) -> View:
    """The small modal opened at once, inside the 3-second trigger window."""
    return View(
        type="modal",
        callback_id=ids.Callback.LOADING,
        title=t("modal.loading_title", language),
        close=t("modal.close", language),
        blocks=[SectionBlock(text=t("modal.loading", language))],
    )


def build_request_modal(
    language: Language,
    *,
    teams: Sequence[TeamChoice],
    metadata: RequestModalMetadata,
    initial_route: Route = Route.COLLEAGUE,
    routes: Sequence[Route] = AVAILABLE_ROUTES,
    topics: Sequence[tuple[TeamChoice, Sequence[Topic]]] = (),
) -> View:
    """The ICS-structured request form."""
    blocks: list[Block] = [
        ContextBlock(elements=[MarkdownTextObject(text=t("modal.intro", language))])
    ]
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
        _radio(
            language,
            block=ids.Block.KIND,
            action=ids.Action.KIND,
            label="field.kind",
            prefix="kind",
            values=list(RequestKind),
            initial=RequestKind.CASE,
        )
    )
    for _field, block, action, key in ICS_SIDES:
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
        _radio(
            language,
            block=ids.Block.HELP_KIND,
            action=ids.Action.HELP_KIND,
            label="field.help_kind",
            prefix="help_kind",
            values=list(HelpKind),
        ),
        _radio(
            language,
            block=ids.Block.FORM,
            action=ids.Action.FORM,
            label="field.form",
            prefix="form",
            values=list(Form),
            initial=Form.WRITTEN,
        ),
        _radio(
            language,
            block=ids.Block.FEEDBACK,
            action=ids.Action.FEEDBACK,
            label="field.feedback",
            prefix="feedback",
            values=list(FeedbackMode),
        ),
        InputBlock(
            block_id=ids.Block.DEADLINE,
            label=t("field.deadline", language),
            optional=True,
            element=DatePickerElement(action_id=ids.Action.DEADLINE),
        ),
        _radio(
            language,
            block=ids.Block.ROUTE,
            action=ids.Action.ROUTE,
            label="field.route",
            prefix="route",
            values=list(routes),
            initial=initial_route,
        ),
        # Optional for Slack because only the expert route needs it; the parser says so inline.
        *_topic_select(language, topics),
        # Optional for Slack because other routes need no colleague; the parser requires it
        # for the colleague route and says so inline.
        InputBlock(
            block_id=ids.Block.COLLEAGUE,
            label=t("field.colleague", language),
            optional=True,
            element=UserSelectElement(action_id=ids.Action.COLLEAGUE),
        ),
    ]
    return View(
        type="modal",
        callback_id=ids.Callback.REQUEST,
        title=t("modal.title", language),
        submit=t("modal.submit", language),
        close=t("modal.close", language),
        private_metadata=metadata.dump(),
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
            action_id=ids.Action.TOPIC, options=_topic_options(language, offered[0][1])
        )
    else:
        element = StaticSelectElement(
            action_id=ids.Action.TOPIC,
            option_groups=[
                OptionGroup(label=team.name[:75], options=_topic_options(language, team_topics))
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
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=t("msg.request.quick", language))])
        )
    sides = {
        "child": request.child_text,
        "parenting": request.parenting_text,
        "family": request.family_text,
    }
    for field, _block, _action, key in ICS_SIDES:
        if sides[field]:
            text = f"*{t(f'field.{key}', language)}*\n{escape(sides[field] or '')}"
            blocks.append(SectionBlock(text=text))
    if request.question_text:
        blocks.append(
            SectionBlock(
                text=f"*{t('msg.request.question', language)}*\n{escape(request.question_text)}"
            )
        )
    blocks.append(SectionBlock(fields=_request_facts(request)))
    blocks += [
        ContextBlock(elements=[MarkdownTextObject(text=t("msg.request.rules", language))]),
        DividerBlock(),
        ContextBlock(elements=[MarkdownTextObject(text=request_status_line(request))]),
    ]
    buttons = _request_buttons(request)
    if buttons:
        blocks += [
            ContextBlock(elements=[MarkdownTextObject(text=t("msg.request.reply_here", language))]),
            ActionsBlock(block_id=ids.Block.REQUEST_ACTIONS, elements=buttons),
        ]
    return blocks


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


def _request_buttons(request: SparringRequest) -> list[ButtonElement]:
    actions = _BUTTONS.get(request.status, ())
    if not request.recipient_ids:  # sent back: only the requester's choices remain
        actions = (ids.Action.HAND_OVER, ids.Action.WITHDRAW) if actions else ()
    return [
        ButtonElement(
            action_id=action,
            text=t(_BUTTON_LABELS[action], request.language),
            # The generation tells a click on a message the request has left from a current one.
            value=f"{request.id}:{request.delivery_generation}",
            style="primary" if action in (ids.Action.ACCEPT, ids.Action.REPLY) else None,
        )
        for action in actions
    ]


def request_status_line(request: SparringRequest) -> str:
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
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=status)]))
        return blocks
    blocks += [
        ContextBlock(elements=[MarkdownTextObject(text=t("msg.team_notice_hint", language))]),
        ActionsBlock(
            block_id=ids.Block.NOTICE_ACTIONS,
            elements=[
                ButtonElement(
                    action_id=ids.Action.I_CAN_HELP,
                    text=t("button.i_can_help", language),
                    value=str(request.id),
                    style="primary",
                ),
                # For the requester (checked on press); the generation makes a hand-over modal
                # opened before a colleague took the request change nothing.
                ButtonElement(
                    action_id=ids.Action.HAND_OVER,
                    text=t("button.hand_over", language),
                    value=f"{request.id}:{request.delivery_generation}",
                ),
                ButtonElement(
                    action_id=ids.Action.WITHDRAW,
                    text=t("button.withdraw", language),
                    value=f"{request.id}:{request.delivery_generation}",
                ),
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
    buttons = [
        ButtonElement(
            action_id=ids.Action.HAND_OVER,
            text=t("button.hand_over", language),
            value=str(request_id),
        )
    ]
    if not permanent:
        buttons.insert(
            0,
            ButtonElement(
                action_id=ids.Action.RETRY_DELIVERY,
                text=t("button.retry", language),
                value=str(request_id),
                style="primary",
            ),
        )
    return [
        SectionBlock(text=t(key, language, recipients=mention_list(recipients))),
        ActionsBlock(block_id=ids.Block.RETRY_ACTIONS, elements=buttons),
    ]


@dataclass(frozen=True)
class HomeItem:
    """One line on the App Home: a request's status, its counterpart(s) and when it was made."""

    status: str
    answered_by: str | None
    people: tuple[str, ...]
    created: str


def buddy_lines(
    language: Language,
    *,
    user_id: str,
    groups: Sequence[tuple[Team, PairingRound, tuple[str, ...]]],
) -> list[str]:
    """`*team:* <@buddy> — until Friday` for each team where the person has a buddy."""
    return [
        t(
            "buddy.line",
            language,
            team=escape(team.name),
            people=join_people(language, [u for u in group if u != user_id]),
            end=format_day(stored.period_end - timedelta(days=2)),
        )
        for team, stored, group in groups
    ]


def build_home(
    language: Language,
    *,
    sent: Sequence[HomeItem],
    waiting: Sequence[HomeItem],
    buddies: Sequence[str] = (),
) -> View:
    """The App Home tab: what the bot is for, a button to ask, my buddy, my open requests."""
    blocks: list[Block] = [
        HeaderBlock(text=t("home.header", language)),
        SectionBlock(text=t("home.intro", language)),
        ActionsBlock(
            block_id=ids.Block.HOME_ACTIONS,
            elements=[
                ButtonElement(
                    action_id=ids.Action.OPEN_REQUEST_MODAL,
                    text=t("home.button", language),
                    style="primary",
                )
            ],
        ),
        DividerBlock(),
    ]
    if buddies:
        text = f"*{t('home.buddy', language)}*\n" + "\n".join(buddies)
        blocks += [SectionBlock(text=text[:3000]), DividerBlock()]
    # Two lists of at most 40 lines each keep the view under Slack's 100-block limit.
    for title, items, key in (
        ("home.sent", sent, "home.item"),
        ("home.waiting", waiting, "home.item_waiting"),
    ):
        blocks.append(SectionBlock(text=f"*{t(title, language)}*"))
        lines = [
            t(
                key,
                language,
                status=status_line(language, item.status, answered_by=item.answered_by),
                people=mention_list(item.people) or t("home.whole_team", language),
                requester=item.people[0] if item.people else "",
                date=item.created,
            )
            for item in items[:40]
        ] or [t("home.none", language)]
        blocks += [ContextBlock(elements=[MarkdownTextObject(text=line)]) for line in lines]
    return View(type="home", blocks=blocks)


def join_people(language: Language, user_ids: Sequence[str]) -> str:
    """`<@A> og <@B>`, `<@A>, <@B> og <@C>`: a group as people say it."""
    mentions = [f"<@{user_id}>" for user_id in user_ids]
    if len(mentions) < 2:
        return "".join(mentions)
    return f"{', '.join(mentions[:-1])} {t('pairs.and', language)} {mentions[-1]}"


def format_day(day: date) -> str:
    """A date as Danes write it (also clear to English readers)."""
    return day.strftime("%d.%m.%Y")


def build_pair_announcement(
    language: Language,
    *,
    groups: Sequence[tuple[str, ...]],
    period: Period,
    week: date,
    new: bool,
) -> list[Block]:
    """The weekly message in the team channel: the current groups, as mentions, nothing else."""
    end = format_day(period.end - timedelta(days=2))  # the period's Friday
    blocks: list[Block] = [
        HeaderBlock(text=t("pairs.header", language, week=week.isocalendar().week)),
        SectionBlock(text=t("pairs.new" if new else "pairs.continue", language, end=end)),
    ]
    # Sections hold at most 3,000 characters and a message at most 50 blocks.
    chunk: list[str] = []
    sections: list[str] = []
    for group in groups:
        line = f"• {join_people(language, group)}"
        if sum(len(item) + 1 for item in chunk) + len(line) > 2900:
            sections.append("\n".join(chunk))
            chunk = []
        chunk.append(line)
    if chunk:
        sections.append("\n".join(chunk))
    blocks += [SectionBlock(text=text) for text in sections[:44]]
    if len(sections) > 44:
        shown = sum(text.count("\n") + 1 for text in sections[:44])
        more = t("pairs.more", language, count=len(groups) - shown)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t("pairs.footer", language))]))
    return blocks


def build_pair_intro(language: Language, *, group: Sequence[str], period: Period) -> list[Block]:
    """The first message in a new pair's (or trio's) group conversation."""
    end = format_day(period.end - timedelta(days=2))
    return [
        SectionBlock(text=t("pairs.intro", language, people=join_people(language, group), end=end)),
        SectionBlock(text=t("pairs.starter", language)),
        ContextBlock(elements=[MarkdownTextObject(text=t("pairs.footer", language))]),
    ]


def build_alone_note(language: Language) -> list[Block]:
    """A kind note for a team with a single person in the rotation."""
    return [SectionBlock(text=t("pairs.alone", language))]


def build_notice_modal(language: Language, text: str) -> View:
    """A modal that only tells something (it replaces the loading modal)."""
    return View(
        type="modal",
        callback_id=ids.Callback.NOTICE,
        title=t("modal.loading_title", language),
        close=t("button.close", language),
        blocks=[SectionBlock(text=text)],
    )


def build_settings_modal(language: Language, *, team: Team, metadata: SettingsMetadata) -> View:
    """The lead's modal for the team's buddy pairs."""

    def select(
        block: ids.Block,
        action: ids.Action,
        label: str,
        prefix: str,
        values: Sequence[str],
        initial: str,
    ) -> InputBlock:
        options = _options(language, prefix, values)
        return InputBlock(
            block_id=block,
            label=t(label, language),
            element=StaticSelectElement(
                action_id=action,
                options=options,
                initial_option=next(o for o in options if o.value == initial),
            ),
        )

    holiday_option = Option(value="skip", text=t("holidays.skip", language))
    return View(
        type="modal",
        callback_id=ids.Callback.SETTINGS,
        title=t("settings.title", language),
        submit=t("settings.submit", language),
        close=t("modal.close", language),
        private_metadata=metadata.model_dump_json(),
        blocks=[
            SectionBlock(text=t("settings.intro", language, name=escape(team.name))),
            _radio(
                language,
                block=ids.Block.PAIRING,
                action=ids.Action.PAIRING,
                label="settings.pairing",
                prefix="pairing",
                values=["on", "off"],
                initial="on" if team.pairing_enabled else "off",
            ),
            select(
                ids.Block.PERIOD,
                ids.Action.PERIOD,
                "settings.period",
                "period",
                [str(weeks) for weeks in PERIOD_WEEKS],
                str(team.period_weeks),
            ),
            select(
                ids.Block.WEEKDAY,
                ids.Action.WEEKDAY,
                "settings.weekday",
                "weekday",
                [str(day) for day in range(5)],
                str(min(team.announce_weekday, 4)),
            ),
            InputBlock(
                block_id=ids.Block.TIME,
                label=t("settings.time", language),
                element=TimePickerElement(
                    action_id=ids.Action.TIME, initial_time=team.announce_time.strftime("%H:%M")
                ),
            ),
            _radio(
                language,
                block=ids.Block.EVERY_WEEK,
                action=ids.Action.EVERY_WEEK,
                label="settings.every_week",
                prefix="every_week",
                values=["yes", "no"],
                initial="yes" if team.announce_every_week else "no",
            ),
            InputBlock(
                block_id=ids.Block.HOLIDAYS,
                label=t("settings.holidays", language),
                optional=True,
                element=CheckboxesElement(
                    action_id=ids.Action.HOLIDAYS,
                    options=[holiday_option],
                    initial_options=[holiday_option] if team.skip_holidays else None,
                ),
            ),
            select(
                ids.Block.REMINDER,
                ids.Action.REMINDER,
                "settings.reminder",
                "reminder",
                [str(days) for days in REMINDER_DAYS],
                str(team.reminder_days if team.reminder_days in REMINDER_DAYS else 1),
            ),
            select(
                ids.Block.RETENTION,
                ids.Action.RETENTION,
                "settings.retention",
                "retention",
                [str(days) for days in RETENTION_DAYS],
                str(team.retention_days if team.retention_days in RETENTION_DAYS else 14),
            ),
            InputBlock(
                block_id=ids.Block.TEAM_PAUSE,
                label=t("settings.pause", language),
                hint=t("hint.pause", language),
                optional=True,
                element=DatePickerElement(
                    action_id=ids.Action.TEAM_PAUSE,
                    initial_date=team.paused_until.isoformat() if team.paused_until else None,
                ),
            ),
        ],
    )


def _modal(
    language: Language,
    *,
    callback: ids.Callback,
    title: str,
    submit: str,
    metadata: str,
    blocks: list[Block],
) -> View:
    return View(
        type="modal",
        callback_id=callback,
        title=t(title, language),
        submit=t(submit, language),
        close=t("modal.close", language),
        private_metadata=metadata,
        blocks=blocks,
    )


ANSWER_LIMIT = 2900  # the answer is posted as one section (3,000) with a short label


def build_reply_modal(language: Language, *, metadata: RequestRef) -> View:
    """The helper's answer, which the bot posts in the request's thread."""
    return _modal(
        language,
        callback=ids.Callback.REPLY,
        title="reply.title",
        submit="modal.submit",
        metadata=metadata.model_dump_json(),
        blocks=[
            InputBlock(
                block_id=ids.Block.ANSWER,
                label=t("field.answer", language),
                hint=t("hint.answer", language),
                element=PlainTextInputElement(
                    action_id=ids.Action.ANSWER, multiline=True, max_length=ANSWER_LIMIT
                ),
            )
        ],
    )


def build_close_modal(language: Language, *, metadata: RequestRef) -> View:
    """Closing a request, with an optional thank-you to whoever helped."""
    return _modal(
        language,
        callback=ids.Callback.CLOSE,
        title="close.title",
        submit="button.close",
        metadata=metadata.model_dump_json(),
        blocks=[
            SectionBlock(text=t("msg.closed_reminder", language)),
            InputBlock(
                block_id=ids.Block.THANKS,
                label=t("field.thanks", language),
                hint=t("hint.thanks", language),
                optional=True,
                element=PlainTextInputElement(
                    action_id=ids.Action.THANKS, multiline=True, max_length=1000
                ),
            ),
        ],
    )


def build_hand_over_modal(language: Language, *, metadata: RequestRef) -> View:
    """Handing a request to a named colleague."""
    return _modal(
        language,
        callback=ids.Callback.HAND_OVER,
        title="handover.title",
        submit="handover.title",
        metadata=metadata.model_dump_json(),
        blocks=[
            InputBlock(
                block_id=ids.Block.NEW_HOLDER,
                label=t("field.new_holder", language),
                element=UserSelectElement(action_id=ids.Action.NEW_HOLDER),
            )
        ],
    )


def _topic_options(language: Language, topics: Sequence[Topic]) -> list[Option]:
    return [Option(value=str(topic.id), text=topic.name(language)[:75]) for topic in topics]


def build_expert_modal(
    language: Language,
    *,
    topics: Sequence[Topic],
    chosen: set[int],
    metadata: ExpertMetadata,
    for_self: bool,
) -> View:
    """Choosing the topics someone covers as an expert."""
    options = _topic_options(language, topics)
    who = t("expert.you", language) if for_self else f"<@{metadata.user_id}>"
    return _modal(
        language,
        callback=ids.Callback.EXPERT,
        title="expert.title",
        submit="settings.submit",
        metadata=metadata.model_dump_json(),
        blocks=[
            SectionBlock(text=t("expert.intro", language, who=who)),
            InputBlock(
                block_id=ids.Block.EXPERT_TOPICS,
                label=t("field.expert_topics", language),
                optional=True,
                element=StaticMultiSelectElement(
                    action_id=ids.Action.EXPERT_TOPICS,
                    options=options,
                    initial_options=[o for o in options if int(o.value) in chosen] or None,
                ),
            ),
        ],
    )


def build_topics_modal(language: Language, *, topics: Sequence[Topic], metadata: str) -> View:
    """The lead's modal to add, rename and retire the team's topics."""
    options = _topic_options(language, topics)
    return _modal(
        language,
        callback=ids.Callback.TOPICS,
        title="topics.title",
        submit="settings.submit",
        metadata=metadata,
        blocks=[
            InputBlock(
                block_id=ids.Block.TOPIC_ADD,
                label=t("topics.add", language),
                optional=True,
                element=PlainTextInputElement(action_id=ids.Action.TOPIC_ADD, max_length=75),
            ),
            InputBlock(
                block_id=ids.Block.TOPIC_PICK,
                label=t("topics.pick", language),
                optional=True,
                element=StaticSelectElement(action_id=ids.Action.TOPIC_PICK, options=options),
            ),
            InputBlock(
                block_id=ids.Block.TOPIC_RENAME,
                label=t("topics.rename", language),
                optional=True,
                element=PlainTextInputElement(action_id=ids.Action.TOPIC_RENAME, max_length=75),
            ),
            InputBlock(
                block_id=ids.Block.TOPIC_RETIRE,
                label=t("topics.retire", language),
                optional=True,
                element=StaticMultiSelectElement(
                    action_id=ids.Action.TOPIC_RETIRE, options=options
                ),
            ),
        ],
    )
