"""Shared fixtures: a fresh database per test, on SQLite or on PostgreSQL (TEST_DATABASE_URL),
the fake Slack workspace, and factories for the teams and requests the tests start from."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import make_engine, make_session_factory, upgrade
from bot.playground.slack import FakeSlack
from bot.requests.choices import FeedbackMode, Form, HelpKind, RequestKind, Route
from bot.requests.form import RequestForm
from bot.teams.service import register_team, set_lead, sync_members
from models import Team, utcnow
from models.sealed import use_key_ring
from tests.botprocess import BotProcess, bot_environment, running_bot
from tests.inprocess import InProcess, inprocess_settings
from tests.testkeys import ring

TEAM_MEMBERS = ("U1", "U2", "U3", "U4", "U5")


def make_team(
    session: Session,
    *,
    channel_id: str = "C1",
    members: Sequence[str] = TEAM_MEMBERS,
    lead: str | None = None,
    name: str = "boern-og-familie",
) -> Team:
    """A Danish team in Copenhagen time for `channel_id`, created by the first of `members`,
    with `members` active and `lead` (if given) as its lead."""
    team, _ = register_team(
        session,
        channel_id=channel_id,
        workspace_id="T0001",  # the fake workspace's id
        name=name,
        created_by=members[0],
        timezone="Europe/Copenhagen",
        language="da",
    )
    sync_members(session, team=team, human_ids=members)
    team.greeted_at = utcnow()  # set up and greeted, as the bot does when invited
    if lead is not None:
        set_lead(session, team=team, user_id=lead)
    return team


def add_team(session_factory: sessionmaker[Session], **team: Any) -> int:
    """`make_team` in a transaction of its own; returns the team's id."""
    with session_factory.begin() as session:
        return make_team(session, **team).id


def request_form(**overrides: Any) -> RequestForm:
    """A valid quick written request to colleague U2; `overrides` replace any field."""
    fields: dict[str, Any] = {
        "team_id": None,
        "kind": RequestKind.QUICK,
        "question": "Hvordan griber I en børnesamtale med en 6-årig an?",
        "help_kind": HelpKind.KNOWLEDGE,
        "form": Form.WRITTEN,
        "feedback_mode": FeedbackMode.ANSWER_ONLY,
        "route": Route.COLLEAGUE,
        "colleague_id": "U2",
    }
    return RequestForm(**(fields | overrides))


@pytest.fixture(autouse=True)
def key_ring() -> Iterator[None]:
    """Case text is encrypted with the run's key, as the app does after `configure_encryption`;
    forgotten after each test so no test depends on another's key ring."""
    use_key_ring(ring())
    yield
    use_key_ring(None)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database that exists only for this test."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path / 'sparring.db'}"
        return
    with server_database(server_url, f"sparring_test_{secrets.token_hex(6)}") as url:
        yield url


@contextmanager
def server_database(server_url: str, name: str) -> Iterator[str]:
    """The URL of a new, empty database `name` on a PostgreSQL server, dropped (its connections
    closed) when the block ends. One a crashed run left behind under that name goes first."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a freshly migrated database."""
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on the migrated test database."""
    return make_session_factory(engine)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """A fake workspace: a children-and-family team channel with three social workers, a
    colleague with English Slack, another bot and a deactivated former colleague."""
    slack = FakeSlack()
    slack.add_user("U1", "mette", locale="da-DK")
    slack.add_user("U2", "jonas", locale="da-DK")
    slack.add_user("U3", "sara", locale="en-US")
    slack.add_user("U4", "ali", locale="da-DK")
    slack.add_user("U5", "hanne", locale="da-DK")
    slack.add_user("UOTHERBOT", "kalenderbot", is_bot=True)
    slack.add_user("U9", "tidligere", deleted=True)
    slack.add_channel("C1", "boern-og-familie", members=["U1", "U2", "U3", "UOTHERBOT"])
    slack.start()
    try:
        yield slack
    finally:
        slack.stop()


@pytest.fixture
def team(fake: FakeSlack, session_factory: sessionmaker[Session]) -> int:
    """C1 is a team with the bot in it: Mette (U1) leads, U1–U5 are members. Its id."""
    fake.add_member("C1", fake.bot_user_id)
    return add_team(session_factory, lead="U1")


@pytest.fixture
def inproc(
    fake: FakeSlack, database_url: str, session_factory: sessionmaker[Session]
) -> Iterator[InProcess]:
    """The real app built by `create_app`, driven in this process against `fake` and the test
    database: no Socket Mode, no scheduler, every dispatch waits for the listener's work."""
    harness = InProcess(
        fake, inprocess_settings(fake, database_url), session_factory=session_factory
    )
    try:
        yield harness
    finally:
        harness.close()


@pytest.fixture
def db(database_url: str) -> Iterator[Engine]:
    """The bot's database as the end-to-end tests see it from outside the process: to check
    what the bot stored (and that it stored nothing)."""
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[BotProcess]:
    """The real `sparring-bot` process against `fake`, with its scheduler off: in an end-to-end
    test only the test moves time (through `sparring-bot due` or `rotate`), so nothing falls
    due by the clock mid-test."""
    env = bot_environment(fake, database_url, SCHEDULER_ENABLED="false")
    with running_bot(fake, database_url, tmp_path, env) as process:
        yield process
