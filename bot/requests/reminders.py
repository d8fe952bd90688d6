"""Reminders and escalation for unanswered requests; run by the scheduler, idempotent.

Unanswered after the team's reminder time (working days) → the holder is nudged in the
thread. After twice that → an expert request moves on to the next expert by itself; any other
is offered back to the requester. A passed deadline tells the requester once. No activity for
30 days → expired. Each message has an outbox key, so a replica or a restart never repeats it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.core.periods import add_working_days
from bot.requests.choices import Route
from bot.requests.delivery import pass_on
from bot.requests.render import queue_moved, queue_refresh, show_request
from bot.requests.routing import next_expert
from bot.requests.service import Moved, decline_request, expire_request
from bot.slack import outbox
from bot.slack.mrkdwn import format_day
from models import (
    LIVE_STATUSES,
    RecipientState,
    RequestStatus,
    SparringRequest,
    utcnow,
)

log = logging.getLogger(__name__)

EXPIRE_AFTER = timedelta(days=30)


@dataclass
class ReminderRun:
    """What one run changed: requests to re-render, moved requests to re-deliver."""

    refreshed: list[SparringRequest] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    queued: int = 0


def check_request(
    session: Session, *, request: SparringRequest, now: datetime, default_tz: ZoneInfo
) -> ReminderRun:
    """Queue what is due for one live request, and expire or move it on when it is time."""
    run = ReminderRun()
    tz = ZoneInfo(request.team.timezone) if request.team else default_tz
    if request.last_activity_at < now - EXPIRE_AFTER:
        expire_request(session, request=request)
        queue_refresh(session, request=request)
        run.refreshed.append(request)
        return run
    waiting = request.status in (RequestStatus.OPEN, RequestStatus.ACCEPTED)
    language = request.language
    if waiting and request.deadline is not None and request.deadline < now.astimezone(tz).date():
        run.queued += _say(
            session,
            request,
            key=f"deadline:{request.id}",
            text=t(
                "remind.deadline",
                language,
                requester=request.requester_id,
                date=format_day(request.deadline),
            ),
        )
    days = request.team.reminder_days if request.team else 1
    if waiting and request.route == Route.TEAM and not request.asked_ids:
        # Nobody has offered to help: after twice the reminder time, the requester hears it.
        if now >= add_working_days(request.created_at, 2 * days, tz=tz):
            run.queued += _say(
                session,
                request,
                key=f"escalate:{request.id}:team",
                text=t("remind.team_unclaimed", language),
            )
        return run
    if not waiting or request.message_ts is None:
        return run
    for recipient in request.recipients:
        if recipient.state != RecipientState.ACTIVE:
            continue
        if now >= add_working_days(recipient.assigned_at, 2 * days, tz=tz):
            expert = next_expert(session, request=request, on=now.astimezone(tz).date())
            if expert is not None:
                moved = decline_request(
                    session,
                    request_id=request.id,
                    actor_id="system",
                    next_expert=expert,
                    on_behalf=True,
                )
                queue_moved(session, moved=moved)
                run.moved.append(moved)
                return run
            run.queued += _say(
                session,
                request,
                key=f"escalate:{request.id}:{recipient.id}",
                text=t("remind.escalate", language, requester=request.requester_id),
            )
        elif now >= add_working_days(recipient.assigned_at, days, tz=tz):
            run.queued += _say(
                session,
                request,
                key=f"nudge:{request.id}:{recipient.id}",
                text=t("remind.nudge", language, user=recipient.user_id),
            )
    return run


def _say(session: Session, request: SparringRequest, *, key: str, text: str) -> int:
    """Queue a line in the request's thread (or to the requester if it has no message)."""
    if request.channel_id and request.message_ts:
        added = outbox.enqueue(
            session, key=key, channel_id=request.channel_id, thread_ts=request.message_ts, text=text
        )
    else:
        added = outbox.enqueue(session, key=key, users=[request.requester_id], text=text)
    return int(added)


def run_reminders(
    *, session_factory: sessionmaker[Session], now: datetime | None = None, default_tz: ZoneInfo
) -> ReminderRun:
    """Check every live request once; the caller posts the outbox and re-renders/delivers."""
    now = now or utcnow()
    total = ReminderRun()
    with session_factory() as session:
        ids = list(
            session.scalars(
                select(SparringRequest.id).where(SparringRequest.status.in_(LIVE_STATUSES))
            )
        )
    for request_id in ids:
        with session_factory.begin() as session:
            request = session.get(SparringRequest, request_id)
            if request is None or request.status not in LIVE_STATUSES:
                continue
            run = check_request(session, request=request, now=now, default_tz=default_tz)
        total.refreshed += run.refreshed
        total.moved += run.moved
        total.queued += run.queued
    return total


def remind(
    *,
    client: WebClient,
    session_factory: sessionmaker[Session],
    default_tz: ZoneInfo,
    now: datetime | None = None,
) -> ReminderRun:
    """The scheduler's job: check, post what was queued, re-render and re-deliver."""
    run = run_reminders(session_factory=session_factory, now=now, default_tz=default_tz)
    for request in run.refreshed:
        show_request(client=client, session_factory=session_factory, request_id=request.id)
    for moved in run.moved:
        pass_on(client=client, session_factory=session_factory, moved=moved)
    outbox.send_pending(client=client, session_factory=session_factory)
    return run
