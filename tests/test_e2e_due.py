"""End to end: `sparring-bot due --at` moves a team to next Monday and posts its buddy pairs
once, beside the running bot; a future time acts for real only with --future."""

from __future__ import annotations

import subprocess
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.playground.slack import FakeSlack
from bot.slack.ids import Action
from tests.botprocess import BOT_COMMAND, BotProcess, bot_environment
from tests.test_e2e_pairs import lead_opens_settings

pytestmark = pytest.mark.e2e

CPH = ZoneInfo("Europe/Copenhagen")


# `bot` (conftest.py) runs with its scheduler off: only `due` moves time in this test.


def due(
    fake: FakeSlack, database_url: str, tmp_path: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run `sparring-bot due` beside the running bot, as an operator would."""
    return subprocess.run(
        [BOT_COMMAND, "due", *args],
        cwd=tmp_path,
        env=bot_environment(fake, database_url, LOG_LEVEL="WARNING"),
        capture_output=True,
        text=True,
        timeout=60,
    )


def next_monday_0905() -> datetime:
    """Next Monday at 09:05 in Copenhagen: always in the future, never today."""
    today = datetime.now(CPH).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime.combine(monday, time(9, 5), tzinfo=CPH)


def announcements(fake: FakeSlack, week: int) -> list[dict]:
    return [m for m in fake.messages("C1") if m["text"] == f"Makkerpar for uge {week}"]


def test_due_at_next_monday_announces_the_pairs_once_and_only_with_future(
    fake: FakeSlack, bot: BotProcess, database_url: str, tmp_path: Path
) -> None:
    settings = lead_opens_settings(fake)
    mark = fake.mark()
    assert fake.submit_view("U1", settings["id"], {Action.PERIOD: "1"}) in (None, {})
    fake.wait_for("chat.postEphemeral", lambda p: p["user"] == "U1", after=mark)
    monday = next_monday_0905()
    at = monday.isoformat(timespec="minutes")
    week = monday.isocalendar().week

    # A dry run previews Monday and posts nothing.
    mark = fake.mark()
    preview = due(fake, database_url, tmp_path, "--at", at, "--dry-run")
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert f"as at {at} (dry run)" in preview.stdout
    assert "boern-og-familie (C1)" in preview.stdout
    assert "would post: channel announcement" in preview.stdout
    assert all(call.method != "chat.postMessage" for call in fake.calls[mark:])

    # Without --future a future time is refused with one line, and nothing happens.
    refused = due(fake, database_url, tmp_path, "--at", at)
    assert refused.returncode == 2
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "--future" in refused.stderr
    assert refused.stdout == ""
    assert all(call.method != "chat.postMessage" for call in fake.calls[mark:])

    done = due(fake, database_url, tmp_path, "--at", at, "--future")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "queued: channel announcement" in done.stdout
    assert len(announcements(fake, week)) == 1
    intros = [m for m in fake.messages() if m["channel"].startswith("G")]
    assert len(intros) == 2

    # Again, as at the same time: nothing is due, nothing is posted twice.
    mark = fake.mark()
    again = due(fake, database_url, tmp_path, "--at", at, "--future")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "nothing due" in again.stdout
    assert all(call.method != "chat.postMessage" for call in fake.calls[mark:])
    assert len(announcements(fake, week)) == 1


def test_a_time_without_offset_is_refused_with_one_line(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    refused = due(fake, database_url, tmp_path, "--at", "2026-12-07T09:05", "--future")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        "sparring-bot: --at 2026-12-07T09:05 needs an offset, e.g. 2026-12-07T09:05+01:00"
    ]
