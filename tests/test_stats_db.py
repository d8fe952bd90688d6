"""The lead's statistics against a real database (SQLite; PostgreSQL with TEST_DATABASE_URL):
counts per month, "<5" for small counts, working hours to the first answer, no case text in
the words, the CSV or the chart; and the `sparring-bot stats` command."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.core.periods import working_hours_between
from bot.home import stats
from bot.home.chart import render_chart
from bot.requests.choices import Route
from bot.teams.topics import topics_of
from models import ItemState, MeetingItem, PairCheckin, PairingRound, Team
from tests.conftest import make_team, request_form
from tests.helpers import store_request, week_round
from tests.testkeys import TEST_KEY

CPH = ZoneInfo("Europe/Copenhagen")
SECRET = "Zebrafinke-7731 bor hos mormor i Skælskør"
TODAY = date(2026, 12, 2)


def at(day: date, hour: int) -> datetime:
    """That day at that hour in Copenhagen, as stored (UTC)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=CPH).astimezone(UTC)


def fill(session_factory: sessionmaker[Session]) -> int:
    """November 2026: six requests to a colleague, five answered two working hours later, and
    three to the whole team; one buddy round; two cases taken at a meeting. Its team's id."""
    monday = date(2026, 11, 16)
    with session_factory.begin() as session:
        team = make_team(session, lead="U1")
        session.flush()
        topic = topics_of(session, team=team)[0]
        for number in range(9):
            route = Route.COLLEAGUE if number < 6 else Route.TEAM
            form = request_form(
                team_id=team.id,
                route=route,
                colleague_id="U2" if route == Route.COLLEAGUE else None,
                question=f"{SECRET} ({number})",
                topic_id=topic.id if route == Route.COLLEAGUE else None,
            )
            request = store_request(session, form, recipients=[], view_id=f"V{number}")
            assert request is not None
            request.created_at = at(monday, 9)
            if number < 5:
                request.answered_at = at(monday, 11)
                request.answered_by = "U2"
            if number < 2:
                session.flush()
                session.add(
                    MeetingItem(
                        request_id=request.id,
                        team_id=team.id,
                        meeting_date=monday,
                        state=ItemState.TAKEN,
                        marked_at=at(monday, 10),
                    )
                )
        session.add(week_round(team.id, monday, ["U1", "U2"]))
        return team.id


def figures(session_factory: sessionmaker[Session], team_id: int) -> list[stats.Month]:
    with session_factory() as session:
        team = session.get(Team, team_id)
        assert team is not None
        return stats.team_figures(session, team=team, today=TODAY, language="da")


def test_counts_per_month_with_small_ones_as_under_five(
    session_factory: sessionmaker[Session],
) -> None:
    months = figures(session_factory, fill(session_factory))

    assert [m.month for m in months][-2:] == ["2026-11", "2026-12"]
    assert len(months) == 12
    november = dict(zip(stats.HEADER, stats.table(months)[-2], strict=True))
    assert november["requests"] == "9"
    assert november["route_colleague"] == "6"
    assert november["route_team"] == "<5"  # three
    assert november["route_buddy"] == "0"
    assert november["answered_share"] == "56 %"  # five of nine
    assert november["median_working_hours_to_first_answer"] == "2.0"
    assert november["buddy_rounds"] == "<5"
    assert november["rounds_met"] == "–"  # no outcomes recorded (yet)
    assert november["meeting_cases_taken"] == "<5"
    assert november["topics"] == "Underretninger og screening: 6"
    december = dict(zip(stats.HEADER, stats.table(months)[-1], strict=True))
    assert december["requests"] == "0" and december["answered_share"] == "–"


