"""The life of a request against a real database: experts, accept races, passing on,
whole-team claims, reminders and expiry."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.errors import AlreadyClosed, NotAllowed, NotOpen
from bot.playground.slack import FakeSlack
from bot.requests.choices import Route
from bot.requests.holders import (
    accept_request,
    claim_team_request,
    decline_request,
    hand_over_request,
)
from bot.requests.reminders import run_reminders
from bot.requests.retention import purge
from bot.requests.routing import Candidate, choose_expert, expert_candidates
from bot.requests.service import (
    check_pressed,
    close_request,
    mark_delivered,
    record_answer,
    withdraw_request,
)
from bot.teams.participation import pause
from bot.teams.topics import DEFAULT_TOPICS, add_topic, retire_topic, set_expert_topics, topics_of
from models import (
    OutboxMessage,
    RecipientState,
    RequestEvent,
    RequestRecipient,
    SparringRequest,
    Team,
)
from tests.conftest import make_team, request_form
from tests.helpers import Sessions, store_request

CPH = ZoneInfo("Europe/Copenhagen")
TUESDAY = datetime(2026, 11, 24, 9, 0, tzinfo=CPH)


def expert_team(session_factory: sessionmaker[Session]) -> tuple[int, int]:
    """A team of five; U2 and U3 cover the first topic. Returns (team id, topic id)."""
    with session_factory.begin() as session:
        team = make_team(session)
        topic = topics_of(session, team=team)[0]
        for expert in ("U2", "U3"):
            set_expert_topics(
                session, team=team, user_id=expert, topic_ids={topic.id}, assigned_by=expert
            )
        return team.id, topic.id


def new_request(
    session_factory: sessionmaker[Session],
    *,
    route: Route,
    recipients: list[str],
    team_id: int,
    topic_id: int | None = None,
    view_id: str = "V1",
    deadline: date | None = None,
) -> int:
    form = request_form(
        team_id=team_id,
        deadline=deadline,
        route=route,
        topic_id=topic_id,
        colleague_id="U4" if route is Route.COLLEAGUE else None,
    )
    with session_factory.begin() as session:
        request = store_request(session, form, recipients=recipients, view_id=view_id)
        assert request is not None
        if recipients:
            mark_delivered(session, request_id=request.id, channel_id="G1", ts=f"1.{request.id}")
        return request.id


def status_of(session_factory: sessionmaker[Session], request_id: int) -> str:
    """The stored request's status."""
    with session_factory() as session:
        request = session.get(SparringRequest, request_id)
        assert request is not None
        return request.status


def test_default_topics_are_seeded_once_and_fit_slack(session_factory: Sessions) -> None:
    expert_team(session_factory)
    with session_factory.begin() as session:
        team = session.scalar(select(Team))
        assert team is not None
        topics = topics_of(session, team=team)
        assert [t.name_da for t in topics] == [da for da, _ in DEFAULT_TOPICS]
        assert all(len(t.name_da) <= 75 and len(t.name_en) <= 75 for t in topics)
        added = add_topic(session, team=team, name="Efterværn")
        retire_topic(session, topic=added)
        assert len(topics_of(session, team=team)) == len(DEFAULT_TOPICS)
        assert len(topics_of(session, team=team, include_retired=True)) == len(DEFAULT_TOPICS) + 1


def candidates(session: Session, team_id: int, topic_id: int, *exclude: str) -> list[Candidate]:
    """The team's experts on the topic who could take a request on Tuesday, but `exclude`."""
    team = session.get(Team, team_id)
    assert team is not None
    return expert_candidates(
        session, team=team, topic_id=topic_id, exclude=list(exclude), on=TUESDAY.date()
    )


def test_load_is_spread_and_paused_or_departed_experts_are_skipped(
    session_factory: Sessions,
) -> None:
    team_id, topic_id = expert_team(session_factory)
    new_request(
        session_factory, route=Route.EXPERT, recipients=["U2"], team_id=team_id, topic_id=topic_id
    )
    with session_factory.begin() as session:
        chosen = choose_expert(candidates(session, team_id, topic_id, "U1"))
        assert chosen is not None
        assert chosen.user_id == "U3"  # U2 already has an open request
        pause(session, user_id="U3", until=None)
    with session_factory.begin() as session:
        chosen = choose_expert(candidates(session, team_id, topic_id, "U1"))
        assert chosen is not None
        assert chosen.user_id == "U2"
        assert candidates(session, team_id, topic_id, "U1", "U2") == []


