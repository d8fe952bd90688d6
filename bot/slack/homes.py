"""Marking a person's App Home as due for a new render, in the transaction of the change.

A change (a request sent, taken or closed; topics, rules or a pause changed) calls `want_home`
for the people it concerns. The App Home sender (bot/home/refresh.py) then publishes each due
home once, however many changes were marked meanwhile; a failure leaves the mark for the
scheduled catch-up, so a refresh is never lost, and coalescing means it is never doubled.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import HomeRefresh

# Whether `want_home` ran in this thread since `take_marked` last looked: a listener whose
# work marked no home skips the publishing pass after it (and its database read). Per thread,
# because a listener's transactions run and commit on its own thread before the pass; homes
# marked elsewhere (timed work, another process) are published by the scheduled catch-up.
_marked = threading.local()


def take_marked() -> bool:
    """Whether this thread marked an App Home since the last call; forgets it."""
    marked = bool(getattr(_marked, "any", False))
    _marked.any = False
    return marked


def want_home(session: Session, *, user_ids: Iterable[str]) -> None:
    """Mark these people's App Homes as due to show their current state, in three statements
    however many they are (a round marks everyone in the team)."""
    wanted = list(dict.fromkeys(u for u in user_ids if u))
    if not wanted:
        return
    _marked.any = True  # a rolled-back mark only costs one pass that finds nothing
    session.execute(
        update(HomeRefresh)
        .where(HomeRefresh.user_id.in_(wanted))
        .values(wanted=HomeRefresh.wanted + 1)
        .execution_options(synchronize_session=False)
    )
    marked = set(
        session.scalars(select(HomeRefresh.user_id).where(HomeRefresh.user_id.in_(wanted)))
    )
    missing = [user_id for user_id in wanted if user_id not in marked]
    if not missing:
        return
    try:
        with session.begin_nested():
            session.execute(insert(HomeRefresh), [{"user_id": user_id} for user_id in missing])
    except IntegrityError:  # another transaction added some first: one by one
        for user_id in missing:
            _want_one(session, user_id)


def _want_one(session: Session, user_id: str) -> None:
    """Mark one person's App Home, whether or not their row exists yet."""
    bump = (
        update(HomeRefresh)
        .where(HomeRefresh.user_id == user_id)
        .values(wanted=HomeRefresh.wanted + 1)
        .execution_options(synchronize_session=False)
    )
    if session.execute(bump).rowcount:  # type: ignore[attr-defined]
        return
    try:
        with session.begin_nested():
            session.add(HomeRefresh(user_id=user_id))
    except IntegrityError:  # another transaction added it first
        session.execute(bump)
