"""End to end: the real bot process against the fake Slack, acting as social workers."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from bot.playground.slack import FakeSlack
from bot.slack.ids import Action, Block, Callback
from models import SparringRequest, TeamMember
from tests.botprocess import BOT_COMMAND, BotProcess, bot_environment
from tests.helpers import bot_joined

pytestmark = pytest.mark.e2e

CHILD_TEXT = "Dreng, 9 år. Glad for fodbold, men stort skolefravær siden efterårsferien."
FAMILY_TEXT = "Mor alene med tre børn, netværket er mormor, som bor tæt på."
QUESTION = "Har du erfaring med at få en dreng på 9 tilbage i skole efter langt fravær?"
GOOD = {
    Action.CHILD: CHILD_TEXT,
    Action.FAMILY: FAMILY_TEXT,
    Action.QUESTION: QUESTION,
    Action.HELP_KIND: "experience",
    Action.FORM: "written",
    Action.FEEDBACK: "recognition",
    Action.COLLEAGUE: "U2",
}


def count_requests(db: Engine) -> int:
    with db.connect() as connection:
        return connection.scalar(select(func.count(SparringRequest.id))) or 0


def stored_message_ts(db: Engine) -> str | None:
    """Where the bot recorded the (only) request's message."""
    with db.connect() as connection:
        return connection.execute(select(SparringRequest.message_ts)).scalar()


def open_modal(
    fake: FakeSlack, user_id: str, text: str = "", channel_id: str = "C1"
) -> dict[str, Any]:
    """Type /sparring [text] and wait for the real modal: opened at once, or (when the first
    database read of a fresh process was slow) replacing the small loading one."""
    result = fake.slash_command(user_id, text, channel_id=channel_id)
    assert result.ack in (None, {})
    opened = fake.open_view_for(result.trigger_id)
    if opened["callback_id"] == Callback.LOADING:
        fake.wait_for("views.update", lambda p: p["view_id"] == opened["id"])
    return fake.view(opened["id"])


def open_request_form(fake: FakeSlack, user_id: str, channel_id: str = "C1") -> dict[str, Any]:
    """Type /sparring and wait for the request form."""
    return open_modal(fake, user_id, "", channel_id)


def choose(
    fake: FakeSlack, user_id: str, form: dict[str, Any], action_id: str, value: str
) -> dict[str, Any]:
    """Pick an option that changes the form (kind, route), as a person would; the new form."""
    mark = fake.mark()
    fake.click(user_id, action_id, value=value, view_id=form["id"])
    fake.wait_for("views.update", lambda p: p["view_id"] == form["id"], after=mark)
    return fake.view(form["id"])


def invite_bot(fake: FakeSlack) -> None:
    """Mette invites the bot into the team channel; wait for its hello."""
    fake.event(bot_joined(fake))
    fake.wait_for("chat.postMessage", lambda p: p["channel"] == "C1")


