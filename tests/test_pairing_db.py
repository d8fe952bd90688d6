"""Buddy rounds and the outbox against a real database and the fake Slack: exactly once."""

from __future__ import annotations

import multiprocessing
import os
import threading
from datetime import UTC, datetime, timedelta
from itertools import combinations

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import make_engine, make_session_factory
from bot.pairing.announce import run_due
from bot.pairing.service import plan_due
from bot.playground.slack import FakeSlack
from bot.slack import outbox
from bot.teams.participation import pause, set_excluded
from models import OutboxMessage, PairingRound, Team
from models.sealed import use_key_ring
from tests.conftest import add_team
from tests.testkeys import TEST_KEY, ring

MONDAY_NINE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Copenhagen


def plan(session_factory: sessionmaker[Session], team_id: int, now: datetime, **kw: bool):
    with session_factory.begin() as session:
        team = session.get(Team, team_id)
        assert team is not None
        return plan_due(session, team=team, now=now, **kw)


def client_for(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.api_url)


def test_nothing_is_due_before_the_time_and_the_week_is_caught_up_later(
    session_factory: sessionmaker[Session],
) -> None:
    team_id = add_team(session_factory, lead="U1")
    assert plan(session_factory, team_id, MONDAY_NINE - timedelta(minutes=1)) is None
    # The bot was down on Monday; on Wednesday it catches up.
    report = plan(session_factory, team_id, MONDAY_NINE + timedelta(days=2))
    assert report is not None
    assert report.new_round
    assert sorted(len(g) for g in report.groups) == [2, 3]  # five people: a pair and a trio
    assert report.queued == ["channel announcement", "group DM 1", "group DM 2"]
    again = plan(session_factory, team_id, MONDAY_NINE + timedelta(days=3))
    assert again is not None
    assert again.queued == []
    assert again.groups == report.groups


def test_one_round_per_period_with_concurrent_planners(
    session_factory: sessionmaker[Session],
) -> None:
    team_id = add_team(session_factory, lead="U1")
    barrier = threading.Barrier(4)
    groups: list[list[tuple[str, ...]]] = []

    def planner() -> None:
        barrier.wait()
        report = plan(session_factory, team_id, MONDAY_NINE)
        assert report is not None
        groups.append(report.groups)

    threads = [threading.Thread(target=planner) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(groups) == 4
    assert all(g == groups[0] for g in groups)
    with session_factory() as session:
        assert session.scalar(select(func.count(PairingRound.id))) == 1
        keys = sorted(session.scalars(select(OutboxMessage.key)))
    assert len(keys) == 3
    assert keys[0].startswith("announce:")


def _plan_in_another_process(database_url: str, team_id: int, barrier: object, key: str) -> None:
    # A spawned process starts with no key ring: it gets the parent's, as a bot process would
    # read the same ENCRYPTION_KEYS.
    use_key_ring(ring(key))
    factory = make_session_factory(make_engine(database_url))
    barrier.wait()  # type: ignore[attr-defined]
    plan(factory, team_id, MONDAY_NINE)


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="two processes need a database server"
)
def test_two_processes_plan_one_round(
    database_url: str, session_factory: sessionmaker[Session]
) -> None:
    team_id = add_team(session_factory, lead="U1")
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    processes = [
        context.Process(
            target=_plan_in_another_process, args=(database_url, team_id, barrier, TEST_KEY)
        )
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    with session_factory() as session:
        assert session.scalar(select(func.count(PairingRound.id))) == 1
        assert session.scalar(select(func.count(OutboxMessage.id))) == 3
        # Written by the other processes with the same key: readable here.
        assert all(session.scalars(select(OutboxMessage.text)))


def test_stable_team_meets_everyone_before_any_pair_repeats(
    session_factory: sessionmaker[Session],
) -> None:
    members = [f"U{i}" for i in range(1, 7)]
    team_id = add_team(session_factory, members=members, lead="U1")
    met: list[frozenset[str]] = []
    for week in range(len(members) - 1):
        report = plan(session_factory, team_id, MONDAY_NINE + timedelta(weeks=week))
        assert report is not None
        assert report.new_round
        met += [frozenset(pair) for group in report.groups for pair in combinations(group, 2)]
    assert len(met) == len(set(met)) == len(members) * (len(members) - 1) // 2


def test_paused_and_excluded_people_are_not_paired(
    session_factory: sessionmaker[Session],
) -> None:
    team_id = add_team(session_factory, lead="U1")
    with session_factory.begin() as session:
        pause(session, user_id="U2", until=None)
        pause(session, user_id="U3", until=(MONDAY_NINE - timedelta(days=1)).date())  # over
        set_excluded(session, team_id=team_id, user_id="U4", excluded=True)
    report = plan(session_factory, team_id, MONDAY_NINE)
    assert report is not None
    placed = sorted(u for g in report.groups for u in g)
    assert placed == ["U1", "U3", "U5"]


def test_a_team_of_one_gets_a_note_once_per_period(
    session_factory: sessionmaker[Session],
) -> None:
    team_id = add_team(session_factory, members=["U1"], lead="U1")
    report = plan(session_factory, team_id, MONDAY_NINE)
    assert report is not None
    assert report.groups == []
    assert report.queued == ["alone note"]
    again = plan(session_factory, team_id, MONDAY_NINE + timedelta(hours=1))
    assert again is not None
    assert again.queued == []


def test_weekly_nudges_within_a_longer_period_and_only_on_change_when_asked(
    session_factory: sessionmaker[Session],
) -> None:
    team_id = add_team(session_factory, lead="U1")
    with session_factory.begin() as session:
        team = session.get(Team, team_id)
        assert team is not None
        team.period_weeks = 2
    period_start = MONDAY_NINE + timedelta(weeks=1)  # 30.11 starts a two-week period
    first = plan(session_factory, team_id, period_start)
    second = plan(session_factory, team_id, period_start + timedelta(weeks=1))
    assert first is not None
    assert second is not None
    assert first.new_round
    assert not second.new_round
    assert second.groups == first.groups
    assert second.queued == ["channel announcement"]  # a nudge, no new group DMs
    with session_factory.begin() as session:
        team = session.get(Team, team_id)
        assert team is not None
        team.announce_every_week = False
    third = plan(session_factory, team_id, period_start + timedelta(weeks=2))
    fourth = plan(session_factory, team_id, period_start + timedelta(weeks=3))
    assert third is not None
    assert fourth is not None
    assert third.new_round
    assert "channel announcement" in third.queued
    assert fourth.queued == []


def test_outbox_posts_each_message_once_with_concurrent_senders(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    team_id = add_team(session_factory, lead="U1")
    fake.add_member("C1", fake.bot_user_id)
    plan(session_factory, team_id, MONDAY_NINE)
    client = client_for(fake)
    barrier = threading.Barrier(3)

    def sender() -> None:
        barrier.wait()
        outbox.send_pending(client=client, session_factory=session_factory)

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(fake.calls_to("chat.postMessage")) == 3
    announcement = fake.messages("C1")
    assert len(announcement) == 1
    assert "Makkerpar" in announcement[0]["text"]
    with session_factory() as session:
        assert outbox.pending_ids(session) == []


def test_a_sender_that_died_after_posting_is_not_posted_again(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    fake.add_member("C1", fake.bot_user_id)
    client = client_for(fake)
    with session_factory.begin() as session:
        outbox.enqueue(session, key="announce:test", channel_id="C1", text="Makkerpar")
        message_id = outbox.pending_ids(session)[0]
    # The dead sender claimed the row and posted, but never recorded it.
    client.chat_postMessage(
        channel="C1",
        text="Makkerpar",
        metadata={"event_type": outbox.METADATA_EVENT, "event_payload": {"key": "announce:test"}},
    )
    stale = datetime.now(UTC) - outbox.CLAIM_LEASE - timedelta(seconds=1)
    with session_factory.begin() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(claimed_at=stale, attempts=1)
        )
    outbox.send_pending(client=client, session_factory=session_factory)
    assert len(fake.messages("C1")) == 1
    with session_factory() as session:
        stored = session.get(OutboxMessage, message_id)
        assert stored is not None
        assert stored.ts == fake.messages("C1")[0]["ts"]


def test_a_sender_that_died_before_posting_leaves_it_for_the_next(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    fake.add_member("C1", fake.bot_user_id)
    with session_factory.begin() as session:
        outbox.enqueue(session, key="announce:test", channel_id="C1", text="Makkerpar")
        message_id = outbox.pending_ids(session)[0]
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id)
            .values(claimed_at=datetime.now(UTC), attempts=1)
        )
    client = client_for(fake)
    outbox.send_pending(client=client, session_factory=session_factory)
    assert fake.messages("C1") == []  # the claim is still fresh: someone may be posting
    with session_factory.begin() as session:
        stale = datetime.now(UTC) - outbox.CLAIM_LEASE - timedelta(seconds=1)
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id == message_id).values(claimed_at=stale)
        )
    outbox.send_pending(client=client, session_factory=session_factory)
    assert len(fake.messages("C1")) == 1


