"""What the meeting's command, modal and agenda buttons do."""

from __future__ import annotations

import logging
from datetime import datetime, time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View
from sqlalchemy.orm import Session

from bot.core.errors import NotAllowed
from bot.core.i18n import Language, t
from bot.deps import Deps
from bot.meetings.agenda import agenda_blocks
from bot.meetings.blocks import (
    CASE_MINUTES,
    MINUTES_BEFORE,
    MeetingMetadata,
    build_case_view,
    build_meeting_modal,
    build_overview_modal,
)
from bot.meetings.schedule import parse_weekdays
from bot.meetings.service import mark, next_day, queued, save_settings, settings_of, when
from bot.rules.service import team_language
from bot.slack import outbox
from bot.slack.ids import Action, Block
from bot.slack.modals import open_modal, open_then_fill
from bot.slack.mrkdwn import escape
from bot.slack.payload import State
from bot.slack.state import FormErrors, selected_date, selected_int, selected_time, selected_values
from bot.slack.widgets import build_notice_modal
from bot.teams.participation import is_lead, is_member
from bot.teams.service import no_team_key, team_in_context
from models import MeetingItem, SparringRequest, Team, utcnow

log = logging.getLogger(__name__)


def overview(session: Session, *, team: Team, language: Language, now: datetime) -> str:
    """The next meeting and its queue (requester, topic, kind of help; no case text)."""
    settings = settings_of(session, team_id=team.id)
    day = next_day(settings, team, now=now) if settings else None
    if settings is None or day is None:
        return t("meeting.none", language)
    lines = [t("meeting.next", language, when=when(day, settings.start_time, language))]
    waiting = queued(session, team_id=team.id, day=day)
    for number, item in enumerate(waiting, start=1):
        request = session.get(SparringRequest, item.request_id)
        if request is None:
            continue
        topic = escape(request.topic.name(language)) if request.topic else "–"
        wants = t(f"help_kind.{request.help_kind}", language)
        lines.append(f"{number}. <@{request.requester_id}> · {topic} · {wants}")
    if not waiting:
        lines.append(t("meeting.queue_empty", language))
    return "\n".join(lines)


def meeting_note(session: Session, *, team_id: int, language: Language, now: datetime) -> str:
    """Under the route *Teammødet* in the request form: when, and the case's place; or that
    the team needs a meeting time for this route."""
    team = session.get(Team, team_id)
    settings = settings_of(session, team_id=team_id) if team else None
    day = next_day(settings, team, now=now) if settings and team else None
    if settings is None or day is None or team is None:
        return t("meeting.route_needs_time", language)
    place = len(queued(session, team_id=team_id, day=day)) + 1
    return t(
        "meeting.route_note", language, when=when(day, settings.start_time, language), place=place
    )


def has_meeting(session: Session, *, team_id: int, now: datetime) -> bool:
    """Whether a request can be sent to the team's meeting now."""
    team = session.get(Team, team_id)
    settings = settings_of(session, team_id=team_id)
    return bool(team and settings and next_day(settings, team, now=now))


def open_meeting(
    *, client: WebClient, deps: Deps, trigger_id: str, user_id: str, channel_id: str
) -> None:
    """`/sparring teammøde`: the lead sets the meeting; members see the next one and its queue."""

    def fill(language: Language) -> View:
        admin = deps.users.is_admin(user_id)
        with deps.session_factory() as session:
            team = team_in_context(session, user_id=user_id, channel_id=channel_id)
            if team is None:
                return build_notice_modal(language, t(no_team_key(session, user_id), language))
            now = utcnow()
            text = overview(session, team=team, language=language, now=now)
            if is_lead(team, user_id=user_id, is_admin=admin):
                return build_meeting_modal(
                    language,
                    settings=settings_of(session, team_id=team.id),
                    overview=text,
                    metadata=MeetingMetadata(team_id=team.id, language=language),
                    today=now.date(),
                )
            if not is_member(session, team_id=team.id, user_id=user_id):
                return build_notice_modal(language, t("rules.not_member", language))
            return build_overview_modal(language, text)

    open_then_fill(client=client, deps=deps, trigger_id=trigger_id, user_id=user_id, fill=fill)