def wait_until(condition: Callable[[], bool], timeout: float = 10) -> None:
    """Wait for a state the bot shows nowhere in Slack, checking it every 50 ms until a deadline."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached within the deadline")
        threading.Event().wait(0.05)


def click_for_modal(
    fake: FakeSlack, user_id: str, action_id: str, message: dict[str, Any]
) -> dict[str, Any]:
    """Press a button that opens a modal; return the modal."""
    mark = fake.mark()
    fake.click(user_id, action_id, message=message)
    opened = fake.wait_for("views.open", after=mark)
    return fake.open_view_for(opened.params["trigger_id"])


def text_of(message: dict[str, Any]) -> str:
    """The blocks of a message or view as searchable text."""
    return json.dumps(message.get("blocks") or [], ensure_ascii=False)


# `bot` (conftest.py) runs with its scheduler off: a buddy round falling due mid-test would
# post in the channel.


def test_a_social_worker_asks_a_colleague_and_they_talk_it_through(
    fake: FakeSlack, bot: BotProcess, db: Engine
) -> None:
    invite_bot(fake)
    hello = fake.messages("C1")
    assert len(hello) == 1 and "Skriv `/sparring`" in hello[0]["text"]

    notice = open_modal(fake, "U2", "opsæt")
    # The other bot is no member; only the lead (Mette invited the bot) changes settings.
    assert "Kanalen er et team (antal medlemmer: 3). Kun teamlederen" in json.dumps(
        notice["blocks"], ensure_ascii=False
    )

    form = open_request_form(fake, "U1")
    assert form["title"]["text"] == "Bed om sparring"
    assert Block.TEAM not in {b.get("block_id") for b in form["blocks"]}  # one team only

    # Everything wrong at once: inline errors in Danish, nothing stored.
    ack = fake.submit_view("U1", form["id"], {Action.COLLEAGUE: "U1"}, use_initial=True)
    assert ack is not None and ack["response_action"] == "errors"
    assert ack["errors"][Block.QUESTION] == "Skriv, hvad du gerne vil have sparring på."
    assert "ICS-trekanten" in ack["errors"][Block.CHILD]
    assert "dig selv" in ack["errors"][Block.COLLEAGUE]
    for colleague, expected in (("UOTHERBOT", "bot"), ("U9", "deaktiveret")):
        ack = fake.submit_view("U1", form["id"], GOOD | {Action.COLLEAGUE: colleague})
        assert ack is not None and expected in ack["errors"][Block.COLLEAGUE]
    ack = fake.submit_view("U1", form["id"], GOOD | {Action.CHILD: "Dreng 150317-1234 fravær"})
    assert ack is not None and "CPR-nummer" in ack["errors"][Block.CHILD]
    ack = fake.submit_view("U1", form["id"], GOOD | {Action.QUESTION: "x" * 501})
    assert ack is not None and "Højst 500 tegn" in ack["errors"][Block.QUESTION]
    assert count_requests(db) == 0

    # A valid request, submitted twice by a double click, is stored and delivered once.
    mark = fake.mark()
    assert fake.submit_view("U1", form["id"], GOOD) in (None, {})
    assert fake.submit_view("U1", form["id"], GOOD) in (None, {})
    assert count_requests(db) == 1
    opened = fake.wait_for("conversations.open", after=mark)
    assert sorted(opened.params["users"].split(",")) == ["U1", "U2"]
    posted = fake.wait_for("chat.postMessage", lambda p: p["channel"].startswith("G"), after=mark)
    group = posted.params["channel"]
    [request_message] = fake.messages(group)
    shown = text_of(request_message)
    for expected in (
        CHILD_TEXT,
        FAMILY_TEXT,
        QUESTION,
        "Barnets udvikling",
        "Familie og netværk",
        "Erfaring fra en lignende sag",
        "Svar og anerkendelse",
        # What was asked for, and the team's rule on feedback (the template allows all).
        "Der bedes om:* Svar og anerkendelse",
        "Teamets spilleregel for feedback:* Tilladt:",
    ):
        assert expected in shown
    assert "Forældrekompetencer" not in shown  # the empty side is left out
    assert CHILD_TEXT not in request_message["text"]  # notifications carry no case text

    # The colleague answers in the thread; the message shows it. (Once the bot has recorded
    # where it posted: a reply within milliseconds of the post could not be linked to it.)
    wait_until(lambda: stored_message_ts(db) == request_message["ts"])
    fake.user_message(
        "U2",
        group,
        "Jeg havde en lignende sag sidste år — lad os tage en snak.",
        thread_ts=request_message["ts"],
    )
    fake.wait_for(
        "chat.update",
        lambda p: (
            p["ts"] == request_message["ts"]
            and "Besvaret" in json.dumps(p["blocks"], ensure_ascii=False)
        ),
    )

    # Only the requester may close it; closing can carry a thank-you to the helper.
    stranger_form = click_for_modal(fake, "U2", Action.CLOSE_REQUEST, fake.messages(group)[0])
    ack = fake.submit_view("U2", stranger_form["id"], {})
    assert ack is not None
    assert "Kun den, der bad om sparring" in ack["errors"][Block.THANKS]
    close_form = click_for_modal(fake, "U1", Action.CLOSE_REQUEST, fake.messages(group)[0])
    assert "notatpligt" in text_of(close_form)
    thanks = "Tak for en god snak — den hjalp mig videre."
    assert fake.submit_view("U1", close_form["id"], {Action.THANKS: thanks}) in (None, {})
    fake.wait_for("chat.update", lambda p: "Lukket" in json.dumps(p["blocks"], ensure_ascii=False))
    said = fake.wait_for("chat.postMessage", lambda p: p.get("thread_ts") == request_message["ts"])
    assert thanks in json.dumps(said.params["blocks"], ensure_ascii=False)
    assert "<@U2>" in json.dumps(said.params["blocks"])
    assert thanks not in said.params["text"]  # notifications carry no content
    reminder = fake.wait_for(
        "chat.postEphemeral", lambda p: p["user"] == "U1" and "notatpligt" in p["text"]
    )
    assert reminder.params["thread_ts"] == request_message["ts"]
    assert Action.CLOSE_REQUEST not in text_of(fake.messages(group)[0])

    # Nothing of the case reached the log, at DEBUG level.
    logs = bot.logs()
    for secret in (
        CHILD_TEXT,
        FAMILY_TEXT,
        QUESTION,
        "150317-1234",
        "lignende sag sidste år",
        fake.bot_token,
        fake.app_token,
    ):
        assert secret not in logs


def test_english_users_get_english_and_subcommands_work_in_both_languages(
    fake: FakeSlack, bot: BotProcess
) -> None:
    form = open_request_form(fake, "U3", channel_id="D0USER")
    assert form["title"]["text"] == "Ask for sparring"
    assert any("You are not in a team yet" in json.dumps(b) for b in form["blocks"])
    ack = fake.submit_view("U3", form["id"], {Action.COLLEAGUE: "U2"})
    assert ack is not None and ack["errors"][Block.QUESTION] == "Write what you want sparring on."

    fake.slash_command("U3", "help")
    fake.wait_for("response_url", lambda p: "ask a colleague for sparring on a case" in p["text"])
    fake.slash_command("U1", "hjælp")
    fake.wait_for("response_url", lambda p: "bed en kollega om sparring" in p["text"])
    fake.slash_command("U1", "noget-andet")
    fake.wait_for("response_url", lambda p: "Det kender jeg ikke: `noget-andet`" in p["text"])
    fake.slash_command("U1", "opsæt", channel_id="D0USER")
    fake.wait_for("response_url", lambda p: "i teamets kanal" in p["text"])


def test_setup_by_command_syncs_members_as_they_come_and_go(
    fake: FakeSlack, bot: BotProcess, db: Engine
) -> None:
    notice = open_modal(fake, "U2", "setup")
    assert "Inviter mig først" in json.dumps(notice["blocks"], ensure_ascii=False)
    fake.add_member("C1", fake.bot_user_id)
    settings = open_modal(fake, "U2", "setup")
    assert settings["title"]["text"] == "Teamindstillinger"
    fake.wait_for("chat.postMessage", lambda p: p["channel"] == "C1")
    open_modal(fake, "U2", "opsæt")  # set up twice: still one hello

    fake.remove_member("C1", "U3")
    fake.event({"type": "member_left_channel", "user": "U3", "channel": "C1", "team": fake.team_id})
    fake.add_member("C1", "U4")
    fake.event(
        {"type": "member_joined_channel", "user": "U4", "channel": "C1", "team": fake.team_id}
    )
    welcome = fake.wait_for("chat.postEphemeral", lambda p: p["user"] == "U4")
    assert welcome.params["channel"] == "C1"
    assert "Velkommen" in welcome.params["text"]

    def active_members() -> set[str]:
        with db.connect() as connection:
            query = select(TeamMember.user_id).where(TeamMember.left_at.is_(None))
            return set(connection.scalars(query))

    # Leaving shows nothing in Slack, so wait on the database itself.
    wait_until(lambda: active_members() == {"U1", "U2", "U4"})
    form = open_request_form(fake, "U4")
    assert not any("ikke med i et team" in json.dumps(b) for b in form["blocks"])

    with db.connect() as connection:
        query = select(TeamMember.user_id, TeamMember.is_lead, TeamMember.left_at)
        rows = connection.execute(query).all()
    members = {user: (lead, left is None) for user, lead, left in rows}
    assert members["U2"] == (True, True)
    assert members["U4"] == (False, True)
    assert members["U3"][1] is False
    assert "UOTHERBOT" not in members
    assert len(fake.messages("C1")) == 1  # hello once, although set up twice


def test_a_failed_delivery_is_kept_and_can_be_retried(fake: FakeSlack, bot: BotProcess) -> None:
    invite_bot(fake)
    form = open_request_form(fake, "U1")
    # Slack fails the first attempt and both of the client's own retries.
    fake.fail_next("chat.postMessage", status=500, error="internal_error", times=3)
    mark = fake.mark()
    fake.submit_view("U1", form["id"], GOOD)
    notice = fake.wait_for("chat.postEphemeral", lambda p: p["user"] == "U1", after=mark)
    assert notice.params["channel"] == "C1"  # where Mette typed /sparring
    assert "Din anmodning er gemt" in notice.params["text"]
    assert [m for m in fake.messages() if m["channel"].startswith("G")] == []
    [retry] = [
        element
        for block in notice.params["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == Action.RETRY_DELIVERY
    ]

    fake.click("U2", Action.RETRY_DELIVERY, value=retry["value"], channel_id="C1")
    fake.wait_for("response_url", lambda p: "Kun den, der bad om sparring" in p["text"])
    fake.click("U1", Action.RETRY_DELIVERY, value=retry["value"], channel_id="C1")
    fake.wait_for("response_url", lambda p: "er sendt til <@U2>" in p["text"])
    assert len([m for m in fake.messages() if m["channel"].startswith("G")]) == 1
    fake.click("U1", Action.RETRY_DELIVERY, value=retry["value"], channel_id="C1")
    fake.wait_for("response_url", lambda p: "allerede sendt" in p["text"])
    assert len([m for m in fake.messages() if m["channel"].startswith("G")]) == 1


def test_rate_limited_posting_is_retried_after_retry_after(
    fake: FakeSlack, bot: BotProcess
) -> None:
    invite_bot(fake)
    form = open_request_form(fake, "U1")
    fake.fail_next("chat.postMessage", status=429, retry_after=1)
    mark = fake.mark()
    fake.submit_view("U1", form["id"], GOOD)
    to_group = lambda p: p["channel"].startswith("G")  # noqa: E731
    limited = fake.wait_for("chat.postMessage", to_group, after=mark)
    position = next(i for i, call in enumerate(fake.calls) if call is limited)
    retried = fake.wait_for("chat.postMessage", to_group, after=position + 1)
    assert (limited.status, retried.status) == (429, 200)
    assert retried.at - limited.at >= 1.0  # Retry-After was honoured
    assert len([m for m in fake.messages() if m["channel"].startswith("G")]) == 1


def test_app_home_lists_open_requests(fake: FakeSlack, bot: BotProcess) -> None:
    form = open_request_form(fake, "U1", channel_id="D0USER")
    mark = fake.mark()
    fake.submit_view("U1", form["id"], GOOD)
    fake.wait_for("chat.postMessage", lambda p: p["channel"].startswith("G"), after=mark)
    fake.event({"type": "app_home_opened", "user": "U2", "tab": "home", "channel": "D2"})
    published = fake.wait_for("views.publish", lambda p: p["user_id"] == "U2")
    shown = json.dumps(published.params["view"], ensure_ascii=False)
    assert "Venter på dig" in shown and "fra <@U1>" in shown
    assert CHILD_TEXT not in shown


def test_missing_settings_stop_the_bot_with_one_line(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [BOT_COMMAND], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "SLACK_BOT_TOKEN" in lines[0] and ".env" in lines[0]
    assert lines[0].endswith("to try the bot without Slack: sparring-bot playground")
    env["SLACK_BOT_TOKEN"] = "xoxp-a-user-token-by-mistake"
    result = subprocess.run(
        [BOT_COMMAND], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN" in result.stderr and "xoxp-a-user-token" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_wrong_token_stops_the_bot_with_one_line(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    env = bot_environment(fake, database_url, SLACK_BOT_TOKEN="xoxb-revoked")
    result = subprocess.run(
        [BOT_COMMAND], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last == "sparring-bot: Slack refused SLACK_BOT_TOKEN (auth.test failed)"
    assert "xoxb-revoked" not in result.stderr


def test_check_and_migrate_report_on_a_fresh_database(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    env = bot_environment(fake, database_url)
    check = subprocess.run(
        [BOT_COMMAND, "check"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 1 and "not at head" in check.stdout
    migrate = subprocess.run(
        [BOT_COMMAND, "migrate"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert migrate.returncode == 0, migrate.stderr
    check = subprocess.run(
        [BOT_COMMAND, "check"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "auth.test ok" in check.stdout
