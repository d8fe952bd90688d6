"""The life of a sparring request in the database. Services flush and never commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.errors import AlreadyClosed, NotAllowed, RequestNotFound
from bot.forms import RequestForm
from bot.i18n import Language
from models import (
    Reply,
    RequestEvent,
    RequestRecipient,
    RequestStatus,
    SparringRequest,
    utcnow,
)

# A delivery claimed this long ago without a message is taken to have crashed and may be retried.
DELIVERY_CLAIM_TIMEOUT = timedelta(minutes=2)


def create_request(
    session: Session,
    *,
    form: RequestForm,
    requester_id: str,
    recipient_ids: list[str],
    language: Language,
    view_id: str,
    origin_channel_id: str | None,
) -> SparringRequest | None:
    """Store a new request; None when this view was already submitted (a double click)."""
    if session.scalar(select(SparringRequest.id).where(SparringRequest.source_view_id == view_id)):
        return None
    request = SparringRequest(
        team_id=form.team_id,
        requester_id=requester_id,
        route=form.route,
        kind=form.kind,
        help_kind=form.help_kind,
        form=form.form,
        feedback_mode=form.feedback_mode,
        deadline=form.deadline,
        language=language,
        status=RequestStatus.OPEN,
        child_text=form.child,
        parenting_text=form.parenting,
        family_text=form.family,
        question_text=form.question,
        source_view_id=view_id,
        origin_channel_id=origin_channel_id,
        recipients=[RequestRecipient(user_id=user_id) for user_id in recipient_ids],
    )
    request.events.append(
        RequestEvent(actor_id=requester_id, action="create", to_status=RequestStatus.OPEN)
    )
    # The savepoint turns a concurrent duplicate into None instead of a failed transaction.
    try:
        with session.begin_nested():
            session.add(request)
    except IntegrityError:
        return None
    return request


def get_request(session: Session, *, request_id: int) -> SparringRequest:
    """The request, or RequestNotFound."""
    request = session.get(SparringRequest, request_id)
    if request is None:
        raise RequestNotFound(f"request {request_id}")
    return request


def claim_delivery(
    session: Session, *, request_id: int, now: datetime | None = None
) -> SparringRequest | None:
    """Claim the right to post the request; None if it is delivered or someone else is posting."""
    now = now or utcnow()
    result = session.execute(
        update(SparringRequest)
        .where(
            SparringRequest.id == request_id,
            SparringRequest.message_ts.is_(None),
            or_(
                SparringRequest.delivery_claimed_at.is_(None),
                SparringRequest.delivery_claimed_at < now - DELIVERY_CLAIM_TIMEOUT,
            ),
        )
        .values(delivery_claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return get_request(session, request_id=request_id)


def mark_delivered(session: Session, *, request_id: int, channel_id: str, ts: str) -> None:
    """Remember where the request was posted; replies are matched on this."""
    request = get_request(session, request_id=request_id)
    request.channel_id = channel_id
    request.message_ts = ts
    request.delivery_error = None
    session.flush()


def mark_delivery_failed(session: Session, *, request_id: int, error: str) -> None:
    """Release the claim so the requester can retry; keep Slack's error code, no content."""
    request = get_request(session, request_id=request_id)
    request.delivery_claimed_at = None
    request.delivery_error = error[:64]
    session.flush()


def find_by_message(session: Session, *, channel_id: str, ts: str) -> SparringRequest | None:
    """The request posted as this message."""
    return session.scalar(
        select(SparringRequest).where(
            SparringRequest.channel_id == channel_id, SparringRequest.message_ts == ts
        )
    )


def record_reply(
    session: Session, *, channel_id: str, thread_ts: str, author_id: str, ts: str
) -> SparringRequest | None:
    """Note that someone replied in a request's thread (never what they wrote).

    Returns the request when its status changed, so the message can be updated.
    """
    request = find_by_message(session, channel_id=channel_id, ts=thread_ts)
    if request is None:
        return None
    if session.scalar(select(Reply.id).where(Reply.request_id == request.id, Reply.ts == ts)):
        return None
    request.replies.append(Reply(author_id=author_id, ts=ts))
    if request.status != RequestStatus.OPEN or author_id == request.requester_id:
        session.flush()
        return None
    _transition(request, actor_id=author_id, action="reply", to=RequestStatus.ANSWERED)
    request.answered_at = utcnow()
    request.answered_by = author_id
    session.flush()
    return request


def close_request(session: Session, *, request_id: int, actor_id: str) -> SparringRequest:
    """Mark the request resolved; only the requester may."""
    request = get_request(session, request_id=request_id)
    if actor_id != request.requester_id:
        raise NotAllowed(f"{actor_id} may not close request {request_id}")
    if request.status == RequestStatus.RESOLVED:
        raise AlreadyClosed(f"request {request_id}")
    _transition(request, actor_id=actor_id, action="close", to=RequestStatus.RESOLVED)
    request.closed_at = utcnow()
    session.flush()
    return request


def open_requests_for(
    session: Session, *, user_id: str
) -> tuple[list[SparringRequest], list[SparringRequest]]:
    """Open requests the person sent, and those waiting for them, newest first."""
    unresolved = SparringRequest.status != RequestStatus.RESOLVED
    sent = session.scalars(
        select(SparringRequest)
        .where(SparringRequest.requester_id == user_id, unresolved)
        .order_by(SparringRequest.id.desc())
        .limit(40)
    )
    waiting = session.scalars(
        select(SparringRequest)
        .join(RequestRecipient)
        .where(RequestRecipient.user_id == user_id, unresolved)
        .order_by(SparringRequest.id.desc())
        .limit(40)
    )
    return list(sent), list(waiting)


def _transition(request: SparringRequest, *, actor_id: str, action: str, to: RequestStatus) -> None:
    request.events.append(
        RequestEvent(actor_id=actor_id, action=action, from_status=request.status, to_status=to)
    )
    request.status = to
