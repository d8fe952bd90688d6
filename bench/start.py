"""Start and memory: `sparring-bot` to connected, idle RSS, and `check`/`due` run times,
against the bare Bolt app.

Run from the repository root::

    uv run python -m bench.start [--runs 5] [--no-write]

Each run starts the bot (SQLite at head, a team with topics and a buddy round) and
`bench/minimal_app.py` against a fake Slack, alternating which goes first, and takes the time
from `Popen` to the Socket Mode connection arriving at the fake; the RSS is read 5 s after
connecting (the bot's first due check has run). `check` and `due --dry-run` are timed from
start to exit. Medians. Writes its section of bench/RESULTS.md.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.harness import MINIMAL_APP, Running, new_fake, prepare_team
from bench.results import bench_parser, measured_on, publish
from bot.playground.slack import FakeSlack
from tests.botprocess import BOT_COMMAND, bot_environment

HEADING = "## Start and memory\n\nBy `uv run python -m bench.start`."
CONNECT_TARGET, RSS_TARGET = 1.5, 60.0


def connect(
    command: list[str], env: dict[str, str], workdir: Path, fake: FakeSlack, total: int
) -> tuple[float, float]:
    """Seconds to connected (the fake's `total`-th connection), and MiB resident 5 s later."""
    start = time.monotonic()
    process = subprocess.Popen(
        command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        fake.wait_connected(timeout=120, total=total)
        took = time.monotonic() - start
        time.sleep(5)
        rss = Running(process, workdir).rss_mib()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return took, rss


def timed(command: list[str], env: dict[str, str], workdir: Path) -> float:
    """Seconds from start to exit."""
    start = time.monotonic()
    subprocess.run(command, env=env, cwd=workdir, capture_output=True, check=False)
    return time.monotonic() - start


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print and record."""
    parser = bench_parser("start", __doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    figures: dict[str, list[float]] = {}
    bot_fake, floor_fake = new_fake(0.0), new_fake(0.0)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-start-") as tmp:
            workdir = Path(tmp)
            url = f"sqlite:///{workdir / 'sparring.db'}"
            prepare_team(url)
            bot_env = bot_environment(bot_fake, url, LOG_LEVEL="WARNING")
            floor_env = bot_environment(floor_fake, url, LOG_LEVEL="WARNING")
            for run in range(args.runs):
                apps = [("bot", [BOT_COMMAND], bot_env, bot_fake)]
                apps.append(
                    ("floor", [sys.executable, "-P", str(MINIMAL_APP)], floor_env, floor_fake)
                )
                for name, command, env, fake in apps if run % 2 == 0 else reversed(apps):
                    took, rss = connect(command, env, workdir, fake, run + 1)
                    figures.setdefault(f"{name} connect", []).append(took)
                    figures.setdefault(f"{name} rss", []).append(rss)
                figures.setdefault("check", []).append(
                    timed([BOT_COMMAND, "check"], bot_env, workdir)
                )
                figures.setdefault("due", []).append(
                    timed([BOT_COMMAND, "due", "--dry-run"], bot_env, workdir)
                )
    finally:
        bot_fake.stop()
        floor_fake.stop()
    median = {name: statistics.median(values) for name, values in figures.items()}
    met_connect = median["bot connect"] <= CONNECT_TARGET
    met_rss = median["bot rss"] <= RSS_TARGET
    section = "\n".join(
        [
            f"{measured_on()}; medians of {args.runs} runs, the two apps alternating.",
            "",
            "| | sparring-bot | minimal Bolt app (floor) |",
            "|---|---:|---:|",
            f"| start to connected, s | {median['bot connect']:.2f} "
            f"| {median['floor connect']:.2f} |",
            f"| idle RSS 5 s after connecting, MiB | {median['bot rss']:.0f} "
            f"| {median['floor rss']:.0f} |",
            f"| `sparring-bot check`, s | {median['check']:.2f} | |",
            f"| `sparring-bot due --dry-run`, s | {median['due']:.2f} | |",
            "",
            f"Target connected within {CONNECT_TARGET} s: **{'met' if met_connect else 'NOT met'}**"
            f"; idle within {RSS_TARGET:.0f} MiB: **{'met' if met_rss else 'NOT met'}**.",
        ]
    )
    publish("start", HEADING, section, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
