"""Services against a real database (SQLite, or PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.errors import AlreadyClosed, NotAllowed
from bot.pairing.service import stop_team
from bot.requests.choices import RequestKind
from bot.requests.service import (
    DELIVERY_CLAIM_TIMEOUT,
    claim_delivery,
    close_request,
    mark_delivered,
    mark_delivery_failed,
    open_requests_for,
    record_reply,
)
from bot.slack.dedupe import claim_event
from bot.teams.service import (
    add_member,
    claim_greeting,
    register_team,
    remove_member,
    sync_members,
    teams_for_user,
)
from models import RequestEvent, RequestStatus, SparringRequest, Team, TeamMember, utcnow
from tests.conftest import request_form
from tests.helpers import store_request

FORM = request_form(
    kind=RequestKind.CASE,
    child="Pige, 4 år, sprogligt forsinket.",
    question="Har du særlig viden om sprogudvikling?",
    deadline=date(2026, 12, 1),
)


def new_request(session: Session, view_id: str = "V1") -> SparringRequest | None:
    return store_request(session, FORM, recipients=["U2"], view_id=view_id)


def test_request_is_stored_once_per_view(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        first = new_request(session)
        assert first is not None
        assert first.recipient_ids == ["U2"]
    with session_factory.begin() as session:
        assert new_request(session) is None
        assert session.scalar(select(func.count(SparringRequest.id))) == 1


def test_concurrent_double_submission_stores_one(session_factory: sessionmaker[Session]) -> None:
    barrier = threading.Barrier(4)
    results: list[bool] = []

    def submit() -> None:
        barrier.wait()
        with session_factory.begin() as session:
            results.append(new_request(session, view_id="V-double") is not None)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
    with session_factory() as session:
        assert session.scalar(select(func.count(SparringRequest.id))) == 1


def test_delivery_is_claimed_once_and_can_be_retried_after_failure(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        request_id = new_request(session).id  # type: ignore[union-attr]
    with session_factory.begin() as session:
        assert claim_delivery(session, request_id=request_id) is not None
        assert claim_delivery(session, request_id=request_id) is None
    with session_factory.begin() as session:
        mark_delivery_failed(session, request_id=request_id, error="ratelimited")
    with session_factory.begin() as session:
        assert claim_delivery(session, request_id=request_id) is not None
        mark_delivered(session, request_id=request_id, channel_id="G1", ts="1.000100")
    with session_factory.begin() as session:
        later = utcnow() + DELIVERY_CLAIM_TIMEOUT * 2
        assert claim_delivery(session, request_id=request_id, now=later) is None


def test_a_stale_claim_from_a_crashed_process_can_be_taken_over(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        request_id = new_request(session).id  # type: ignore[union-attr]
        assert claim_delivery(session, request_id=request_id) is not None
    with session_factory.begin() as session:
        soon = utcnow() + timedelta(seconds=10)
        assert claim_delivery(session, request_id=request_id, now=soon) is None
        later = utcnow() + DELIVERY_CLAIM_TIMEOUT + timedelta(seconds=1)
        assert claim_delivery(session, request_id=request_id, now=later) is not None


def test_reply_moves_open_to_answered_and_close_resolves(
    session_factory: sessionmaker[Session],
) -> None:
    with session_factory.begin() as session:
        request_id = new_request(session).id  # type: ignore[union-attr]
        mark_delivered(session, request_id=request_id, channel_id="G1", ts="1.000100")
    with session_factory.begin() as session:
        # The requester adding detail does not count as an answer.
        assert (
            record_reply(session, channel_id="G1", thread_ts="1.000100", author_id="U1", ts="2.1")
            is None
        )
        changed = record_reply(
            session, channel_id="G1", thread_ts="1.000100", author_id="U2", ts="3.1"
        )
        assert changed is not None
        assert (changed.status, changed.answered_by) == (RequestStatus.ANSWERED, "U2")
        # The same reply again, and replies in other threads, change nothing.
        assert (
            record_reply(session, channel_id="G1", thread_ts="1.000100", author_id="U2", ts="3.1")
            is None
        )
        assert (
            record_reply(session, channel_id="G1", thread_ts="9.9", author_id="U2", ts="4.1")
            is None
        )
    with session_factory.begin() as session:
        with pytest.raises(NotAllowed):
            close_request(session, request_id=request_id, actor_id="U2")
        close_request(session, request_id=request_id, actor_id="U1")
    with session_factory.begin() as session:
        with pytest.raises(AlreadyClosed):
            close_request(session, request_id=request_id, actor_id="U1")
        events = session.scalars(
            select(RequestEvent)
            .where(RequestEvent.request_id == request_id)
            .order_by(RequestEvent.id)
        ).all()
        assert [(e.action, e.actor_id, e.to_status) for e in events] == [
            ("create", "U1", "open"),
            ("answer", "U2", "answered"),
            ("close", "U1", "resolved"),
        ]
        assert open_requests_for(session, user_id="U1") == ([], [])


def test_open_requests_are_listed_for_both_sides(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        new_request(session)
    with session_factory() as session:
        sent, waiting = open_requests_for(session, user_id="U1")
        assert [r.requester_id for r in sent] == ["U1"] and waiting == []
        sent, waiting = open_requests_for(session, user_id="U2")
        assert sent == [] and [r.requester_id for r in waiting] == ["U1"]


def test_events_are_claimed_once(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        assert claim_event(session, event_id="Ev1")
    with session_factory.begin() as session:
        assert not claim_event(session, event_id="Ev1")
        assert claim_event(session, event_id="Ev2")


def register_c1(session: Session, *, name: str, created_by: str) -> tuple[Team, bool]:
    """register_team for channel C1 of workspace T1, a Danish team in Copenhagen."""
    return register_team(
        session,
        channel_id="C1",
        workspace_id="T1",
        name=name,
        created_by=created_by,
        timezone="Europe/Copenhagen",
        language="da",
    )


def test_team_membership_follows_the_channel(session_factory: sessionmaker[Session]) -> None:
    with session_factory.begin() as session:
        team, created = register_c1(session, name="boern-og-familie", created_by="U1")
        assert created
        assert sync_members(session, team=team, human_ids=["U1", "U2", "U3"]) == 3
    with session_factory.begin() as session:
        assert remove_member(session, channel_id="C1", user_id="U3")
        assert not remove_member(session, channel_id="C1", user_id="U3")
        assert add_member(session, channel_id="C1", user_id="U4")
        assert not add_member(session, channel_id="C-unknown", user_id="U4")
    with session_factory() as session:
        active = session.scalars(
            select(TeamMember.user_id)
            .where(TeamMember.left_at.is_(None))
            .order_by(TeamMember.user_id)
        ).all()
        assert active == ["U1", "U2", "U4"]
        assert [t.channel_id for t in teams_for_user(session, user_id="U4")] == ["C1"]
        assert teams_for_user(session, user_id="U3") == []
    with session_factory.begin() as session:
        team, created = register_c1(session, name="renamed", created_by="U2")
        assert not created
        assert sync_members(session, team=team, human_ids=["U2", "U3"]) == 2
        assert claim_greeting(session, team_id=team.id)
        assert not claim_greeting(session, team_id=team.id)
        assert stop_team(session, team_id=team.id)
        assert not stop_team(session, team_id=team.id)
    with session_factory() as session:
        assert teams_for_user(session, user_id="U2") == []
