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
from bot.requests.delivery import Delivery, pass_on
from bot.requests.holders import decline_request
from bot.requests.render import queue_moved, queue_refresh, show_request
from bot.requests.routing import next_expert
from bot.requests.service import Moved, expire_request
from bot.slack import outbox
from bot.slack.installations import Clients, pick
from bot.slack.mrkdwn import format_day
from models import (
    LIVE_STATUSES,
    RecipientState,
    RequestStatus,
    SparringRequest,
)

log = logging.getLogger(__name__)

EXPIRE_AFTER = timedelta(days=30)


@dataclass
class ReminderRun:
    """What one run changed: requests to re-render, moved requests to re-deliver, and for the
    operator the ids of what was expired or moved, the outbox keys queued and what failed."""

    refreshed: list[SparringRequest] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    expired_ids: list[int] = field(default_factory=list)
    moved_ids: list[int] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def queued(self) -> int:
        """How many messages were queued."""
        return len(self.keys)

    def add(self, other: ReminderRun) -> None:
        """Count another run's changes in this one."""
        self.refreshed += other.refreshed
        self.moved += other.moved
        self.keys += other.keys
        self.expired_ids += other.expired_ids
        self.moved_ids += other.moved_ids
        self.failed += other.failed


def check_request(
    session: Session, *, request: SparringRequest, now: datetime, default_tz: ZoneInfo
) -> ReminderRun:
    """Queue what is due for one live request, and expire or move it on when it is time."""
    run = ReminderRun()
    tz = ZoneInfo(request.team.timezone) if request.team else default_tz
    if request.last_activity_at < now - EXPIRE_AFTER:
        expire_request(session, request=request, now=now)
        queue_refresh(session, request=request)
        run.refreshed.append(request)
        run.expired_ids.append(request.id)
        return run
    waiting = request.status in (RequestStatus.OPEN, RequestStatus.ACCEPTED)
    language = request.language
    if waiting and request.deadline is not None and request.deadline < now.astimezone(tz).date():
        _say(
            session,
            request,
            run,
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
            _say(
                session,
                request,
                run,
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
                    now=now,
                )
                if moved is not None:
                    queue_moved(session, moved=moved)
                    run.moved.append(moved)
                    run.moved_ids.append(request.id)
                return run
            key, text = "escalate", t("remind.escalate", language, requester=request.requester_id)
        elif now >= add_working_days(recipient.assigned_at, days, tz=tz):
            key, text = "nudge", t("remind.nudge", language, user=recipient.user_id)
        else:
            continue
        _say(session, request, run, key=f"{key}:{request.id}:{recipient.id}", text=text)
    return run


def _say(
    session: Session, request: SparringRequest, run: ReminderRun, *, key: str, text: str
) -> None:
    """Queue a line in the request's thread (or to the requester if it has no message)."""
    in_thread = bool(request.channel_id and request.message_ts)
    added = outbox.enqueue(
        session,
        key=key,
        text=text,
        channel_id=request.channel_id if in_thread else None,
        thread_ts=request.message_ts if in_thread else None,
        users=None if in_thread else [request.requester_id],
        # Not request_id: that marks a post retention deletes. The workspace is the request's.
        workspace_id=outbox.workspace_of(session, team_id=request.team_id),
    )
    if added:
        run.keys.append(key)


def run_reminders(
    *,
    session_factory: sessionmaker[Session],
    now: datetime,
    default_tz: ZoneInfo,
    dry_run: bool = False,
) -> ReminderRun:
    """Check every live request once, as at `now`; the caller posts the outbox and
    re-renders/delivers. A dry run rolls every check back and returns only ids and keys."""
    total = ReminderRun()
    with session_factory() as session:
        ids = list(
            session.scalars(
                select(SparringRequest.id).where(SparringRequest.status.in_(LIVE_STATUSES))
            )
        )
    for request_id in ids:
        with session_factory() as session:
            request = session.get(SparringRequest, request_id)
            if request is None or request.status not in LIVE_STATUSES:
                continue
            run = check_request(session, request=request, now=now, default_tz=default_tz)
            if dry_run:
                # The rollback expires the objects: keep only the ids and keys.
                session.rollback()
                run.refreshed, run.moved = [], []
            else:
                session.commit()
        total.add(run)
    return total


def remind(
    *,
    client: WebClient | Clients,
    session_factory: sessionmaker[Session],
    default_tz: ZoneInfo,
    now: datetime,
) -> ReminderRun:
    """The scheduled check: check, post what was queued, re-render and re-deliver."""
    run = run_reminders(session_factory=session_factory, now=now, default_tz=default_tz)
    for request in run.refreshed:
        show_request(client=client, session_factory=session_factory, request_id=request.id)
    for moved in run.moved:
        team = moved.request.team
        speaker = pick(client, team.workspace_id if team is not None else None)
        if speaker is None:
            continue  # its workspace uninstalled the app
        passed = pass_on(client=speaker, session_factory=session_factory, moved=moved)
        if passed.delivery is Delivery.FAILED:
            run.failed.append(f"request {moved.request.id} not delivered")
    for failed in outbox.send_pending(client=client, session_factory=session_factory):
        run.failed.append(f"{failed.key} ({failed.last_error})")
    return run
