"""End to end: `sparring-bot due --at` beside the running bot moves a team to the end of its
buddy period; each pair is asked "did you meet?" once, a member's answer shows on the message,
and someone outside the pair is refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.core.i18n import t
from bot.core.periods import period_containing
from bot.pairing.checkin import ask_at
from bot.playground.slack import FakeSlack
from bot.slack.ids import Action
from models import Team
from tests.botprocess import BotProcess, bot_environment, running_bot
from tests.test_e2e_due import due, next_monday_0905
from tests.test_e2e_pairs import lead_opens_settings

pytestmark = pytest.mark.e2e

QUESTION = "Har I talt sammen i denne periode?"


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[BotProcess]:
    # Only `due` moves time here.
    env = bot_environment(fake, database_url, SCHEDULER_ENABLED="false")
    with running_bot(fake, database_url, tmp_path, env) as process:
        yield process


def test_due_at_the_periods_end_asks_each_pair_once_and_shows_the_answer(
    fake: FakeSlack, bot: BotProcess, database_url: str, tmp_path: Path
) -> None:
    settings = lead_opens_settings(fake)
    mark = fake.mark()
    assert fake.submit_view("U1", settings["id"], {Action.PERIOD: "1"}) in (None, {})
    fake.wait_for("chat.postEphemeral", lambda p: p["user"] == "U1", after=mark)
    monday = next_monday_0905()
    # The team's defaults: Copenhagen, 09:00, holidays skipped.
    team = Team(timezone="Europe/Copenhagen", announce_time=time(9), skip_holidays=True)
    asked_at = ask_at(team, period_containing(monday.date(), 1)) + timedelta(minutes=5)

    for at in (monday, asked_at, asked_at):
        done = due(fake, database_url, tmp_path, "--at", at.isoformat(), "--future")
        assert done.returncode == 0, done.stdout + done.stderr
    assert "nothing due" in done.stdout  # the second run at the same time posts nothing
    asked = [m for m in fake.messages() if m["text"] == QUESTION]
    assert len(asked) == 2 and all(m["channel"].startswith("G") for m in asked)

    mine = next(m for m in asked if "<@U1>" in json.dumps(m["blocks"]))
    buddy = next(u for u in ("U2", "U3", "U4") if f"<@{u}>" in json.dumps(mine["blocks"]))
    mark = fake.mark()
    fake.click(buddy, Action.MET_NO, message=mine)
    fake.wait_for(
        "chat.update",
        lambda p: p["channel"] == mine["channel"] and "svarede: *Nej*" in json.dumps(p["blocks"]),
        after=mark,
    )
    outsider = next(u for u in ("U2", "U3", "U4") if u != buddy)
    fake.click(outsider, Action.MET_YES, message=mine)
    refusals = (t("checkin.not_yours", "da"), t("checkin.not_yours", "en"))  # Sara: English
    fake.wait_for("response_url", lambda p: p["text"] in refusals)
    assert "Ja, vi har talt sammen*" not in json.dumps(fake.messages(mine["channel"])[-1]["blocks"])
