"""The App Home read against a real database (SQLite; PostgreSQL with TEST_DATABASE_URL): its
request lists say what the full requests say (more than 40 open, several recipients, passed
on or back, closed, with a topic, in both languages), it reads no case text, and its number of
SQL statements does not grow with the person's open requests. Statement counts, never times."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import Language
from bot.home.content import HomeContent, TeamPart, gather, sent_line, waiting_line
from bot.home.service import chart_file, publish_home
from bot.meetings.service import next_day
from bot.playground.slack import FakeSlack
from bot.requests.choices import Route
from bot.requests.service import create_request, open_requests_for
from bot.teams.topics import (
    DEFAULT_TOPICS,
    coverage,
    covers_by_team,
    retire_topic,
    set_expert_topics,
    topics_of,
)
from models import (
    MeetingItem,
    MeetingSettings,
    RecipientState,
    RequestStatus,
    SparringRequest,
    Team,
    TeamMember,
    Topic,
)
from tests.conftest import add_team, request_form
from tests.inprocess import InProcess
from tests.test_scaling_db import counting

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)
TODAY = date(2026, 12, 2)
SECRET = "Zebrafinke-7731 bor hos mormor i Skælskør"


def send(
    session: Session,
    team_id: int,
    requester: str,
    recipients: list[str],
    *,
    number: int,
    language: Language = "da",
    route: Route = Route.BUDDY,
    status: RequestStatus = RequestStatus.OPEN,
    topic_id: int | None = None,
) -> SparringRequest:
    """A request with the case text SECRET, created `number` minutes after a start."""
    form = request_form(team_id=team_id, route=Route.BUDDY, colleague_id=None, question=SECRET)
    request = create_request(
        session,
        form=form,
        requester_id=requester,
        recipient_ids=recipients,
        language=language,
        view_id=f"V{number}",
        origin_channel_id="C1",
    )
    assert request is not None
    request.route, request.status, request.topic_id = route, status, topic_id
    request.created_at = NOW - timedelta(days=30) + timedelta(minutes=number)
    if status == RequestStatus.ACCEPTED and recipients:
        request.accepted_by = recipients[0]
    if status == RequestStatus.ANSWERED:
        request.answered_by = "U2"
    return request


def fill(session_factory: sessionmaker[Session], *, open_count: int) -> int:
    """Mette (U1) leads a team with topics; she sent `open_count` open requests (to one
    colleague, to two, to the whole team, with topics, accepted, answered, in both languages),
    then one passed back to her and 3 closed ones; `open_count` wait for her, and one she passed
    on. Its team's id."""
    team_id = add_team(session_factory, lead="U1")
    with session_factory.begin() as session:
        add_open(session, team_id, open_count, first=0)
        number = 2 * open_count
        number += 1
        back = send(session, team_id, "U1", ["U2"], number=number)
        back.recipients[0].state = RecipientState.DECLINED  # passed back to Mette
        number += 1
        passed = send(session, team_id, "U7", ["U1"], number=number)
        passed.recipients[0].state = RecipientState.HANDED_OVER  # Mette passed it on
        for closed in (RequestStatus.RESOLVED, RequestStatus.WITHDRAWN, RequestStatus.EXPIRED):
            number += 1
            send(session, team_id, "U1", ["U2"], number=number, status=closed)
            number += 1
            send(session, team_id, "U2", ["U1"], number=number, status=closed)
    return team_id


