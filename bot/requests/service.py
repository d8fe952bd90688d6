"""The life of a sparring request in the database. Services flush and never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, lazyload

from bot.core.errors import AlreadyClosed, NotAllowed, NotOpen, RequestNotFound
from bot.core.i18n import Language
from bot.requests.form import RequestForm
from bot.slack.homes import want_home
from bot.slack.payload import RequestButton, container
from models import (
    LIVE_STATUSES,
    RecipientState,
    Reply,
    RequestEvent,
    RequestRecipient,
    RequestStatus,
    SparringRequest,
    utcnow,
)

# Lists of requests show metadata only: left out of their SELECT, the case text is neither read
# nor decrypted (four Fernet decryptions per request, for up to 80 requests per App Home).
WITHOUT_CASE_TEXT = tuple(
    defer(column)
    for column in (
        SparringRequest.child_text,
        SparringRequest.parenting_text,
        SparringRequest.family_text,
        SparringRequest.question_text,
    )
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
    team_id: int | None = None,
    feedback_rule: str | None = None,
) -> SparringRequest | None:
    """Store a new request; None when this view was already submitted (a double click)."""
    if session.scalar(select(SparringRequest.id).where(SparringRequest.source_view_id == view_id)):
        return None
    request = SparringRequest(
        team_id=team_id if team_id is not None else form.team_id,
        requester_id=requester_id,
        language=language,
        status=RequestStatus.OPEN,
        feedback_rule=feedback_rule,
        source_view_id=view_id,
        origin_channel_id=origin_channel_id,
        recipients=[RequestRecipient(user_id=user_id) for user_id in recipient_ids],
        **form.request_columns(),
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
    want_home(session, user_ids=[requester_id, *recipient_ids])
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


def mark_delivered(
    session: Session, *, request_id: int, channel_id: str, ts: str, generation: int | None = None
) -> bool:
    """Remember where the request was posted; replies are matched on this.

    False when the request moved on while it was being posted (`generation` is stale): that
    message is out of date and the caller retires it.
    """
    # One conditional UPDATE: loading the request would decrypt its case text for nothing.
    marked = update(SparringRequest).where(SparringRequest.id == request_id)
    if generation is not None:
        marked = marked.where(SparringRequest.delivery_generation == generation)
    result = session.execute(
        marked.values(channel_id=channel_id, message_ts=ts, delivery_error=None)
    )
    if result.rowcount == 1:  # type: ignore[attr-defined]
        return True
    if session.scalar(select(SparringRequest.id).where(SparringRequest.id == request_id)) is None:
        raise RequestNotFound(f"request {request_id}")
    return False


def lock_request(session: Session, *, request_id: int) -> SparringRequest:
    """The request, read afresh and locked for the rest of the transaction, or RequestNotFound.

    Two clicks at once are handled one after the other, so the second sees what the first did
    (on SQLite every write transaction already waits its turn: BEGIN IMMEDIATE).
    """
    request = session.scalar(
        select(SparringRequest)
        .where(SparringRequest.id == request_id)
        .with_for_update(of=SparringRequest)
        .execution_options(populate_existing=True)
    )
    if request is None:
        raise RequestNotFound(f"request {request_id}")
    return request


def check_pressed(
    session: Session,
    *,
    request_id: int,
    generation: int | None,
    channel_id: str | None = None,
    ts: str | None = None,
) -> SparringRequest:
    """The request a button belongs to, if the button is still current.

    A click can arrive before the delivery that posted the message has recorded it; the click
    proves where the message is, so it is recorded here.
    """
    request = lock_request(session, request_id=request_id)
    if generation is not None and generation != request.delivery_generation:
        raise NotOpen(f"button of generation {generation} on request {request_id}")
    from_notice = ts is not None and ts == request.notice_ts
    if (
        request.message_ts is None
        and channel_id
        and ts
        and generation is not None
        and not from_notice
    ):
        request.channel_id, request.message_ts = channel_id, ts
        session.flush()
    return request


def mark_notice_posted(session: Session, *, request_id: int, channel_id: str, ts: str) -> None:
    """Remember the whole-team notice; the request itself is posted once someone takes it."""
    request = get_request(session, request_id=request_id)
    request.notice_channel_id = channel_id
    request.notice_ts = ts
    request.delivery_claimed_at = None
    request.delivery_error = None
    session.flush()


def release_delivery(session: Session, *, request_id: int) -> None:
    """Give up a claim without posting anything."""
    get_request(session, request_id=request_id).delivery_claimed_at = None
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
    return record_answer(session, request=request, author_id=author_id, ts=ts)


def record_answer(
    session: Session,
    *,
    request: SparringRequest,
    author_id: str,
    ts: str,
    posted_in: str | None = None,
) -> SparringRequest | None:
    """A reply by someone (in the thread or through the reply modal); the request when its
    status changed to answered."""
    if session.scalar(select(Reply.id).where(Reply.request_id == request.id, Reply.ts == ts)):
        return None
    # `posted_in`: the bot posted it (the reply modal), so it is deleted with the content.
    request.replies.append(
        Reply(author_id=author_id, ts=ts, channel_id=posted_in, posted_by_bot=posted_in is not None)
    )
    request.last_activity_at = utcnow()
    # The requester adding detail is no answer; neither is anything after the request closed.
    waiting = request.status in (RequestStatus.OPEN, RequestStatus.ACCEPTED)
    if not waiting or author_id == request.requester_id:
        session.flush()
        return None
    transition(request, actor_id=author_id, action="answer", to=RequestStatus.ANSWERED)
    request.answered_at = utcnow()
    request.answered_by = author_id
    session.flush()
    return request


def record_bot_post(session: Session, *, request_id: int, channel_id: str, ts: str) -> None:
    """Remember a post the bot made in a request's thread (a thank-you), to delete it later."""
    request = get_request(session, request_id=request_id)
    request.replies.append(
        Reply(author_id=request.requester_id, ts=ts, channel_id=channel_id, posted_by_bot=True)
    )
    session.flush()


