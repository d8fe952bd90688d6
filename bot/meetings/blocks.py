"""Block Kit builders of the team meeting: the lead's settings modal, what members see, and a
queued case opened from the agenda."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.requests.modals import ICS_SIDES
from bot.slack import ids
from bot.slack.metadata import Metadata
from bot.slack.mrkdwn import escape, format_day
from bot.slack.widgets import build_notice_modal, form_modal
from models import MeetingSettings, SparringRequest

CASE_MINUTES = (15, 20, 30, 45, 60, 90, 120)
MINUTES_BEFORE = (30, 60, 120, 240, 1440)


class MeetingMetadata(Metadata):
    """The team whose meeting the modal sets."""

    team_id: int


def _select(
    language: Language,
    block: ids.Block,
    action: ids.Action,
    label: str,
    values: tuple[int, ...],
    initial: int,
    prefix: str,
) -> InputBlock:
    options = [Option(value=str(v), text=t(prefix, language, minutes=v)) for v in values]
    return InputBlock(
        block_id=block,
        label=t(label, language),
        element=StaticSelectElement(
            action_id=action,
            options=options,
            initial_option=next((o for o in options if o.value == str(initial)), options[0]),
        ),
    )


def build_meeting_modal(
    language: Language,
    *,
    settings: MeetingSettings | None,
    overview: str,
    metadata: MeetingMetadata,
    today: date,
) -> View:
    """The lead's meeting settings, under the next meeting and its queue."""
    days = [Option(value=str(d), text=t(f"meeting.day.{d}", language)) for d in range(5)]
    chosen = {int(d) for d in (settings.weekdays.split(",") if settings else []) if d.isdigit()}
    cancelled = [d for d in (settings.cancelled if settings else []) if d >= today.isoformat()]
    blocks: list[Block] = [
        SectionBlock(text=overview[:3000]),
        InputBlock(
            block_id=ids.Block.MEETING_DAYS,
            label=t("meeting.field.days", language),
            element=CheckboxesElement(
                action_id=ids.Action.MEETING_DAYS,
                options=days,
                initial_options=[o for o in days if int(o.value) in chosen] or None,
            ),
        ),
        InputBlock(
            block_id=ids.Block.MEETING_TIME,
            label=t("meeting.field.time", language),
            element=TimePickerElement(
                action_id=ids.Action.MEETING_TIME,
                initial_time=f"{settings.start_time:%H:%M}" if settings else "09:00",
            ),
        ),
        _select(
            language,
            ids.Block.MEETING_MINUTES,
            ids.Action.MEETING_MINUTES,
            "meeting.field.minutes",
            CASE_MINUTES,
            settings.case_minutes if settings else 30,
            "meeting.minutes",
        ),
        _select(
            language,
            ids.Block.MEETING_BEFORE,
            ids.Action.MEETING_BEFORE,
            "meeting.field.before",
            MINUTES_BEFORE,
            settings.agenda_minutes_before if settings else 60,
            "meeting.minutes",
        ),
        InputBlock(
            block_id=ids.Block.MEETING_CANCEL,
            label=t("meeting.field.cancel", language),
            optional=True,
            element=DatePickerElement(action_id=ids.Action.MEETING_CANCEL),
        ),
    ]
    if cancelled:
        options = [Option(value=d, text=format_day(date.fromisoformat(d))) for d in cancelled[:10]]
        blocks.append(
            InputBlock(
                block_id=ids.Block.MEETING_CANCELLED,
                label=t("meeting.field.cancelled", language),
                optional=True,
                element=CheckboxesElement(
                    action_id=ids.Action.MEETING_CANCELLED, options=options, initial_options=options
                ),
            )
        )
    return form_modal(
        language,
        callback=ids.Callback.MEETING,
        title="meeting.title",
        submit="meeting.save",
        metadata=metadata.dump(),
        blocks=blocks,
    )


def build_overview_modal(language: Language, overview: str) -> View:
    """What a member sees: the next meeting and its queue."""
    return build_notice_modal(language, overview[:3000])


def build_case_view(language: Language, request: SparringRequest) -> View:
    """A queued case opened from the agenda by a member of the team."""
    blocks: list[Block] = [
        HeaderBlock(text=t("msg.request.header", language)),
        SectionBlock(text=t("agenda.opened_by", language, requester=request.requester_id)),
    ]
    if request.content_deleted_at:
        blocks.append(SectionBlock(text=t("agenda.content_gone", language)))
    sides = {
        "child": request.child_text,
        "parenting": request.parenting_text,
        "family": request.family_text,
    }
    for field, _block, _action, key in ICS_SIDES:
        if sides[field]:
            blocks.append(
                SectionBlock(
                    text=f"*{t(f'field.{key}', language)}*\n{escape(sides[field] or '')}"[:3000]
                )
            )
    if request.question_text:
        blocks.append(
            SectionBlock(
                text=f"*{t('msg.request.question', language)}*\n{escape(request.question_text)}"[
                    :3000
                ]
            )
        )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=f"{t(f'help_kind.{request.help_kind}', language)} · "
                    f"{t(f'feedback.{request.feedback_mode}', language)}"
                )
            ]
        )
    )
    return View(
        type="modal",
        callback_id=ids.Callback.NOTICE,
        title=t("agenda.case_title", language),
        close=t("button.close", language),
        blocks=blocks,
    )