def add_open(session: Session, team_id: int, count: int, *, first: int) -> None:
    """`count` open requests from Mette (U1) and `count` waiting for her, numbered from
    `first` on."""
    team = session.get(Team, team_id)
    assert team is not None
    topics = topics_of(session, team=team)
    statuses = (RequestStatus.OPEN, RequestStatus.ACCEPTED, RequestStatus.ANSWERED)
    shapes: list[tuple[list[str], Route]] = [
        (["U2"], Route.COLLEAGUE),
        (["U2", "U3"], Route.BUDDY),
        ([], Route.TEAM),
        (["U4"], Route.EXPERT),
    ]
    for index in range(count):
        recipients, route = shapes[index % len(shapes)]
        send(
            session,
            team_id,
            "U1",
            recipients,
            number=first + 2 * index,
            language="en" if index % 5 == 0 else "da",
            route=route,
            status=statuses[index % 3],
            topic_id=topics[index % 4].id if route == Route.EXPERT else None,
        )
        send(
            session,
            team_id,
            ("U2", "U3", "U4", "U5")[index % 4],
            ["U1"],
            number=first + 2 * index + 1,
            language="en" if index % 3 == 0 else "da",
            route=Route.EXPERT if index % 2 else Route.BUDDY,
            status=statuses[index % 3],
            topic_id=topics[index % 6].id if index % 2 else None,
        )


def home_of(session: Session, user_id: str, language: Language = "da") -> HomeContent:
    return gather(
        session,
        user_id=user_id,
        language=language,
        today=TODAY,
        now=NOW,
        tz=CPH,
        is_admin=False,
    )


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_homes_lists_say_what_the_full_requests_say(
    session_factory: sessionmaker[Session], language: Language
) -> None:
    fill(session_factory, open_count=45)

    with session_factory() as session:
        for user_id in ("U1", "U2", "U3", "U4", "U5"):
            sent, waiting = open_requests_for(session, user_id=user_id)
            home = home_of(session, user_id, language)
            assert home.sent == [sent_line(r, language, CPH) for r in sent], user_id
            assert home.waiting == [waiting_line(r, language, CPH) for r in waiting], user_id

        mine = home_of(session, "U1", language)
        newest = session.scalars(
            select(SparringRequest)
            .where(SparringRequest.requester_id == "U1", SparringRequest.status == "open")
            .order_by(SparringRequest.id.desc())
        ).first()
    assert newest is not None and len(mine.sent) == len(mine.waiting) == 40
    assert mine.sent[0] == sent_line(newest, language, CPH)  # newest first
    assert any("<@U2>" in line and "<@U3>" in line for line in mine.sent)  # two recipients
    assert "<@U7>" not in "".join(mine.waiting)  # passed on: no longer waiting for Mette


