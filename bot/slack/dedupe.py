"""Slack redelivers events it thinks were not acked; each `event_id` is acted on once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from models import ProcessedEvent

# Slack retries within minutes; a week is ample and keeps the table small.
KEEP_EVENTS_FOR = timedelta(days=7)


def claim_event(session: Session, *, event_id: str) -> bool:
    """Record the event as handled; False when it was handled before (a redelivery).

    Call it in the same transaction as the event's effects, so both land or neither does.
    """
    if session.scalar(select(ProcessedEvent.event_id).where(ProcessedEvent.event_id == event_id)):
        return False
    try:
        with session.begin_nested():
            session.add(ProcessedEvent(event_id=event_id))
    except IntegrityError:
        return False
    return True


def release_event(session: Session, *, event_id: str) -> None:
    """Forget a claim whose work failed, so a retry is acted on."""
    session.execute(delete(ProcessedEvent).where(ProcessedEvent.event_id == event_id))


def prunable_events(session: Session, *, now: datetime) -> int:
    """How many handled events are older than Slack would ever redeliver."""
    older = ProcessedEvent.received_at < now - KEEP_EVENTS_FOR
    return session.scalar(select(func.count()).select_from(ProcessedEvent).where(older)) or 0


def prune_events(session: Session, *, now: datetime) -> int:
    """Forget handled events older than Slack would ever redeliver."""
    result = session.execute(
        delete(ProcessedEvent).where(ProcessedEvent.received_at < now - KEEP_EVENTS_FOR)
    )
    return result.rowcount  # type: ignore[attr-defined]


def _submission_key(view: dict[str, object]) -> str:
    return f"view:{view.get('id')}:{view.get('hash', '')}"


def claim_submission(session_factory: sessionmaker[Session], *, view: dict[str, object]) -> bool:
    """Slack can deliver one submission twice (a double click): True for the first only."""
    with session_factory.begin() as session:
        return claim_event(session, event_id=_submission_key(view))


def release_submission(session_factory: sessionmaker[Session], *, view: dict[str, object]) -> None:
    """Forget a claimed submission whose work failed, so the person can submit again."""
    with session_factory.begin() as session:
        release_event(session, event_id=_submission_key(view))


def first_delivery(session_factory: sessionmaker[Session], *, body: dict[str, object]) -> bool:
    """Record an event as handled; False for a redelivery. For events whose effect follows in
    other transactions (Slack calls in between)."""
    with session_factory.begin() as session:
        return claim_event(session, event_id=str(body["event_id"]))
