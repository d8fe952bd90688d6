"""The agenda of a team meeting: posted once at its time, one line per case (requester, topic,
kind of help; never the question or the case text) with a time box, and the marks after it.
`run_meetings` is the due step; the outbox key makes one agenda per team and meeting."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import Language, t
from bot.meetings.schedule import time_boxes
from bot.meetings.service import (
    agenda_key,
    due_agenda_days,
    move,
    post_reminder_key,
    queued,
    settings_of,
    unmarked,
    when,
)
from bot.rules.service import lead_ids, team_language
from bot.slack import ids, outbox
from bot.slack.mrkdwn import escape
from models import ItemState, MeetingItem, MeetingSettings, OutboxMessage, SparringRequest, Team


def _case_line(language: Language, number: int, request: SparringRequest, minutes: int) -> str:
    topic = escape(request.topic.name(language)) if request.topic else "–"
    wants = t(f"help_kind.{request.help_kind}", language)
    return t(
        "agenda.case",
        language,
        number=number,
        requester=request.requester_id,
        topic=topic,
        wants=wants,
        minutes=minutes,
    )


def build_agenda(
    language: Language,
    *,
    day: date,
    settings: MeetingSettings,
    cases: list[tuple[MeetingItem, SparringRequest]],
    moved: list[tuple[MeetingItem, SparringRequest]],
) -> list[Block]:
    """The agenda: the cases in order with their time boxes and the buttons to open, mark
    taken or move each; the structure of a case round; what did not fit."""
    blocks: list[Block] = [
        HeaderBlock(text=t("agenda.header", language)[:150]),
        SectionBlock(
            text=t(
                "agenda.intro",
                language,
                when=when(day, settings.start_time, language),
                minutes=settings.case_minutes,
            )
        ),
        ContextBlock(elements=[MarkdownTextObject(text=t("agenda.round", language))]),
    ]
    if not cases:
        blocks.append(SectionBlock(text=t("agenda.empty", language)))
    for number, (item, request) in enumerate(cases, start=1):
        line = _case_line(language, number, request, item.box_minutes or 0)
        if item.state == ItemState.TAKEN:
            line += "\n" + t("agenda.taken", language, user=item.marked_by or "")
        elif item.meeting_date != day:
            line += "\n" + t(
                "agenda.moved",
                language,
                date=when(item.meeting_date, settings.start_time, language),
            )
        blocks.append(SectionBlock(text=line))
        buttons = [(ids.Action.AGENDA_OPEN, "agenda.button.open", None)]
        if item.state == ItemState.ON_AGENDA and item.meeting_date == day:
            buttons += [
                (ids.Action.AGENDA_TAKEN, "agenda.button.taken", "primary"),
                (ids.Action.AGENDA_MOVED, "agenda.button.moved", None),
            ]
        blocks.append(
            ActionsBlock(
                block_id=f"{ids.Block.AGENDA_CASE}:{item.id}",
                elements=[
                    ButtonElement(
                        action_id=action, text=t(label, language), value=str(item.id), style=style
                    )
                    for action, label, style in buttons
                ],
            )
        )
    if moved:
        people = ", ".join(f"<@{request.requester_id}>" for _item, request in moved)
        blocks.append(SectionBlock(text=t("agenda.overflow", language, people=people)))
    if cases:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=t("agenda.mark_hint", language))])
        )
    return blocks


def agenda_blocks(session: Session, *, team: Team, day: date) -> list[dict[str, Any]]:
    """The agenda of the team's meeting on `day` as it stands now (for updates after marks)."""
    settings = settings_of(session, team_id=team.id)
    assert settings is not None
    rows = session.execute(
        select(MeetingItem, SparringRequest)
        .join(SparringRequest, SparringRequest.id == MeetingItem.request_id)
        .where(MeetingItem.team_id == team.id, MeetingItem.agenda_date == day)
        .order_by(MeetingItem.id)
    ).all()
    cases = [(item, request) for item, request in rows if item.box_minutes is not None]
    moved = [(item, request) for item, request in rows if item.box_minutes is None]
    blocks = build_agenda(team_language(team), day=day, settings=settings, cases=cases, moved=moved)
    return [block.to_dict() for block in blocks]


def post_agenda(session: Session, *, team: Team, day: date, now: datetime) -> bool:
    """Queue the agenda of one meeting, once: the cases that fit go on it with their time
    boxes, the rest move on to the next meeting first in its queue. False if it exists."""
    settings = settings_of(session, team_id=team.id)
    if settings is None or not queued(session, team_id=team.id, day=day):
        return False  # no cases, no agenda
    language = team_language(team)
    # The key is unique and claimed first: a second process (or a rerun) adds nothing here,
    # and then changes nothing either.
    if not outbox.enqueue(
        session,
        key=agenda_key(team.id, day),
        channel_id=team.channel_id,
        team_id=team.id,
        text=t("agenda.fallback", language, when=when(day, settings.start_time, language)),
    ):
        return False
    waiting = queued(session, team_id=team.id, day=day)
    boxes = time_boxes(len(waiting), settings.case_minutes)
    for item, minutes in zip(waiting, boxes, strict=False):
        item.state, item.agenda_date, item.box_minutes = ItemState.ON_AGENDA, day, minutes
    for item in waiting[len(boxes) :]:
        item.agenda_date, item.box_minutes = day, None
    session.flush()
    message = session.scalar(
        select(OutboxMessage).where(OutboxMessage.key == agenda_key(team.id, day))
    )
    assert message is not None
    message.blocks = agenda_blocks(session, team=team, day=day)
    for item in waiting[len(boxes) :]:
        move(session, item=item, team=team, settings=settings, now=now, before=day)
    session.flush()
    return True


@dataclass
class MeetingRun:
    """What the meeting step did (or would do): keys and ids, never case text."""

    agendas: list[str] = field(default_factory=list)
    moved_ids: list[int] = field(default_factory=list)
    reminders: list[str] = field(default_factory=list)


def run_meetings(
    *, session_factory: sessionmaker[Session], now: datetime, dry_run: bool = False
) -> MeetingRun:
    """For every team with a meeting: post the agendas that are due, move cases nobody marked
    within a day and remind the lead once. A dry run rolls everything back."""
    run = MeetingRun()
    with session_factory() as session:
        team_ids = list(
            session.scalars(
                select(Team.id)
                .join(MeetingSettings, MeetingSettings.team_id == Team.id)
                .where(Team.active, Team.stopped_at.is_(None))
                .order_by(Team.id)
            )
        )
    for team_id in team_ids:
        with session_factory() as session:
            team = session.get(Team, team_id)
            settings = settings_of(session, team_id=team_id)
            if team is None or settings is None:
                continue
            for day in due_agenda_days(settings, team, now=now):
                if post_agenda(session, team=team, day=day, now=now):
                    run.agendas.append(agenda_key(team.id, day))
            for item in unmarked(session, team=team, now=now):
                held = item.meeting_date
                move(session, item=item, team=team, settings=settings, now=now, before=held)
                run.moved_ids.append(item.request_id)
                key = post_reminder_key(team.id, held)
                for lead in lead_ids(team):
                    if outbox.enqueue(
                        session,
                        key=f"{key}:{lead}",
                        channel_id=lead,
                        team_id=team.id,
                        text=t("meeting.unmarked", team_language(team), channel=team.channel_id),
                    ):
                        run.reminders.append(f"{key}:{lead}")
            if dry_run:
                session.rollback()
            else:
                session.commit()
    return run
