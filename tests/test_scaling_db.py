"""What grows with a team and what must not: SQL statements per buddy round and per buddy
request stay the same from 7 to 700 members, the pairing history read in a few set-based
queries equals the one replayed round by round, and `/sparring` opens the whole form in one
`views.open` when the database answers fast. Statement counts, never times."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import Session, sessionmaker

from bot.pairing.service import NOT_MET, _replayed_history, load_history, plan_due, round_for
from bot.playground.slack import FakeSlack
from bot.requests import compose
from bot.slack import modals
from bot.slack.ids import Action, Callback
from bot.teams.participation import pause, resume
from handlers import request_form as request_form_handlers
from models import HomeRefresh, OutboxMessage, PairCheckin, SparringRequest, Team, utcnow
from tests.conftest import add_team
from tests.inprocess import InProcess

MONDAY_NINE = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Copenhagen


def members(count: int) -> list[str]:
    """U1–U5 (the fake's people) and then made-up colleagues, `count` in all."""
    return ["U1", "U2", "U3", "U4", "U5", *(f"UM{n:04d}" for n in range(count - 5))]


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements the engine runs inside the block."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def round_at(session_factory: sessionmaker[Session], team_id: int, now: datetime) -> Any:
    with session_factory.begin() as session:
        team = session.get(Team, team_id)
        assert team is not None
        return plan_due(session, team=team, now=now)


def statements_of_a_round(engine: Engine, session_factory: sessionmaker[Session], size: int) -> int:
    """Statements of the fourth round of a team of `size` (with a trio: odd size)."""
    team_id = add_team(session_factory, channel_id=f"C{size}", members=members(size))
    for week in range(3):
        round_at(session_factory, team_id, MONDAY_NINE + timedelta(weeks=week))
    with counting(engine) as statements:
        report = round_at(session_factory, team_id, MONDAY_NINE + timedelta(weeks=3))
    assert report.new_round and len(report.queued) == 1 + size // 2
    return len(statements)


def test_statements_per_round_do_not_grow_with_the_team(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    small = statements_of_a_round(engine, session_factory, 7)
    large = statements_of_a_round(engine, session_factory, 701)
    assert large == small
    with session_factory() as session:  # and every group DM was queued
        keys = session.scalars(select(OutboxMessage.key).where(OutboxMessage.key.like("pair-%")))
        assert len(list(keys)) == 4 * (7 // 2 + 701 // 2)


def test_the_history_read_at_once_is_the_history_replayed(
    session_factory: sessionmaker[Session],
) -> None:
    team_id = add_team(session_factory, members=members(13))
    for week in range(6):
        with session_factory.begin() as session:
            # Churn: someone pauses, someone comes back, so slots open and fill.
            if week == 2:
                pause(session, user_id="UM0001", until=None, team_id=team_id)
                pause(session, user_id="U3", until=None, team_id=team_id)
            if week == 4:
                resume(session, user_id="U3", team_id=team_id)
        report = round_at(session_factory, team_id, MONDAY_NINE + timedelta(weeks=week))
        if week in (1, 3):  # a group that did not meet is left out of the history
            with session_factory.begin() as session:
                stored = round_for(session, team_id=team_id, on=report.week)
                assert stored is not None
                session.add(PairCheckin(round_id=stored.id, group_no=1, outcome=NOT_MET))
                unmet, number = frozenset(stored.groups[1][:2]), stored.number
        with session_factory() as session:
            read, replayed = (
                load_history(session, team_id=team_id),
                _replayed_history(session, team_id=team_id),
            )
        assert read.last_met == replayed.last_met
        assert read.trio_count == replayed.trio_count
        assert read.last_trio == replayed.last_trio
        assert read.previous_members == replayed.previous_members
        assert read.previous_offset == replayed.previous_offset
        assert read.order == replayed.order
        if week in (1, 3):
            assert read.last_met.get(unmet) != number


def statements_of_a_buddy_request(
    fake: FakeSlack, inproc: InProcess, engine: Engine, people: list[str], channel_id: str
) -> int:
    """Statements of a second buddy request in a team of `people`, by someone in a pair (a
    trio's member has two buddies, and each recipient is a row)."""
    for user in people:
        if fake.workspace.users.get(user) is None:
            fake.add_user(user, user.lower(), locale="da-DK")
    fake.add_channel(channel_id, f"team-{len(people)}", members=people[:3])
    session_factory = inproc.deps.session_factory
    team_id = add_team(session_factory, channel_id=channel_id, members=people)
    with session_factory.begin() as session:
        team = session.get(Team, team_id)
        assert team is not None
        report = plan_due(session, team=team, now=utcnow(), force=True)
        assert report is not None
        # The round marked everyone's App Home; publishing 700 of them is not what is counted.
        session.execute(delete(HomeRefresh))
    requester = next(group[0] for group in report.groups if len(group) == 2)
    values = {
        Action.CHILD: "Dreng, 9 år, stort skolefravær.",
        Action.QUESTION: "Har du erfaring med skolefravær?",
        Action.HELP_KIND: "experience",
        Action.FORM: "written",
        Action.FEEDBACK: "recognition",
        Action.ROUTE: "buddy",
    }
    counts = []
    for _ in range(2):  # the first fills the caches (users.info); the second is counted
        acked = inproc.command(requester, channel_id=channel_id)
        view = fake.open_view_for(acked.trigger_id, timeout=0)
        assert view["callback_id"] == Callback.REQUEST
        with counting(engine) as statements:
            assert inproc.submit_view(requester, view["id"], values).payload is None
        counts.append(len(statements))
    with session_factory() as session:
        mine = select(SparringRequest).where(SparringRequest.requester_id == requester)
        assert len(session.scalars(mine).all()) == 2
    return counts[-1]


def test_statements_per_buddy_request_do_not_grow_with_the_team(
    fake: FakeSlack, inproc: InProcess, engine: Engine
) -> None:
    small = statements_of_a_buddy_request(fake, inproc, engine, members(7), "C1")
    large = [f"UL{n:04d}" for n in range(700)]
    assert statements_of_a_buddy_request(fake, inproc, engine, large, "C700") == small


def test_a_buddy_request_reads_four_times_and_stores_without_reading_the_team(
    fake: FakeSlack, inproc: InProcess, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What runs before the submission's ack: the requester's teams, their buddies and the
    # team's rules (in transactions that only read), then the double-submission check; the
    # writing transaction does not load the team (only a meeting request needs it).
    submitted: list[list[str]] = []
    real_submit = request_form_handlers.submit_request

    def counted(*args: Any, **kwargs: Any) -> Any:
        with counting(engine) as statements:
            found = real_submit(*args, **kwargs)
        submitted.append([s for s in statements if not s.startswith("BEGIN")])
        return found

    monkeypatch.setattr(request_form_handlers, "submit_request", counted)
    statements_of_a_buddy_request(fake, inproc, engine, members(7), "C1")
    kinds = [statement.split()[0] for statement in submitted[-1]]
    stored = kinds.index("INSERT")
    assert kinds[:stored] == ["SELECT"] * 4 + ["SAVEPOINT"]
    assert not [s for s in submitted[-1][stored:] if "FROM teams" in " ".join(s.split())]


def test_sparring_opens_the_whole_form_in_one_views_open(
    fake: FakeSlack, inproc: InProcess, team: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Fast" made certain on a busy test machine: the budget, not the database, is changed.
    monkeypatch.setattr(modals, "FILL_BUDGET", 10.0)
    mark = fake.mark()
    acked = inproc.command("U1", channel_id="C1")
    calls = fake.calls[mark:]
    opened = [call for call in calls if call.method == "views.open"]
    assert [call.params["trigger_id"] for call in opened] == [acked.trigger_id]
    assert opened[0].params["view"]["callback_id"] == Callback.REQUEST
    assert not [call for call in calls if call.method == "views.update"]


def test_a_slow_read_opens_the_placeholder_then_the_form(
    fake: FakeSlack, inproc: InProcess, team: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = threading.Event()
    real_open, real_form = modals.open_modal, compose.request_form

    def open_and_tell(*args: Any, **kwargs: Any) -> dict[str, Any]:
        found = real_open(*args, **kwargs)
        opened.set()
        return found

    def form_after_the_placeholder(*args: Any, **kwargs: Any) -> Any:
        # The database "answers" only once the budget has run out and the placeholder is open.
        assert opened.wait(10)
        return real_form(*args, **kwargs)

    monkeypatch.setattr(modals, "FILL_BUDGET", 0.05)
    monkeypatch.setattr(modals, "open_modal", open_and_tell)
    monkeypatch.setattr(compose, "request_form", form_after_the_placeholder)
    acked = inproc.command("U1", channel_id="C1")
    placeholder = fake.open_view_for(acked.trigger_id, timeout=0)
    [updated] = fake.calls_to("views.update")
    assert updated.params["view_id"] == placeholder["id"]
    assert fake.view(placeholder["id"])["callback_id"] == Callback.REQUEST
