"""Who holds a request: taking it, passing it on, handing it over, claiming a whole-team request.

Each transition locks the request's row and first checks that the state it acts on still holds,
so of two people pressing at once the second sees what the first did and is told; nobody's
click undoes another's. Services flush and never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.core.errors import NotAllowed, NotOpen
from bot.requests.service import Moved, live, lock_request, move_request, record_event
from bot.teams.participation import is_member
from models import (
    RecipientState,
    RequestEvent,
    RequestRecipient,
    RequestStatus,
    SparringRequest,
    utcnow,
)


def _require_recipient(request: SparringRequest, actor_id: str) -> None:
    if actor_id not in request.recipient_ids:
        raise NotAllowed(f"{actor_id} does not hold request {request.id}")


def _taken(request: SparringRequest) -> NotOpen:
    """The refusal for someone acting on a request another holder has taken meanwhile."""
    return NotOpen(
        f"request {request.id} accepted by another holder",
        key="msg.already_taken",
        helper=request.accepted_by,
    )


def accept_request(session: Session, *, request_id: int, actor_id: str) -> SparringRequest:
    """The recipient takes the request; of two pressing at once, one wins and the other is told
    who has it. Pressing again (a double click) changes nothing and is no error."""
    request = live(lock_request(session, request_id=request_id))
    _require_recipient(request, actor_id)
    if request.accepted_by == actor_id:
        return request
    if request.accepted_by is not None:
        raise _taken(request)
    if _take(session, request, actor_id=actor_id, action="accept") == "lost":
        raise NotOpen(f"request {request_id} is {request.status}", key="msg.not_open")
    return request


def _take(session: Session, request: SparringRequest, *, actor_id: str, action: str) -> str:
    """Move an open request to accepted by `actor_id`, if nobody did first.

    Returns "won", "mine" (their own earlier click got there) or "lost". The condition in the
    UPDATE makes the database pick one winner even where the row lock is not taken.
    """
    result = session.execute(
        update(SparringRequest)
        .where(
            SparringRequest.id == request.id,
            SparringRequest.status == RequestStatus.OPEN,
            SparringRequest.accepted_by.is_(None),
        )
        .values(status=RequestStatus.ACCEPTED, accepted_by=actor_id, last_activity_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.refresh(request)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return "mine" if request.accepted_by == actor_id else "lost"
    request.events.append(
        RequestEvent(
            actor_id=actor_id,
            action=action,
            from_status=RequestStatus.OPEN,
            to_status=RequestStatus.ACCEPTED,
        )
    )
    session.flush()
    return "won"


def decline_request(
    session: Session,
    *,
    request_id: int,
    actor_id: str,
    next_expert: str | None,
    on_behalf: bool = False,
    now: datetime | None = None,
) -> Moved | None:
    """The recipient passes (or the reminder job passes for them, `on_behalf`).

    One of several holders (a buddy trio) steps aside and the request stays with the others:
    None is returned, the request's message stays where it is. The last holder passes it on:
    an expert request to `next_expert`, otherwise back to the requester.
    """
    request = live(lock_request(session, request_id=request_id))
    if request.status == RequestStatus.ANSWERED:
        raise NotOpen(f"request {request_id} is answered")
    if not on_behalf:
        _require_recipient(request, actor_id)
        # "Not me" is offered only while the request is open; pressed on an older message
        # after someone took it, it must not take the request away from them.
        if request.accepted_by == actor_id:
            raise NotOpen(f"{actor_id} took request {request_id}", key="msg.you_took_it")
        if request.accepted_by is not None:
            raise _taken(request)
        if len(request.recipient_ids) > 1:
            _step_aside(session, request, actor_id=actor_id)
            return None
    return _move(
        session,
        request,
        actor_id=actor_id,
        leaving=RecipientState.DECLINED,
        to=next_expert,
        now=now,
    )


def _step_aside(session: Session, request: SparringRequest, *, actor_id: str) -> None:
    """One of several holders passes; the request, still open, stays with the others."""
    mine = next(
        r for r in request.recipients if r.user_id == actor_id and r.state == RecipientState.ACTIVE
    )
    mine.state = RecipientState.DECLINED
    record_event(request, actor_id=actor_id, action="decline")
    request.last_activity_at = utcnow()
    session.flush()


def hand_over_request(session: Session, *, request_id: int, actor_id: str, to_user: str) -> Moved:
    """Give the request to a named colleague; its holder or its requester may. A holder may not
    once another holder has taken it. A colleague who had it before may get it back."""
    request = live(lock_request(session, request_id=request_id))
    if actor_id != request.requester_id:
        _require_recipient(request, actor_id)
        if request.accepted_by not in (None, actor_id):
            raise _taken(request)
    if to_user == request.requester_id:
        raise NotAllowed(f"hand request {request_id} to its requester", key="error.to_requester")
    if to_user in request.recipient_ids:
        raise NotAllowed(f"{to_user} already holds request {request_id}", key="msg.already_holds")
    return _move(
        session, request, actor_id=actor_id, leaving=RecipientState.HANDED_OVER, to=to_user
    )


# What a holder's row becomes when the request moves on, and the event's action.
_ACTIONS = {RecipientState.DECLINED: "decline", RecipientState.HANDED_OVER: "hand_over"}


def _move(
    session: Session,
    request: SparringRequest,
    *,
    actor_id: str,
    leaving: RecipientState,
    to: str | None,
    now: datetime | None = None,
) -> Moved:
    """Move the request on (declined or handed over) and flush it."""
    moved = move_request(
        request, actor_id=actor_id, action=_ACTIONS[leaving], leaving=leaving, to=to, now=now
    )
    session.flush()
    return moved


def claim_team_request(session: Session, *, request_id: int, helper_id: str) -> SparringRequest:
    """The first colleague in the team to press "I can help" on a whole-team notice gets the
    request."""
    request = live(lock_request(session, request_id=request_id))
    if helper_id == request.requester_id:
        raise NotAllowed(f"requester pressed own notice {request_id}", key="msg.own_notice")
    if request.accepted_by == helper_id:  # a double click: already theirs
        return request
    if request.team_id is None or not is_member(
        session, team_id=request.team_id, user_id=helper_id
    ):
        raise NotAllowed(f"{helper_id} is not in the team of {request_id}", key="msg.not_in_team")
    if request.accepted_by:
        raise NotOpen(f"request {request_id} taken", key="msg.taken", helper=request.accepted_by)
    if request.asked_ids:  # the requester handed it to someone meanwhile
        raise NotOpen(f"request {request_id} handed over")
    outcome = _take(session, request, actor_id=helper_id, action="claim")
    if outcome == "lost":
        raise NotOpen(f"request {request_id} taken", key="msg.taken", helper=request.accepted_by)
    if outcome == "won":
        request.recipients.append(RequestRecipient(user_id=helper_id))
        # A new holder: hand-over or withdraw modals opened from the notice before this are stale.
        request.delivery_generation += 1
        session.flush()
    return request