def test_the_home_reads_no_case_text(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    team_id = fill(session_factory, open_count=3)
    with session_factory.begin() as session:  # a case waits for the next team meeting
        team = session.get(Team, team_id)
        assert team is not None
        session.add(MeetingSettings(team_id=team_id, weekdays="0,1,2,3,4", start_time=time(9)))
        session.flush()
        settings = session.scalars(select(MeetingSettings)).one()
        day = next_day(settings, team, now=NOW)
        assert day is not None
        case = send(session, team_id, "U3", [], number=999, route=Route.MEETING)
        session.flush()
        session.add(MeetingItem(request_id=case.id, team_id=team_id, meeting_date=day))

    with session_factory() as session, counting(engine) as statements:
        home = home_of(session, "U1")

    assert home.teams[0].queue == ["<@U3>"] and home.sent and home.waiting
    assert SECRET not in repr(home)
    read = " ".join(statements)
    assert "requests.id" in read
    for column in ("child_text", "parenting_text", "family_text", "question_text"):
        assert column not in read


def statements_of_a_home(session_factory: sessionmaker[Session], engine: Engine) -> int:
    """Statements of Mette's (U1) home, a lead's, in a session of its own."""
    with session_factory() as session, counting(engine) as statements:
        home = home_of(session, "U1")
    assert home.sent and home.waiting
    return len(statements)


def test_the_homes_statements_do_not_grow_with_open_requests(
    session_factory: sessionmaker[Session], engine: Engine
) -> None:
    team_id = fill(session_factory, open_count=1)
    statements_of_a_home(session_factory, engine)  # a process's first home builds statements
    few = statements_of_a_home(session_factory, engine)
    with session_factory.begin() as session:
        add_open(session, team_id, 45, first=1000)

    assert statements_of_a_home(session_factory, engine) == few
    with session_factory() as session:
        assert len(home_of(session, "U1").sent) == len(home_of(session, "U1").waiting) == 40


def test_topic_covers_read_in_one_query_are_the_coverage(
    session_factory: sessionmaker[Session],
) -> None:
    team_id = add_team(session_factory, lead="U1")
    other_id = add_team(session_factory, channel_id="C2", members=["U1", "U2"])
    with session_factory.begin() as session:
        team = session.get(Team, team_id)
        assert team is not None
        topics = topics_of(session, team=team)
        for user_id, picked in (("U2", {0, 1}), ("U3", {1}), ("U4", {2})):
            chosen = {topics[index].id for index in picked}
            set_expert_topics(
                session, team=team, user_id=user_id, topic_ids=chosen, assigned_by="U1"
            )
        retire_topic(session, topic=topics[3])
        member = session.scalars(
            select(TeamMember).where(TeamMember.team_id == team_id, TeamMember.user_id == "U4")
        ).one()
        member.left_at = NOW  # Ali left: the topic only he covered is a gap again

    with session_factory() as session:
        team = session.get(Team, team_id)
        assert team is not None
        covers = covers_by_team(session, team_ids=[team_id, other_id])
        assert [(c.name_da, c.experts) for c in covers[team_id]] == [
            (c.topic.name_da, c.experts) for c in coverage(session, team=team)
        ]
        assert covers[team_id][1].experts == ("U2", "U3") and not covers[team_id][2].experts
        # A team that never had topics shows the defaults, and reading them stores nothing.
        assert [(c.name_da, c.name_en, c.experts) for c in covers[other_id]] == [
            (da, en, ()) for da, en in DEFAULT_TOPICS
        ]
        assert not session.scalars(select(Topic).where(Topic.team_id == other_id)).all()


@pytest.mark.usefixtures("team")
def test_publishing_an_unchanged_home_takes_no_write_lock(
    fake: FakeSlack, inproc: InProcess, engine: Engine
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("BEGIN IMMEDIATE (the write lock taken at the start) is SQLite's")
    publish_home(client=inproc.app.client, deps=inproc.deps, user_id="U1")  # uploads the chart
    uploaded = len(fake.files())

    with counting(engine) as statements:
        publish_home(client=inproc.app.client, deps=inproc.deps, user_id="U1")

    assert len(fake.files()) == uploaded  # the same chart: not drawn nor uploaded again
    assert any(statement.startswith("BEGIN") for statement in statements)
    assert not [statement for statement in statements if "IMMEDIATE" in statement]


def test_a_chart_is_drawn_again_only_after_an_hour_and_kept_per_language(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    client = inproc.app.client
    with session_factory() as session:
        [part] = [p for p in home_of(session, "U1").teams if p.team_id == team]
    assert part.chart is not None
    series = cast(dict[str, list[int | None]], part.chart["series"])
    more = {**series, "requests": [7 for _ in series["requests"]]}
    changed = dataclasses.replace(part, chart={**part.chart, "series": more})

    def shown(language: Language, chart: TeamPart, now: datetime) -> str | None:
        return chart_file(
            client=client, session_factory=session_factory, part=chart, language=language, now=now
        )

    first = shown("da", part, NOW)
    assert first is not None and len(fake.files()) == 1
    # A request changes this month's bar: within the hour the chart shown stays.
    assert shown("da", changed, NOW + timedelta(minutes=59)) == first
    # An English reader has a chart of their own, and reading in turn draws nothing again.
    english = shown("en", part, NOW)
    assert english not in (None, first) and len(fake.files()) == 2
    assert shown("da", part, NOW) == first and shown("en", part, NOW) == english
    assert len(fake.files()) == 2
    # After the hour the changed figures are drawn and uploaded once, then kept.
    later = shown("da", changed, NOW + timedelta(hours=1))
    assert later not in (None, first) and len(fake.files()) == 3
    assert shown("da", changed, NOW + timedelta(hours=2)) == later
    assert len(fake.files()) == 3
