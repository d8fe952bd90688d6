"""The playground without a browser: the command's line, its page's API, the clock's rules."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.meetings.service import save_settings
from bot.playground import demo
from bot.playground.runner import Playground
from bot.teams.service import get_team
from models import ExpertRole


@pytest.fixture(scope="module")
def playground() -> Iterator[Playground]:
    with Playground(port=0) as running:
        yield running


def get_state(playground: Playground, user: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{playground.url}api/state?user={user}", timeout=10) as answer:
        return json.load(answer)


def post(playground: Playground, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        f"{playground.url}api/{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_the_demo_team_is_set_up_through_the_bot(playground: Playground) -> None:
    assert playground.url.startswith("http://127.0.0.1:")
    state = get_state(playground, "UANNA")
    assert [p["name"] for p in state["people"] if p["lead"]] == ["Karen Lund"]
    assert len(state["people"]) == 7
    channel = next(c for c in state["conversations"] if c["kind"] == "channel")
    assert channel["name"] == demo.TEAM_CHANNEL_NAME
    shown = json.dumps(state["messages"][demo.TEAM_CHANNEL], ensure_ascii=False)
    assert "Skriv `/sparring`" in shown and "Makkerpar" in shown  # hello and this week's pairs
    # Anna's buddy group conversation exists; the expert roles were chosen in the modal.
    assert any(c["kind"] == "mpim" for c in state["conversations"])
    assert playground.clock is not None
    with playground.clock.session_factory() as session:
        experts = set(session.scalars(select(ExpertRole.user_id)))
    assert experts == {p.user_id for p in demo.PEOPLE if p.expert_topics}
    assert state["modal"] is None


def test_commands_answer_only_the_person_and_unknown_ones_are_refused(
    playground: Playground,
) -> None:
    status, _ = post(
        playground,
        "command",
        {"user": "UBO", "channel": demo.TEAM_CHANNEL, "text": "/sparring hjælp"},
    )
    assert status == 200
    playground.fake.wait_for("response_url", lambda p: "/sparring" in p["text"])
    post(playground, "command", {"user": "UBO", "channel": demo.TEAM_CHANNEL, "text": "/giphy kat"})
    mine = get_state(playground, "UBO")["messages"][demo.TEAM_CHANNEL]
    assert any(m["ephemeral"] and "/giphy" in m["text"] for m in mine)
    others = get_state(playground, "UANNA")["messages"][demo.TEAM_CHANNEL]
    assert not any(m["ephemeral"] for m in others)


def test_the_clock_only_moves_forward(playground: Playground) -> None:
    assert playground.clock is not None
    earlier = playground.clock.now - timedelta(days=1)
    status, answer = post(playground, "clock", {"user": "UKAREN", "at": earlier.isoformat()})
    assert status == 409 and "only moves forward" in answer["error"]
    status, answer = post(playground, "clock", {"user": "UKAREN", "key": "day"})
    assert status == 200 and answer["report"]


def test_the_next_agenda_choice_waits_for_a_team_meeting(playground: Playground) -> None:
    clock = playground.clock
    assert clock is not None
    [agenda] = [
        j for j in get_state(playground, "UKAREN")["clock"]["jumps"] if j["key"] == "agenda"
    ]
    assert agenda["disabled"] and "/sparring teammøde" in agenda["hint"]
    status, answer = post(playground, "clock", {"user": "UKAREN", "key": "agenda"})
    assert status == 409 and "agenda" in answer["error"]

    # The lead sets a meeting two days from now at 10.00, its agenda due two hours before.
    with clock.session_factory() as session:
        team = get_team(session, channel_id=demo.TEAM_CHANNEL)
        assert team is not None
        day = (clock.now + timedelta(days=2)).astimezone(ZoneInfo(team.timezone)).date()
        save_settings(
            session,
            team=team,
            user_id=demo.LEAD.user_id,
            weekdays=[day.weekday()],
            at=time(10, 0),
            case_minutes=60,
            minutes_before=120,
            cancelled=[],
            now=clock.now,
        )
        session.commit()
        expected = datetime.combine(day, time(8, 1), tzinfo=ZoneInfo(team.timezone))
    [agenda] = [j for j in clock.jumps() if j.key == "agenda"]
    assert agenda.at == expected and not agenda.hint
    shown = get_state(playground, "UKAREN")["clock"]["jumps"]
    assert any(j["key"] == "agenda" and not j["disabled"] for j in shown)
    status, _ = post(playground, "clock", {"user": "UKAREN", "key": "agenda"})
    assert status == 200 and clock.now == expected


def test_plain_sparring_bot_without_settings_suggests_the_playground(tmp_path: Any) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("sparring-bot: missing setting SLACK_BOT_TOKEN")
    assert line.endswith("sparring-bot playground")
