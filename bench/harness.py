"""What the benches share: a fake Slack that notes when envelopes leave and acks and views
arrive, the two apps run as processes, a team with topics and buddy pairs, and percentiles.

Both apps run against fake Slacks that add the same network delay to every Web API call
(`FakeSlack.latency`), each in its own process, started side by side, so a run compares them
under the same load of the (shared) machine.
"""

from __future__ import annotations

import gc
import math
import os
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.playground.slack import FakeSlack
from bot.playground.slack.models import Call
from tests.botprocess import BOT_COMMAND, bot_environment

BENCH_DIR = Path(__file__).resolve().parent
MINIMAL_APP = BENCH_DIR / "minimal_app.py"
CHANNEL_ID = "C1"
# Six Danish social workers: three pairs in the current round, and the team's topics.
USERS = ("U1", "U2", "U3", "U4", "U5", "U6")
# The callback ids of a submittable form: the bot's request form, the floor's modal.
FORMS = frozenset({"sparring_request", "floor"})
# What a person types into the bot's form (a buddy request), and into the floor's.
BOT_VALUES: dict[str, Any] = {
    "ics_child_input": "Dreng, 9 år, stort skolefravær.",
    "question_input": "Har du erfaring med skolefravær hos en dreng på 9?",
    "help_kind_select": "experience",
    "form_select": "written",
    "feedback_select": "recognition",
    "route_select": "buddy",
}
FLOOR_VALUES: dict[str, Any] = {"note": "Har du erfaring med skolefravær?"}


class TimedFakeSlack(FakeSlack):
    """A fake Slack that stamps, on its own clock, each envelope sent, each ack received, and
    keeps the submittable forms opened (view id, user) for submissions."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.sent_at: dict[str, float] = {}
        self.acked_at: dict[str, float] = {}
        self.forms: deque[tuple[str, str]] = deque(maxlen=200)
        self.forms_opened = 0
        self.opens_failed = 0
        self.trigger_users: dict[str, str] = {}

    def send_envelope(self, envelope_type: str, payload: dict[str, Any], **options: Any) -> str:
        """Send as usual, noting when it left."""
        at = self.clock()
        envelope_id = super().send_envelope(envelope_type, payload, **options)
        self.sent_at[envelope_id] = at
        if "trigger_id" in payload and "user_id" in payload:
            self.trigger_users[payload["trigger_id"]] = payload["user_id"]
        return envelope_id

    def _on_client_text(self, data: str) -> None:
        at = self.clock()
        super()._on_client_text(data)
        if '"envelope_id"' in data:
            envelope_id = data.split('"envelope_id"', 1)[1].split('"', 2)[1]
            self.acked_at.setdefault(envelope_id, at)

    def _record(self, call: Call) -> None:
        if call.method in ("views.open", "views.update"):
            view = call.response.get("view") or {}
            if call.method == "views.open" and not call.ok:
                self.opens_failed += 1
            if call.ok and view.get("callback_id") in FORMS:
                self.forms_opened += 1
                user = self.trigger_users.get(call.params.get("trigger_id", ""))
                if user:  # opened at once: the submission needs whose it is
                    self.forms.append((view["id"], user))
        super()._record(call)


def new_fake(latency: float) -> TimedFakeSlack:
    """A started fake workspace with the team's people in its channel, `latency` s per call."""
    fake = TimedFakeSlack()
    fake.latency = latency
    for user in USERS:
        fake.add_user(user, user.lower(), locale="da-DK")
    fake.add_channel(CHANNEL_ID, "boern-og-familie", members=list(USERS))
    fake.add_member(CHANNEL_ID, fake.bot_user_id)
    return fake.start()


def prepare_team(database_url: str) -> None:
    """The bot's database: migrated, a team in the channel with its topics and a buddy round."""
    from bot.core.db import make_engine, make_session_factory, upgrade
    from bot.core.periods import period_containing, week_start
    from bot.pairing.service import ensure_round
    from bot.teams.topics import topics_of
    from models import utcnow
    from tests.conftest import make_team

    engine = make_engine(database_url)
    upgrade(engine)
    today = utcnow().date()
    with make_session_factory(engine).begin() as session:
        team = make_team(session, channel_id=CHANNEL_ID, members=USERS, lead=USERS[0])
        topics_of(session, team=team)
        period = period_containing(week_start(today), team.period_weeks)
        ensure_round(session, team=team, period=period, on=today)
    engine.dispose()


@dataclass
class Running:
    """An app process."""

    process: subprocess.Popen[bytes]
    log_path: Path

    def cpu_seconds(self) -> float:
        """User plus system CPU time the process has used so far."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mib(self) -> float:
        """Resident memory now."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return math.nan


@contextmanager
def running(bot: bool, fake: FakeSlack, workdir: Path, **env: str) -> Iterator[Running]:
    """Run the bot (or the floor) until the block ends; then SIGTERM it, require exit 0."""
    database_url = f"sqlite:///{workdir / 'sparring.db'}"
    if bot:
        prepare_team(database_url)
    environment = bot_environment(fake, database_url, LOG_LEVEL="WARNING", **env)
    # -P: bench/ is not put on the path, where bench/http.py would shadow the standard library.
    command = [BOT_COMMAND] if bot else [sys.executable, "-P", str(MINIMAL_APP)]
    log_path = workdir / "app.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=workdir, env=environment, stdout=log_file, stderr=subprocess.STDOUT
        )
    app = Running(process, log_path)
    try:
        fake.wait_connected(timeout=60)
        yield app
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            code = None
    if code != 0:
        log = log_path.read_text(encoding="utf-8", errors="replace")
        raise RuntimeError(f"{command[0]} did not stop cleanly (exit {code}):\n{log[-4000:]}")


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default method)."""
    if not sorted_values:
        return math.nan
    position = (len(sorted_values) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    weight = position - low
    return sorted_values[low] * (1 - weight) + sorted_values[high] * weight


@contextmanager
def simulator_unpaused() -> Iterator[None]:
    """Hold off this process's garbage collector while apps are timed, then collect.

    The fake Slacks run in the bench's own process. Its full collections grew with what the
    fakes keep (every call, view and message, deep-copied) to 65-100 ms every few seconds
    under load, during which no envelope left and no ack was read: the busiest app's run
    paid for the simulator's pauses. Slack does not pause for our collector."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def wait_until(deadline: float) -> None:
    """Sleep until `time.monotonic()` reaches `deadline`."""
    remaining = deadline - time.monotonic()
    if remaining > 0:
        time.sleep(remaining)