def test_the_first_month_begins_at_midnight_in_the_teams_time_zone(
    session_factory: sessionmaker[Session],
) -> None:
    team_id = fill(session_factory)
    new_year = datetime(2026, 1, 1, tzinfo=CPH)  # the first month shown on TODAY
    with session_factory.begin() as session:
        for number, created in enumerate(
            (new_year - timedelta(minutes=30), new_year, new_year - timedelta(days=400))
        ):
            form = request_form(team_id=team_id, route=Route.TEAM, colleague_id=None)
            request = store_request(session, form, recipients=[], view_id=f"N{number}")
            assert request is not None
            request.created_at = created.astimezone(UTC)
        for monday in (date(2025, 12, 29), date(2026, 1, 5)):  # a round of each year
            session.add(week_round(team_id, monday, ["U1", "U2"]))

    months = figures(session_factory, team_id)

    assert months[0].month == "2026-01" and months[0].requests == 1  # at midnight, not before
    assert sum(month.requests for month in months) == 9 + 1
    assert months[0].rounds == 1 and sum(month.rounds for month in months) == 1 + 1


def test_rounds_met_and_not_met_come_from_the_did_you_meet_answers(
    session_factory: sessionmaker[Session],
) -> None:
    team_id = fill(session_factory)
    with session_factory.begin() as session:
        round_id = session.scalars(select(PairingRound.id)).one()
        # Six groups said yes or "some of us", two said no or not yet, one never answered.
        outcomes = ["yes"] * 5 + ["some", "no", "not_yet", None]
        for group_no, outcome in enumerate(outcomes):
            session.add(PairCheckin(round_id=round_id, group_no=group_no, outcome=outcome))

    november = dict(
        zip(stats.HEADER, stats.table(figures(session_factory, team_id))[-2], strict=True)
    )
    assert november["rounds_met"] == "6"
    assert november["rounds_not_met"] == "<5"  # two


def test_a_share_or_median_of_fewer_than_five_is_not_shown(
    session_factory: sessionmaker[Session],
) -> None:
    month = stats.Month("2026-10", requests=4, answered=4, hours_to_answer=[1.0] * 4)

    [row] = stats.table([month])

    assert row[1] == "<5"
    assert row[HEADER_INDEX["answered_share"]] == "–"
    assert row[HEADER_INDEX["median_working_hours_to_first_answer"]] == "–"


HEADER_INDEX = {name: index for index, name in enumerate(stats.HEADER)}


def test_no_case_text_in_the_words_the_csv_or_the_chart(
    session_factory: sessionmaker[Session],
) -> None:
    months = figures(session_factory, fill(session_factory))

    words = "\n".join(stats.summary_lines(months, "da", last=12))
    data = stats.chart_data(months)
    for shown in (words, stats.as_csv(months), json.dumps(data, ensure_ascii=False)):
        assert "Zebrafinke" not in shown and "Skælskør" not in shown
    assert data["series"]["requests"][-2] == 9
    assert data["series"]["meeting_cases"][-2] is None  # two: drawn as "<5", not as 2


def test_the_chart_is_a_png_that_decodes(session_factory: sessionmaker[Session]) -> None:
    months = figures(session_factory, fill(session_factory))

    png = render_chart(stats.chart_data(months), "da")

    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG" and image.size == (900, 360)


def test_working_hours_skip_nights_weekends_and_holidays() -> None:
    friday = date(2026, 11, 20)
    assert working_hours_between(at(friday, 15), at(friday + timedelta(days=3), 9), tz=CPH) == 2
    assert working_hours_between(at(friday, 9), at(friday, 7), tz=CPH) == 0
    # Christmas Day and Boxing Day 2026 (Friday, Saturday) and the Sunday count nothing.
    christmas_eve = date(2026, 12, 24)
    assert working_hours_between(at(christmas_eve, 15), at(date(2026, 12, 28), 10), tz=CPH) == 3


def test_the_operator_command_prints_the_same_figures(
    session_factory: sessionmaker[Session],
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fill(session_factory)
    for name, value in {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "DATABASE_URL": database_url,
        "ENCRYPTION_KEYS": TEST_KEY,
        "TIMEZONE": "Europe/Copenhagen",
    }.items():
        monkeypatch.setenv(name, value)

    assert main(["stats", "--team", "C1", "--csv"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == ",".join(stats.HEADER)
    assert "Zebrafinke" not in printed
    assert main(["stats", "--team", "C1"]) == 0
    table = capsys.readouterr().out
    assert "2026-" in table and "Zebrafinke" not in table
    assert main(["stats", "--team", "CNONE"]) == 1