def save_meeting(deps: Deps, *, metadata: MeetingMetadata, state: State, user_id: str) -> str:
    """The lead saves the meeting settings; the text that replaces the modal."""
    language = metadata.language
    days = [
        d
        for d in parse_weekdays(
            ",".join(selected_values(state, Block.MEETING_DAYS, Action.MEETING_DAYS))
        )
        if d < 5
    ]
    raw_time = selected_time(state, Block.MEETING_TIME, Action.MEETING_TIME) or ""
    minutes = selected_int(state, Block.MEETING_MINUTES, Action.MEETING_MINUTES)
    before = selected_int(state, Block.MEETING_BEFORE, Action.MEETING_BEFORE)
    errors: dict[str, str] = {}
    if not days:
        errors[Block.MEETING_DAYS] = t("meeting.error.days", language)
    try:
        at = time.fromisoformat(raw_time)
    except ValueError:
        errors[Block.MEETING_TIME] = t("meeting.error.time", language)
    if minutes not in CASE_MINUTES:
        errors[Block.MEETING_MINUTES] = t("error.choice_missing", language)
    if before not in MINUTES_BEFORE:
        errors[Block.MEETING_BEFORE] = t("error.choice_missing", language)
    if errors:
        raise FormErrors(errors)
    cancelled = selected_values(state, Block.MEETING_CANCELLED, Action.MEETING_CANCELLED)
    if new := selected_date(state, Block.MEETING_CANCEL, Action.MEETING_CANCEL):
        cancelled.append(new)
    admin = deps.users.is_admin(user_id)
    now = utcnow()
    with deps.session_factory.begin() as session:
        team = session.get(Team, metadata.team_id)
        if team is None or not is_lead(team, user_id=user_id, is_admin=admin):
            raise NotAllowed(f"{user_id} may not set the meeting", key="lead.only")
        save_settings(
            session,
            team=team,
            user_id=user_id,
            weekdays=days,
            at=at,
            case_minutes=int(minutes or 30),
            minutes_before=int(before or 60),
            cancelled=[d for d in cancelled if len(d) == 10],
            now=now,
        )
        return (
            t("meeting.saved", language)
            + "\n\n"
            + overview(session, team=team, language=language, now=now)
        )


def mark_case(
    deps: Deps,
    *,
    client: WebClient,
    item_id: int,
    user_id: str,
    taken: bool,
    channel_id: str | None,
    ts: str | None,
) -> None:
    """After the meeting: mark a case taken or moved, show it on the agenda, tell the requester."""
    admin = deps.users.is_admin(user_id)
    now = utcnow()
    with deps.session_factory.begin() as session:
        item = mark(session, item_id=item_id, user_id=user_id, is_admin=admin, taken=taken, now=now)
        team = session.get(Team, item.team_id)
        assert team is not None
        day = item.agenda_date
        blocks = agenda_blocks(session, team=team, day=day) if day else None
        settings = settings_of(session, team_id=team.id)
        language = team_language(team)
        fallback = (
            t("agenda.fallback", language, when=when(day, settings.start_time, language))
            if day and settings
            else t("agenda.header", language)
        )
        if taken and channel_id and ts:
            request = session.get(SparringRequest, item.request_id)
            assert request is not None
            outbox.enqueue(
                session,
                key=f"meeting-thanks:{item.id}",
                channel_id=channel_id,
                thread_ts=ts,
                team_id=team.id,
                text=t("agenda.thanks", request.language, requester=request.requester_id),
            )
    if blocks is not None and channel_id and ts:
        try:
            client.chat_update(channel=channel_id, ts=ts, blocks=blocks, text=fallback)
        except SlackApiError as error:
            log.info("agenda not updated: %s", error.response.get("error"))
    outbox.send_pending(client=client, session_factory=deps.session_factory, team_id=item.team_id)


def open_case(
    deps: Deps, *, client: WebClient, trigger_id: str, item_id: int, user_id: str
) -> None:
    """A member of the team opens the full request from the agenda."""
    language = deps.users.cached_language(user_id)
    with deps.session_factory() as session:
        item = session.get(MeetingItem, item_id)
        request = session.get(SparringRequest, item.request_id) if item else None
        if item is None or request is None:
            raise NotAllowed(f"item {item_id}", key="meeting.case_gone")
        if not is_member(session, team_id=item.team_id, user_id=user_id):
            raise NotAllowed(f"{user_id} not in team {item.team_id}", key="rules.not_member")
        view = build_case_view(language, request)
    open_modal(client, trigger_id=trigger_id, view=view)
