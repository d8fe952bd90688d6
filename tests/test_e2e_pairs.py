"""End to end: buddy pairs from the lead's settings to a request sent to the buddy."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from bot.playground.slack import FakeSlack
from bot.slack.ids import Action
from models import TeamMember
from tests.botprocess import BOT_COMMAND, BotProcess, bot_environment
from tests.test_e2e_request import (
    GOOD,
    invite_bot,
    open_modal,
    open_request_form,
    wait_until,
)

pytestmark = pytest.mark.e2e


# `bot` (conftest.py) runs with its scheduler off: the minute tick could post a round that
# falls due during the dry run.
# Rounds come only from `rotate`; the scheduler's due check itself (the same `run_due`)
# is tested against the database in test_pairing_db.py.


def rotate(fake: FakeSlack, database_url: str, tmp_path: Path, *args: str) -> str:
    """Run `sparring-bot rotate` beside the running bot, as an operator would."""
    result = subprocess.run(
        [BOT_COMMAND, "rotate", "--team", "C1", *args],
        cwd=tmp_path,
        env=bot_environment(fake, database_url, LOG_LEVEL="WARNING"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def lead_opens_settings(fake: FakeSlack) -> dict[str, Any]:
    """Ali (U4) joins C1 too; Mette (U1) invites the bot, becomes the lead and opens the team
    settings (`/sparring opsæt`): the modal."""
    fake.add_member("C1", "U4")
    invite_bot(fake)
    return open_modal(fake, "U1", "opsæt")


def answered(fake: FakeSlack, user: str, text: str, expected: str) -> None:
    """`user` types `/sparring <text>` in C1 and is answered with `expected` in the text."""
    fake.slash_command(user, text, channel_id="C1")
    fake.wait_for("response_url", lambda p: expected in p["text"])


def shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_lead_sets_up_pairs_and_a_worker_asks_their_buddy(
    fake: FakeSlack, bot: BotProcess, database_url: str, tmp_path: Path
) -> None:
    settings = lead_opens_settings(fake)
    assert settings["title"]["text"] == "Teamindstillinger"
    ack = fake.submit_view(
        "U1", settings["id"], {Action.PERIOD: "2", Action.TEAM_PAUSE: "2020-01-01"}
    )
    assert ack is not None
    assert "fra i dag" in shown(ack["errors"])
    mark = fake.mark()
    assert fake.submit_view("U1", settings["id"], {Action.PERIOD: "2"}) in (None, {})
    saved = fake.wait_for("chat.postEphemeral", lambda p: p["user"] == "U1", after=mark)
    assert "Teamets indstillinger er gemt" in saved.params["text"]

    # A dry run prints the plan and posts nothing.
    mark = fake.mark()
    preview = rotate(fake, database_url, tmp_path, "--dry-run")
    assert "boern-og-familie (C1)" in preview
    assert all(call.method != "chat.postMessage" for call in fake.calls[mark:])

    report = rotate(fake, database_url, tmp_path)
    announcement = fake.wait_for(
        "chat.postMessage", lambda p: p["channel"] == "C1" and "Makkerpar" in p["text"]
    )
    text = shown(announcement.params["blocks"])
    for user in ("U1", "U2", "U3", "U4"):
        assert f"<@{user}>" in text
        assert user in report
    assert "UOTHERBOT" not in text
    # Every pair gets a group DM with a conversation starter, once.
    fake.wait_for("chat.postMessage", lambda p: p["channel"].startswith("G"))
    intros = [m for m in fake.messages() if m["channel"].startswith("G")]
    assert len(intros) == 2
    assert all("Hvad arbejder I med lige nu" in shown(m["blocks"]) for m in intros)

    # Running it again in the same period posts nothing more.
    assert "nothing (already done)" in rotate(fake, database_url, tmp_path)
    assert len(fake.messages("C1")) == 2  # the hello and the announcement
    assert len([m for m in fake.messages() if m["channel"].startswith("G")]) == 2

    mine = next(m for m in intros if "<@U1>" in shown(m["blocks"]))
    buddy = next(u for u in ("U2", "U3", "U4") if f"<@{u}>" in shown(mine["blocks"]))
    fake.slash_command("U1", "makker", channel_id="C1")
    told = fake.wait_for("response_url", lambda p: "boern-og-familie" in p["text"])
    assert f"<@{buddy}>" in told.params["text"]
    fake.event({"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "D1"})
    home = fake.wait_for("views.publish", lambda p: p["user_id"] == "U1")
    assert "Din makker" in shown(home.params["view"])
    assert f"<@{buddy}>" in shown(home.params["view"])

    form = open_request_form(fake, "U1")
    route = next(b for b in form["blocks"] if b.get("block_id") == "route")
    assert route["element"]["initial_option"]["value"] == "buddy"
    mark = fake.mark()
    without_colleague = {k: v for k, v in GOOD.items() if k != Action.COLLEAGUE}
    assert fake.submit_view("U1", form["id"], without_colleague) in (None, {})
    opened = fake.wait_for("conversations.open", after=mark)
    assert sorted(opened.params["users"].split(",")) == sorted(["U1", buddy])
    fake.wait_for(
        "chat.postMessage",
        lambda p: p["channel"] == opened.response["channel"]["id"] and "sparring" in p["text"],
        after=mark,
    )


def test_pause_and_resume_in_both_languages(fake: FakeSlack, bot: BotProcess) -> None:
    invite_bot(fake)
    answered(fake, "U2", "pause til snart", "Den dato forstår jeg ikke: `snart`")
    answered(fake, "U2", "pause til 24.12.2099", "til og med 24.12.2099")
    answered(fake, "U2", "makker", "Du holder pause")
    answered(fake, "U3", "pause", "until you type `/sparring resume`")
    answered(fake, "U3", "resume", "Welcome back")

    # Only the lead may pause or exclude someone else.
    answered(fake, "U2", "udeluk <@U3|sara>", "Det kan kun teamlederen")
    answered(fake, "U1", "udeluk <@U3|sara>", "<@U3> er taget ud")
    answered(fake, "U1", "inkluder <@U3|sara>", "<@U3> er med i teamets makkerpar igen")


def test_a_buddy_who_left_gets_no_case(
    fake: FakeSlack, bot: BotProcess, database_url: str, tmp_path: Path
) -> None:
    fake.add_member("C1", "U4")
    invite_bot(fake)
    rotate(fake, database_url, tmp_path)
    fake.wait_for("chat.postMessage", lambda p: p["channel"].startswith("G"))
    intros = [m for m in fake.messages() if m["channel"].startswith("G")]
    mine = next(m for m in intros if "<@U1>" in shown(m["blocks"]))
    buddy = next(u for u in ("U2", "U3", "U4") if f"<@{u}>" in shown(mine["blocks"]))

    # The buddy's account is deactivated: Slack says so with a user_change event.
    fake.set_user(buddy, deleted=True)
    fake.event({"type": "user_change", "user": {"id": buddy, "deleted": True}})
    engine = create_engine(database_url)
    try:

        def gone() -> bool:
            with engine.connect() as connection:
                left = select(TeamMember.left_at).where(TeamMember.user_id == buddy)
                return connection.scalar(left) is not None

        wait_until(gone)
    finally:
        engine.dispose()
    answered(fake, "U1", "makker", "Du har ingen makker lige nu")
    # With no buddy left, the form no longer offers "Min makker".
    form = open_request_form(fake, "U1")
    route = next(b for b in form["blocks"] if b.get("block_id") == "route")
    assert "buddy" not in [o["value"] for o in route["element"]["options"]]
