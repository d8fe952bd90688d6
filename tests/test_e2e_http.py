"""End to end in HTTP mode: the real `sparring-bot serve` against the fake Slack, which sends
signed requests to /slack/events instead of Socket Mode envelopes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from bot.core.db import make_engine, make_session_factory
from bot.playground.slack import FakeSlack
from bot.playground.slack.http_delivery import post_signed
from bot.slack.ids import Action
from models import OutboxMessage, PairingRound, ProcessedEvent
from tests import test_e2e_request as journey
from tests.botprocess import (
    BOT_COMMAND,
    SIGNING_SECRET,
    HttpBot,
    bot_environment,
    http_get,
    serving_bot,
    serving_bots,
)
from tests.conftest import add_team
from tests.test_e2e_request import GOOD, count_requests, invite_bot, open_request_form

pytestmark = pytest.mark.e2e


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[HttpBot]:
    # No timed checks: a buddy round falling due mid-test would post in the channel.
    env = bot_environment(fake, database_url, SCHEDULER_ENABLED="false")
    with serving_bot(fake, database_url, tmp_path, env) as process:
        yield process


def test_serve_without_a_signing_secret_refuses_to_start_with_one_line(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    env = bot_environment(fake, database_url)
    assert "SLACK_SIGNING_SECRET" not in env
    result = subprocess.run(
        [BOT_COMMAND, "serve"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("sparring-bot: missing setting SLACK_SIGNING_SECRET")
    assert fake.calls == []  # refused before anything else: not even auth.test


def test_the_whole_request_journey_over_http(
    fake: FakeSlack, bot: HttpBot, db: Engine, database_url: str
) -> None:
    journey.test_a_social_worker_asks_a_colleague_and_they_talk_it_through(fake, bot, db)
    assert fake.envelopes and fake.connection_count == 0  # delivered over HTTP, not a socket
    logs = bot.logs()
    assert SIGNING_SECRET not in logs
    # One access line per Slack request, without its body.
    posts = re.findall(r"sparring\.access: 127\.0\.0\.1 POST /slack/events (\d+) ", logs)
    assert len(posts) == len(fake.envelopes) and set(posts) == {"200"}
    assert "payload=" not in logs and "trigger_id" not in logs


def test_a_bad_or_stale_signature_is_refused_and_nothing_happens(
    fake: FakeSlack, bot: HttpBot, db: Engine
) -> None:
    fake.add_member("C1", fake.bot_user_id)
    url = bot.base_url + "/slack/events"
    joined = {
        "type": "member_joined_channel",
        "user": fake.bot_user_id,
        "channel": "C1",
        "channel_type": "C",
        "team": fake.team_id,
        "inviter": "U1",
    }
    forged = fake.event_payload(joined)
    stale = fake.event_payload(joined)
    command = fake.slash_command_payload("U1", "", channel_id="C1")
    answers = [
        post_signed(url, "events_api", forged, secret="not-the-secret"),
        post_signed(url, "events_api", stale, secret=SIGNING_SECRET, timestamp=time.time() - 600),
        post_signed(url, "slash_commands", command, secret="not-the-secret"),
    ]
    assert [answer.status for answer in answers] == [401, 401, 401]
    with db.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(ProcessedEvent)) == 0
    assert [call.method for call in fake.calls] == ["auth.test"]  # Bolt's own, at start

    # The same event, signed now with the secret, is acted on: the test can fail.
    assert (
        post_signed(url, "events_api", fake.event_payload(joined), secret=SIGNING_SECRET).ack
        is None
    )
    fake.wait_for("chat.postMessage", lambda p: p["channel"] == "C1")


def test_sigterm_during_a_request_completes_it_and_its_delivery(
    fake: FakeSlack, database_url: str, tmp_path: Path, db: Engine
) -> None:
    env = bot_environment(fake, database_url, SCHEDULER_ENABLED="false")
    with serving_bot(fake, database_url, tmp_path, env) as bot:
        invite_bot(fake)
        form = open_request_form(fake, "U1")
        # Slack holds up both halves with a rate limit: the check of the colleague before the
        # ack (SIGTERM comes while the request waits for it) and the delivery after the ack.
        fake.fail_next("users.info", status=429, retry_after=2, when=lambda p: p["user"] == "U5")
        fake.fail_next("chat.postMessage", status=429, retry_after=2)
        mark = fake.mark()
        acks: list[object] = []
        submit = threading.Thread(
            target=lambda: acks.append(
                fake.submit_view("U1", form["id"], GOOD | {Action.COLLEAGUE: "U5"}, timeout=30)
            )
        )
        submit.start()
        limited = fake.wait_for("users.info", lambda p: p["user"] == "U5", after=mark)
        assert limited.status == 429 and not acks  # the request is in flight
        bot.process.send_signal(signal.SIGTERM)
        submit.join(30)
        assert bot.process.wait(30) == 0, bot.logs()
    assert acks == [None] or acks == [{}]  # answered: no errors, no 5xx
    assert count_requests(db) == 1
    [delivered] = [m for m in fake.messages() if m["channel"].startswith("G")]
    posts = [call for call in fake.calls_to("chat.postMessage")]
    assert [call.status for call in posts[-2:]] == [429, 200]  # retried after the signal
    assert posts[-1].at - limited.at >= 2
    assert delivered["ts"] in str(posts[-1].response)
    logs = bot.logs()
    order = [
        "received SIGTERM",
        "finishing 1 request(s) in flight",
        "work after their acks done",
        "sparring-bot stopped",
    ]
    assert [logs.index(line) for line in order] == sorted(logs.index(line) for line in order)


def scheduler_runs(bot: HttpBot) -> int:
    """How many of its timed-check runs the bot has finished."""
    return bot.logs().count("due: checked")


def unposted(engine: Engine) -> int:
    """Outbox messages not posted yet."""
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).where(OutboxMessage.posted_at.is_(None))) or 0


@pytest.mark.skipif(
    not os.environ.get("TEST_DATABASE_URL"), reason="two processes need a database server"
)
def test_two_serve_processes_on_one_database_migrate_once_and_announce_a_round_once(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    env = bot_environment(fake, database_url, SCHEDULER_ENABLED="true")
    first_dir, second_dir = tmp_path / "a", tmp_path / "b"
    first_dir.mkdir()
    second_dir.mkdir()
    # Both start on an empty database at once: the advisory lock lets one migrate.
    with serving_bots(fake, database_url, [first_dir, second_dir], env) as (first, second):
        engine = make_engine(database_url)
        try:
            fake.add_member("C1", fake.bot_user_id)
            add_team(make_session_factory(engine), lead="U1")  # a round is due now
            announced = fake.wait_for(
                "chat.postMessage", lambda p: p["channel"] == "C1", timeout=60
            )
            # Both replicas then finish one more full run of their timed checks.
            runs = (scheduler_runs(first), scheduler_runs(second))
            journey.wait_until(
                lambda: (
                    scheduler_runs(first) > runs[0] + 1 and scheduler_runs(second) > runs[1] + 1
                ),
                timeout=60,
            )
            # Every post of the round is through (a post Slack was slow with is retried after
            # its lease, by either replica): only then can nothing lost be told from late.
            journey.wait_until(lambda: unposted(engine) == 0, timeout=90)
            with engine.connect() as connection:
                assert connection.scalar(select(func.count(PairingRound.id))) == 1
                abandoned = OutboxMessage.abandoned_at.is_not(None)
                assert connection.scalar(select(func.count()).where(abandoned)) == 0
        finally:
            engine.dispose()
    assert [m["text"] for m in fake.messages("C1")] == [announced.params["text"]]
    group_posts = [m for m in fake.messages() if m["channel"].startswith("G")]
    assert len(group_posts) == 2  # five people: a pair and a trio, each told once
    migrated = [bot.logs().count("Running upgrade  -> 0001") for bot in (first, second)]
    assert sorted(migrated) == [0, 1]


def test_healthz_and_readyz_answer_and_other_paths_are_not_found(bot: HttpBot) -> None:
    assert http_get(bot.base_url + "/healthz") == (200, "ok\n")
    assert http_get(bot.base_url + "/readyz") == (200, "ready\n")
    assert http_get(bot.base_url + "/nothing-here")[0] == 404
    assert http_get(bot.base_url + "/slack/events")[0] == 404  # Slack only POSTs