def test_rate_limits_and_server_errors_are_retried_without_doubling(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    team_id = add_team(session_factory, lead="U1")
    fake.add_member("C1", fake.bot_user_id)
    fake.fail_next("chat.postMessage", status=429, retry_after=0)
    fake.fail_next("conversations.open", status=500, error="internal_error", times=2)
    from bot.core.settings import Settings
    from bot.slack.client import make_web_client

    settings = Settings(slack_bot_token=fake.bot_token, slack_api_url=fake.api_url, _env_file=None)  # type: ignore[call-arg]
    run_due(client=make_web_client(settings), session_factory=session_factory, now=MONDAY_NINE)
    assert len(fake.messages("C1")) == 1
    assert len([m for m in fake.messages() if m["channel"].startswith("G")]) == 2
    with session_factory() as session:
        assert outbox.pending_ids(session, team_id=team_id) == []


def test_a_channel_that_is_gone_stops_the_team_and_tells_the_lead_once(
    fake: FakeSlack, session_factory: sessionmaker[Session]
) -> None:
    team_id = add_team(session_factory, lead="U1")
    # The bot was removed from the channel: posting there fails with not_in_channel.
    client = client_for(fake)
    run_due(client=client, session_factory=session_factory, now=MONDAY_NINE)
    with session_factory() as session:
        team = session.get(Team, team_id)
        assert team is not None
        assert not team.active
        assert team.stopped_at is not None
    notices = [m for m in fake.messages() if m["channel"].startswith("D")]
    assert len(notices) == 1
    assert "stoppet" in notices[0]["text"]
    run_due(client=client, session_factory=session_factory, now=MONDAY_NINE + timedelta(days=7))
    assert len([m for m in fake.messages() if m["channel"].startswith("D")]) == 1


def test_a_dry_run_changes_nothing(session_factory: sessionmaker[Session]) -> None:
    add_team(session_factory, lead="U1")
    reports = run_due(
        client=None, session_factory=session_factory, now=MONDAY_NINE, force=True, dry_run=True
    )
    assert len(reports) == 1
    assert reports[0].new_round
    assert "channel announcement" in reports[0].queued
    with session_factory() as session:
        assert session.scalar(select(func.count(PairingRound.id))) == 0
        assert session.scalar(select(func.count(OutboxMessage.id))) == 0
