"""Latency of `/sparring`: slash-command envelope to the bot's `views.open`, against the floor.

Run from the repository root (so `tests` is importable)::

    uv run python -m bench.latency [--commands 200] [--warmup 10] [--no-write]

For the real bot (`sparring-bot`, fresh SQLite database, LOG_LEVEL=WARNING) and for
`bench/minimal_app.py` (a Bolt app that only acks and opens a one-field modal), each against a
fresh FakeSlack, it sends warm-up commands and then N sequential `/sparring` commands, and takes
as latency the fake's arrival time of the matching `views.open` minus the time the envelope was
handed to the websocket (both `time.monotonic()` in this process). For the bot, the follow-up
`views.update` of each command is awaited before the next one, so it never overlaps a
measurement. It prints p50/p90/p99/max per app and the ratio bot/floor (target: p99 within
1.5x), and writes the table into `bench/RESULTS.md` between the latency markers.
"""

from __future__ import annotations

import math
import os
import platform
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench.results import bench_parser, publish
from bot.playground.slack import FakeSlack
from tests.botprocess import BOT_COMMAND, bot_environment

HEADING = "## Latency: slash command to views.open\n\nBy `uv run python -m bench.latency`."

BENCH_DIR = Path(__file__).resolve().parent
MINIMAL_APP = BENCH_DIR / "minimal_app.py"
TARGET_RATIO = 1.5
USER_ID = "U1"
CHANNEL_ID = "C1"


class TimedFakeSlack(FakeSlack):
    """FakeSlack that notes, on its own clock, when each envelope is handed to the websocket."""

    sent_at: float | None = None

    def send_envelope(self, envelope_type: str, payload: dict[str, Any], **options: Any) -> str:
        """Stamp the send time, then send as usual."""
        self.sent_at = self.clock()
        return super().send_envelope(envelope_type, payload, **options)


@dataclass(frozen=True)
class Stats:
    """Latency figures of one app, in milliseconds."""

    app: str
    n: int
    p50: float
    p90: float
    p99: float
    max: float


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default method)."""
    position = (len(sorted_values) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    weight = position - low
    return sorted_values[low] * (1 - weight) + sorted_values[high] * weight


def summarise(app: str, latencies: Sequence[float]) -> Stats:
    """Percentiles of latencies given in seconds."""
    ms = sorted(value * 1000 for value in latencies)
    return Stats(
        app=app,
        n=len(ms),
        p50=percentile(ms, 0.50),
        p90=percentile(ms, 0.90),
        p99=percentile(ms, 0.99),
        max=ms[-1],
    )


def new_fake() -> TimedFakeSlack:
    """A fresh, started fake workspace with one Danish social worker and a team channel."""
    fake = TimedFakeSlack()
    fake.add_user(USER_ID, "mette", locale="da-DK")
    fake.add_channel(CHANNEL_ID, "boern-og-familie", members=[USER_ID])
    return fake.start()


@contextmanager
def running(
    command: list[str], env: dict[str, str], fake: FakeSlack, workdir: Path
) -> Iterator[None]:
    """Run a Socket Mode app until the block ends; then SIGTERM it and require exit status 0."""
    log_path = workdir / "app.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command, cwd=workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        fake.wait_connected(timeout=60)
        yield
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


def one_command(fake: TimedFakeSlack, *, wait_for_update: bool) -> float:
    """Send one `/sparring`; return the seconds from envelope to the matching `views.open`."""
    mark = fake.mark()
    fake.sent_at = None
    result = fake.slash_command(USER_ID, "", channel_id=CHANNEL_ID, timeout=10)
    sent_at = fake.sent_at
    if sent_at is None:
        raise RuntimeError("FakeSlack.slash_command no longer goes through send_envelope")
    opened = fake.wait_for(
        "views.open", lambda p: p.get("trigger_id") == result.trigger_id, timeout=10, after=mark
    )
    if not opened.ok:
        raise RuntimeError(f"views.open failed: {opened.error}")
    if wait_for_update:
        view_id = opened.response["view"]["id"]
        updated = fake.wait_for(
            "views.update", lambda p: p.get("view_id") == view_id, timeout=10, after=mark
        )
        if not updated.ok:
            raise RuntimeError(f"views.update failed: {updated.error}")
    return opened.at - sent_at


def measure(name: str, *, bot: bool, commands: int, warmup: int) -> Stats:
    """Start a fresh fake and the app, warm up, then time `commands` sequential commands."""
    fake = new_fake()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-bot-" if bot else "bench-floor-") as tmp:
            workdir = Path(tmp)
            env = bot_environment(fake, f"sqlite:///{workdir / 'sparring.db'}", LOG_LEVEL="WARNING")
            command = [BOT_COMMAND] if bot else [sys.executable, str(MINIMAL_APP)]
            with running(command, env, fake, workdir):
                for _ in range(warmup):
                    one_command(fake, wait_for_update=bot)
                latencies = [one_command(fake, wait_for_update=bot) for _ in range(commands)]
    finally:
        fake.stop()
    return summarise(name, latencies)


def report(bot: Stats, floor: Stats, *, warmup: int) -> str:
    """The Markdown section: machine, table, ratios and verdict."""
    ratio50, ratio99 = bot.p50 / floor.p50, bot.p99 / floor.p99
    verdict = "met" if ratio99 <= TARGET_RATIO else "NOT met"
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [
        f"Measured {now} on {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, slack-bolt {version('slack-bolt')}, "
        f"slack-sdk {version('slack-sdk')}.",
        "",
        "Time from the `/sparring` slash-command envelope leaving the fake Slack to the app's "
        f"`views.open` arriving there; {warmup} warm-up commands, then sequential commands. "
        "For the bot, each command's follow-up `views.update` was awaited before the next "
        "command, so that work never overlaps a measurement.",
        "",
        "| app | n | p50 ms | p90 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {s.app} | {s.n} | {s.p50:.2f} | {s.p90:.2f} | {s.p99:.2f} | {s.max:.2f} |"
        for s in (bot, floor)
    ]
    lines += [
        "",
        f"Ratio bot/floor: p50 {ratio50:.2f}x, p99 {ratio99:.2f}x. "
        f"Target p99 within {TARGET_RATIO}x of the floor: **{verdict}**.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure both apps, print the figures and record them in bench/RESULTS.md."""
    parser = bench_parser("latency", __doc__)
    parser.add_argument("--commands", type=int, default=200, help="timed commands per app")
    parser.add_argument("--warmup", type=int, default=10, help="untimed commands first")
    args = parser.parse_args(argv)
    if args.commands < 1 or args.warmup < 0:
        parser.error("--commands must be at least 1 and --warmup not negative")
    floor = measure(
        "minimal Bolt app (floor)", bot=False, commands=args.commands, warmup=args.warmup
    )
    bot = measure("sparring-bot", bot=True, commands=args.commands, warmup=args.warmup)
    section = report(bot, floor, warmup=args.warmup)
    heading = "## Latency: slash command to views.open\n\nBy `uv run python -m bench.latency`."
    publish("latency", heading, section, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