def live(request: SparringRequest) -> SparringRequest:
    """The request, or AlreadyClosed when it is resolved, withdrawn or expired."""
    if request.status not in LIVE_STATUSES:
        raise AlreadyClosed(f"request {request.id} is {request.status}")
    return request


@dataclass(frozen=True)
class Moved:
    """Where a request went when its holder passed it on, and the message it left behind."""

    request: SparringRequest
    old_channel_id: str | None
    old_ts: str | None
    to_user: str | None


def move_request(
    request: SparringRequest,
    *,
    actor_id: str,
    action: str,
    leaving: RecipientState,
    to: str | None,
    now: datetime | None = None,
) -> Moved:
    """Take the request from its holders and give it to `to` (or back to the requester)."""
    now = now or utcnow()
    old = Moved(request, request.channel_id, request.message_ts, to)
    request.delivery_generation += 1
    for recipient in request.recipients:
        if recipient.state == RecipientState.ACTIVE:
            recipient.state = leaving
    if to is not None:
        # Someone who had it before (and passed it on) gets their row back: one row per person.
        earlier = next((r for r in request.recipients if r.user_id == to), None)
        if earlier is None:
            request.recipients.append(RequestRecipient(user_id=to, assigned_at=now))
        else:
            earlier.state, earlier.assigned_at = RecipientState.ACTIVE, now
    # The new holder gets the request in a new conversation; the old message loses its content.
    request.channel_id = request.message_ts = None
    request.delivery_claimed_at = None
    request.accepted_by = None
    transition(request, actor_id=actor_id, action=action, to=RequestStatus.OPEN, now=now)
    return old


def close_request(session: Session, *, request_id: int, actor_id: str) -> SparringRequest:
    """Mark the request resolved; only the requester may."""
    return _finish(session, request_id=request_id, actor_id=actor_id, to=RequestStatus.RESOLVED)


def withdraw_request(session: Session, *, request_id: int, actor_id: str) -> SparringRequest:
    """The requester takes the request back."""
    return _finish(session, request_id=request_id, actor_id=actor_id, to=RequestStatus.WITHDRAWN)


def _finish(
    session: Session, *, request_id: int, actor_id: str, to: RequestStatus
) -> SparringRequest:
    request = lock_request(session, request_id=request_id)
    if actor_id != request.requester_id:
        raise NotAllowed(f"{actor_id} may not end request {request_id}", key="msg.only_requester")
    live(request)
    action = "close" if to == RequestStatus.RESOLVED else "withdraw"
    transition(request, actor_id=actor_id, action=action, to=to)
    request.closed_at = utcnow()
    session.flush()
    want_home(session, user_ids=[request.requester_id, *request.recipient_ids])
    return request


def expire_request(session: Session, *, request: SparringRequest, now: datetime) -> None:
    """Close a request nobody has touched for too long, as at `now`."""
    transition(request, actor_id="system", action="expire", to=RequestStatus.EXPIRED, now=now)
    request.closed_at = now
    session.flush()
    want_home(session, user_ids=[request.requester_id, *request.recipient_ids])


def open_requests_for(
    session: Session, *, user_id: str
) -> tuple[list[SparringRequest], list[SparringRequest]]:
    """Open requests the person sent, and those waiting for them, newest first."""
    unresolved = SparringRequest.status.in_(LIVE_STATUSES)
    # A list line needs the topic and the recipients, not the team (joined by default).
    listed = (*WITHOUT_CASE_TEXT, lazyload(SparringRequest.team))
    sent = session.scalars(
        select(SparringRequest)
        .where(SparringRequest.requester_id == user_id, unresolved)
        .options(*listed)
        .order_by(SparringRequest.id.desc())
        .limit(40)
    )
    waiting = session.scalars(
        select(SparringRequest)
        .join(RequestRecipient)
        .where(
            RequestRecipient.user_id == user_id,
            RequestRecipient.state == RecipientState.ACTIVE,
            unresolved,
        )
        .options(*listed)
        .order_by(SparringRequest.id.desc())
        .limit(40)
    )
    return list(sent), list(waiting)


def transition(
    request: SparringRequest,
    *,
    actor_id: str,
    action: str,
    to: RequestStatus,
    now: datetime | None = None,
) -> None:
    """Move the request to status `to` (as at `now`), and record who did what."""
    now = now or utcnow()
    record_event(request, actor_id=actor_id, action=action, to=to).at = now
    request.status = to
    request.last_activity_at = now


def pressed_request(session: Session, body: dict[str, Any]) -> SparringRequest:
    """The request whose message button was pressed, if that message is still current."""
    button = RequestButton.pressed(body)
    channel_id, ts = container(body)
    return check_pressed(
        session,
        request_id=button.request_id,
        generation=button.generation,
        channel_id=channel_id,
        ts=ts,
    )


def record_confirmation(session: Session, *, request: SparringRequest, actor_id: str) -> None:
    """That the person confirmed a text which looked like it named someone — never what."""
    record_event(request, actor_id=actor_id, action="identifiers_confirmed")


def record_event(
    request: SparringRequest, actor_id: str, action: str, to: RequestStatus | None = None
) -> RequestEvent:
    """Record who did what to the request, from its status now to `to` (default: the same);
    the event's time is that of the flush unless the caller sets it."""
    event = RequestEvent(
        actor_id=actor_id, action=action, from_status=request.status, to_status=to or request.status
    )
    request.events.append(event)
    return event