def test_two_accepting_at_once_one_wins(session_factory: Sessions) -> None:
    team_id, _ = expert_team(session_factory)
    request_id = new_request(
        session_factory, route=Route.BUDDY, recipients=["U2", "U3"], team_id=team_id
    )
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def press(user_id: str) -> None:
        barrier.wait()
        try:
            with session_factory.begin() as session:
                accept_request(session, request_id=request_id, actor_id=user_id)
            outcomes[user_id] = "won"
        except NotOpen:
            outcomes[user_id] = "told"

    threads = [threading.Thread(target=press, args=(user,)) for user in ("U2", "U3")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["told", "won"]
    winner = next(user for user, outcome in outcomes.items() if outcome == "won")
    with session_factory() as session:
        request = session.get(SparringRequest, request_id)
        assert request is not None
        assert (request.status, request.accepted_by) == ("accepted", winner)
        accepts = session.scalars(select(RequestEvent).where(RequestEvent.action == "accept")).all()
        assert len(accepts) == 1


def test_only_the_holder_may_accept_and_nothing_changes_on_a_closed_request(
    session_factory: Sessions,
) -> None:
    team_id, _ = expert_team(session_factory)
    request_id = new_request(
        session_factory, route=Route.COLLEAGUE, recipients=["U4"], team_id=team_id
    )
    with session_factory.begin() as session, pytest.raises(NotAllowed):
        accept_request(session, request_id=request_id, actor_id="U5")
    with session_factory.begin() as session, pytest.raises(NotAllowed):
        withdraw_request(session, request_id=request_id, actor_id="U4")
    with session_factory.begin() as session:
        withdraw_request(session, request_id=request_id, actor_id="U1")
    for action in (
        lambda s: accept_request(s, request_id=request_id, actor_id="U4"),
        lambda s: close_request(s, request_id=request_id, actor_id="U1"),
        lambda s: decline_request(s, request_id=request_id, actor_id="U4", next_expert=None),
    ):
        with session_factory.begin() as session, pytest.raises(AlreadyClosed):
            action(session)
    assert status_of(session_factory, request_id) == "withdrawn"


def test_decline_passes_to_the_next_expert_and_hand_over_to_a_colleague(
    session_factory: Sessions,
) -> None:
    team_id, topic_id = expert_team(session_factory)
    request_id = new_request(
        session_factory, route=Route.EXPERT, recipients=["U2"], team_id=team_id, topic_id=topic_id
    )
    with session_factory.begin() as session:
        moved = decline_request(session, request_id=request_id, actor_id="U2", next_expert="U3")
        assert (moved.old_channel_id, moved.to_user) == ("G1", "U3")
        assert moved.request.recipient_ids == ["U3"]
        assert moved.request.message_ts is None  # to be delivered again, to U3
    with session_factory.begin() as session:
        moved = hand_over_request(session, request_id=request_id, actor_id="U3", to_user="U5")
        assert moved.request.recipient_ids == ["U5"]
        states = dict(
            session.execute(
                select(RequestRecipient.user_id, RequestRecipient.state).where(
                    RequestRecipient.request_id == request_id
                )
            ).all()
        )
        assert states == {
            "U2": RecipientState.DECLINED,
            "U3": RecipientState.HANDED_OVER,
            "U5": RecipientState.ACTIVE,
        }
    with session_factory.begin() as session:
        moved = decline_request(session, request_id=request_id, actor_id="U5", next_expert=None)
        assert moved.request.recipient_ids == []  # back with the requester


def test_the_first_colleague_claims_a_whole_team_request(session_factory: Sessions) -> None:
    team_id, _ = expert_team(session_factory)
    request_id = new_request(session_factory, route=Route.TEAM, recipients=[], team_id=team_id)
    with session_factory.begin() as session, pytest.raises(NotAllowed):
        claim_team_request(session, request_id=request_id, helper_id="U1")
    barrier = threading.Barrier(3)
    won: list[str] = []
    told: list[str] = []

    def press(user_id: str) -> None:
        barrier.wait()
        try:
            with session_factory.begin() as session:
                claim_team_request(session, request_id=request_id, helper_id=user_id)
            won.append(user_id)
        except NotOpen as error:
            told.append(str(error.values["helper"]))

    threads = [threading.Thread(target=press, args=(u,)) for u in ("U3", "U4", "U5")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    assert told == [won[0], won[0]]  # the others are told who has it


def test_reminders_nudge_then_move_expert_requests_on_and_expire_after_30_days(
    session_factory: Sessions,
) -> None:
    team_id, topic_id = expert_team(session_factory)
    request_id = new_request(
        session_factory,
        route=Route.EXPERT,
        recipients=["U2"],
        team_id=team_id,
        topic_id=topic_id,
        deadline=TUESDAY.date(),
    )
    with session_factory.begin() as session:  # sent on Friday afternoon
        friday = datetime(2026, 11, 20, 15, 0, tzinfo=CPH)
        session.execute(update(RequestRecipient).values(assigned_at=friday))
        session.execute(update(SparringRequest).values(last_activity_at=friday))

    def keys() -> list[str]:
        with session_factory() as session:
            return sorted(k.split(":")[0] for k in session.scalars(select(OutboxMessage.key)))

    # Saturday: nothing; Monday 15:00 is one working day: a nudge, once.
    run_reminders(
        session_factory=session_factory,
        now=datetime(2026, 11, 21, 12, 0, tzinfo=CPH),
        default_tz=CPH,
    )
    assert keys() == []
    for hour in (15, 16):
        run_reminders(
            session_factory=session_factory,
            now=datetime(2026, 11, 23, hour, 0, tzinfo=CPH),
            default_tz=CPH,
        )
    assert keys() == ["nudge"]
    # Tuesday 15:00: two working days, and the deadline (Tuesday) has passed on Wednesday.
    run = run_reminders(
        session_factory=session_factory,
        now=datetime(2026, 11, 24, 15, 0, tzinfo=CPH),
        default_tz=CPH,
    )
    assert [m.to_user for m in run.moved] == ["U3"]
    run_reminders(
        session_factory=session_factory,
        now=datetime(2026, 11, 25, 8, 0, tzinfo=CPH),
        default_tz=CPH,
    )
    assert keys() == ["deadline", "nudge"]
    # Thirty days without activity: expired. (The move above stamped real time; pin it.)
    with session_factory.begin() as session:
        last = datetime(2026, 11, 25, 8, 0, tzinfo=CPH)
        session.execute(update(SparringRequest).values(last_activity_at=last))
        session.execute(update(RequestRecipient).values(assigned_at=last))
    run = run_reminders(
        session_factory=session_factory,
        now=datetime(2026, 12, 30, 8, 0, tzinfo=CPH),
        default_tz=CPH,
    )
    assert [r.id for r in run.refreshed] == [request_id]
    assert status_of(session_factory, request_id) == "expired"


def test_a_colleague_request_is_offered_back_instead_of_moving(session_factory: Sessions) -> None:
    team_id, _ = expert_team(session_factory)
    new_request(session_factory, route=Route.COLLEAGUE, recipients=["U4"], team_id=team_id)
    later = datetime.now(UTC) + timedelta(days=10)
    run = run_reminders(session_factory=session_factory, now=later, default_tz=CPH)
    assert run.moved == []
    with session_factory() as session:
        assert sorted(k.split(":")[0] for k in session.scalars(select(OutboxMessage.key))) == [
            "escalate"
        ]


def test_a_double_click_on_accept_or_i_can_help_is_harmless(session_factory: Sessions) -> None:
    team_id, _ = expert_team(session_factory)
    accepted = new_request(
        session_factory, route=Route.COLLEAGUE, recipients=["U4"], team_id=team_id
    )
    claimed = new_request(
        session_factory, route=Route.TEAM, recipients=[], team_id=team_id, view_id="V2"
    )
    for _ in range(2):
        with session_factory.begin() as session:
            accept_request(session, request_id=accepted, actor_id="U4")
            claim_team_request(session, request_id=claimed, helper_id="U5")
    with session_factory() as session:
        actions = session.scalars(select(RequestEvent.action).order_by(RequestEvent.id)).all()
        assert actions.count("accept") == 1
        assert actions.count("claim") == 1
        request = session.get(SparringRequest, claimed)
        assert request is not None
        assert request.recipient_ids == ["U5"]


def test_an_unclaimed_whole_team_request_is_offered_back_once(session_factory: Sessions) -> None:
    team_id, _ = expert_team(session_factory)
    request_id = new_request(session_factory, route=Route.TEAM, recipients=[], team_id=team_id)
    with session_factory.begin() as session:
        monday = datetime(2026, 11, 23, 10, 0, tzinfo=CPH)
        session.execute(update(SparringRequest).values(created_at=monday, notice_ts="9.9"))
    for day in (24, 25, 26):  # two working days after Monday 10:00 is Wednesday 10:00
        run_reminders(
            session_factory=session_factory,
            now=datetime(2026, 11, day, 11, 0, tzinfo=CPH),
            default_tz=CPH,
        )
    with session_factory() as session:
        keys = session.scalars(select(OutboxMessage.key)).all()
        assert keys == [f"escalate:{request_id}:team"]
        message = session.scalar(select(OutboxMessage))
        assert message is not None
        assert message.users == "U1"


def test_content_is_deleted_after_the_retention_period_and_metadata_stays(
    session_factory: Sessions, fake: FakeSlack
) -> None:
    team_id, _ = expert_team(session_factory)
    request_id = new_request(
        session_factory, route=Route.COLLEAGUE, recipients=["U4"], team_id=team_id
    )
    client = WebClient(token=fake.bot_token, base_url=fake.api_url)
    channel = fake.open_mpim(["U1", "U4"])
    message = client.chat_postMessage(channel=channel, text="anmodning")
    answer = client.chat_postMessage(channel=channel, text="svar", thread_ts=message["ts"])
    with session_factory.begin() as session:
        request = session.get(SparringRequest, request_id)
        assert request is not None
        request.channel_id, request.message_ts = channel, message["ts"]
        record_answer(session, request=request, author_id="U4", ts=answer["ts"], posted_in=channel)
        close_request(session, request_id=request_id, actor_id="U1")
        request.closed_at = datetime(2026, 11, 1, 12, 0, tzinfo=CPH)
    early = datetime(2026, 11, 14, 12, 0, tzinfo=CPH)
    late = datetime(2026, 11, 16, 12, 0, tzinfo=CPH)
    assert purge(client=client, session_factory=session_factory, now=early).cleaned == []
    # Slack is down when the period ends: the database is cleared now, Slack on a later run.
    fake.fail_next("chat.update", status=500, error="internal_error")
    first = purge(client=client, session_factory=session_factory, now=late)
    assert (first.deleted, first.cleaned, first.failed) == ([request_id], [], [request_id])
    assert len(fake.messages(channel)) == 2
    again = purge(client=client, session_factory=session_factory, now=late)
    assert (again.deleted, again.cleaned, again.failed) == ([], [request_id], [])
    with session_factory() as session:
        request = session.get(SparringRequest, request_id)
        assert request is not None
        assert request.question_text is None
        assert request.content_deleted_at is not None
        assert (request.status, request.requester_id, request.help_kind) == (
            "resolved",
            "U1",
            "knowledge",
        )
    remaining = fake.messages(channel)
    assert [m["ts"] for m in remaining] == [message["ts"]]  # the bot's answer post is deleted
    assert "lukket" in str(remaining[0]["blocks"])
    assert "børnesamtale" not in str(remaining[0]["blocks"])
    later = datetime(2026, 12, 16, tzinfo=CPH)
    assert purge(client=client, session_factory=session_factory, now=later).cleaned == []


def test_a_hand_over_opened_before_a_colleague_took_the_request_changes_nothing(
    session_factory: Sessions,
) -> None:
    team_id, _ = expert_team(session_factory)
    request_id = new_request(session_factory, route=Route.TEAM, recipients=[], team_id=team_id)
    with session_factory.begin() as session:  # the requester opens "Giv videre til …" …
        generation = check_pressed(session, request_id=request_id, generation=0).delivery_generation
    with session_factory.begin() as session:  # … while a colleague takes it
        claim_team_request(session, request_id=request_id, helper_id="U3")
    with session_factory.begin() as session, pytest.raises(NotOpen):
        check_pressed(session, request_id=request_id, generation=generation)
    with session_factory() as session:
        request = session.get(SparringRequest, request_id)
        assert request is not None
        assert request.recipient_ids == ["U3"]
