"""End to end (the real bot process against the fake Slack): the App Home for a member and for
a lead, the lead's statistics with their chart, handing the lead role on, and the lead leaving."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot.core.i18n import t
from bot.playground.slack import FakeSlack
from bot.slack.ids import Action, Block
from tests.botprocess import BotProcess, bot_environment, running_bot
from tests.test_e2e_request import GOOD, QUESTION, invite_bot, open_request_form

pytestmark = pytest.mark.e2e
CHILD_SECRET = "Dreng, 9 år, kaldet Tudemarsvin-4471 af sine venner."


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[BotProcess]:
    env = bot_environment(fake, database_url, SCHEDULER_ENABLED="false")
    with running_bot(fake, database_url, tmp_path, env) as process:
        yield process


def home_of(fake: FakeSlack, user: str, must: str) -> dict[str, Any]:
    """Open `user`'s App Home tab; the view published once it shows `must`."""
    mark = fake.mark()
    fake.event({"type": "app_home_opened", "user": user, "tab": "home", "channel": "D0"})
    call = fake.wait_for(
        "views.publish",
        lambda p: p["user_id"] == user and must in json.dumps(p["view"], ensure_ascii=False),
        after=mark,
    )
    view = call.params["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_the_home_of_a_member_and_of_the_lead(fake: FakeSlack, bot: BotProcess) -> None:
    invite_bot(fake)  # Mette (U1) invites the bot and leads the team
    form = open_request_form(fake, "U1")
    fake.submit_view("U1", form["id"], GOOD | {Action.CHILD: CHILD_SECRET})
    fake.wait_for("chat.postMessage", lambda p: QUESTION in json.dumps(p, ensure_ascii=False))

    member = json.dumps(home_of(fake, "U2", "fra <@U1>"), ensure_ascii=False)
    for section in ("home.buddy", "home.waiting", "home.my_topics", "home.rules", "home.meeting"):
        assert t(section, "da") in member, section
    assert Action.HOME_PAUSE in member and Action.HOME_EXPERT in member
    assert t("home.stats", "da") not in member and Action.HOME_SETTINGS not in member

    lead_view = home_of(fake, "U1", t("home.stats", "da"))
    lead = json.dumps(lead_view, ensure_ascii=False)
    for section in ("home.sent", "home.gaps", "home.proposals", "home.stats"):
        assert t(section, "da") in lead, section
    assert Action.HOME_SETTINGS in lead and "<5 anmodninger" in lead
    [image] = [b for b in lead_view["blocks"] if b["type"] == "image"]
    chart = next(f for f in fake.files() if f["id"] == image["slack_file"]["id"])
    Image.open(io.BytesIO(chart["content"])).verify()
    for shown in (member, lead):
        assert "Tudemarsvin" not in shown and QUESTION not in shown
    assert "Tudemarsvin" not in bot.logs()

    fake.slash_command("U1", "statistik", channel_id="C1")
    answer = fake.wait_for("response_url", lambda p: "<5" in p["text"]).params["text"]
    assert "Tudemarsvin" not in answer and QUESTION not in answer


def test_the_lead_hands_over_and_the_new_lead_leaving_asks_the_team(
    fake: FakeSlack, bot: BotProcess
) -> None:
    fake.add_user("UADMIN", "chef", is_admin=True)
    invite_bot(fake)

    fake.slash_command("U2", "leder <@U3>", channel_id="C1")  # not the lead
    fake.wait_for("response_url", lambda p: p["text"] == t("lead.only", "da"))
    fake.slash_command("U1", "leder <@U2>", channel_id="C1")
    fake.wait_for("response_url", lambda p: p["text"] == t("lead.handover_done", "da", user="U2"))
    fake.wait_for(
        "chat.postMessage",
        lambda p: p["text"] == t("lead.handover_posted", "da", user="U2", by="U1"),
    )

    fake.remove_member("C1", "U2")
    fake.event({"type": "member_left_channel", "user": "U2", "channel": "C1"})
    asked = fake.wait_for("chat.postMessage", lambda p: Block.LEAD_PICK in json.dumps(p))
    assert asked.params["channel"] == "C1"
    fake.wait_for("chat.postMessage", lambda p: "har mistet sin leder" in p["text"])
