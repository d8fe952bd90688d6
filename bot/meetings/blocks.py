"""Block Kit builders of the team meeting: the lead's settings modal, what members see, and a
queued case opened from the agenda."""

from __future__ import annotations

from datetime import date

from slack_sdk.models.blocks import (
    Block,
    HeaderBlock,
    InputBlock,
    Option,
    SectionBlock,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.requests.blocks import case_sections
from bot.slack import ids
from bot.slack.metadata import Metadata
from bot.slack.mrkdwn import format_day
from bot.slack.widgets import (
    ModalForm,
    build_notice_modal,
    context,
    date_input,
    field,
    info_modal,
    multi_input,
    select_input,
)
from models import MeetingSettings, SparringRequest

CASE_MINUTES = (15, 20, 30, 45, 60, 90, 120)
MINUTES_BEFORE = (30, 60, 120, 240, 1440)


class MeetingMetadata(Metadata):
    """The team whose meeting the modal sets."""

    team_id: int


def _minutes(
    language: Language, block: ids.Block, label: str, values: tuple[int, ...], initial: int
) -> InputBlock:
    """A choice of minutes; a stored value not among them shows the first."""
    options = [Option(value=str(v), text=t("meeting.minutes", language, minutes=v)) for v in values]
    chosen = initial if initial in values else values[0]
    return select_input(language, block, label, options, initial=str(chosen))


MEETING_FORM = ModalForm(ids.Callback.MEETING, "meeting.title", "meeting.save")


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
    start = TimePickerElement(
        action_id=ids.Action.MEETING_TIME,
        initial_time=f"{settings.start_time:%H:%M}" if settings else "09:00",
    )
    ticked = {str(day) for day in chosen}
    blocks: list[Block] = [
        SectionBlock(text=overview[:3000]),
        multi_input(
            language,
            ids.Block.MEETING_DAYS,
            "meeting.field.days",
            days,
            chosen=ticked,
            checkboxes=True,
        ),
        field(language, ids.Block.MEETING_TIME, "meeting.field.time", start),
        _minutes(
            language,
            ids.Block.MEETING_MINUTES,
            "meeting.field.minutes",
            CASE_MINUTES,
            settings.case_minutes if settings else 30,
        ),
        _minutes(
            language,
            ids.Block.MEETING_BEFORE,
            "meeting.field.before",
            MINUTES_BEFORE,
            settings.agenda_minutes_before if settings else 60,
        ),
        date_input(language, ids.Block.MEETING_CANCEL, "meeting.field.cancel"),
    ]
    if cancelled:
        options = [Option(value=d, text=format_day(date.fromisoformat(d))) for d in cancelled[:10]]
        blocks.append(
            multi_input(
                language,
                ids.Block.MEETING_CANCELLED,
                "meeting.field.cancelled",
                options,
                chosen=cancelled,
                checkboxes=True,
                optional=True,
            )
        )
    return MEETING_FORM.view(language, metadata, blocks)


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
    blocks += case_sections(language, request, cut=True)
    kinds = (
        f"{t(f'help_kind.{request.help_kind}', language)} · "
        f"{t(f'feedback.{request.feedback_mode}', language)}"
    )
    blocks.append(context(kinds))
    return info_modal(language, title="agenda.case_title", blocks=blocks)
