"""Latency of `/sparring` to the whole form, against a bare Bolt app, run by run.

Run from the repository root (so `tests` is importable)::

    uv run python -m bench.latency [--commands 200] [--warmup 10] [--latency-ms 30] [--no-write]

The real bot (`sparring-bot`, a SQLite database with a team of six in the channel, its topics
and a current buddy round, LOG_LEVEL=WARNING) and `bench/minimal_app.py` (a Bolt app that
acks and opens a one-field modal) run side by side, each against its own fake Slack that
waits `--latency-ms` before answering every Web API call, as a near network adds. Commands
alternate between the two apps run by run (the one going first alternates too), so both see
the same load of the machine. The clock runs from the envelope leaving the fake to the first
*submittable* view arriving there: the form itself from `views.open`, or, if the bot opened
its placeholder, the `views.update` that replaced it. It prints p50/p90/p99/max per app and
the ratio bot/floor (target: p99 within 1.3x), and writes the table into `bench/RESULTS.md`
between the latency markers.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from bench.harness import (
    CHANNEL_ID,
    FORMS,
    USERS,
    TimedFakeSlack,
    new_fake,
    percentile,
    running,
    simulator_unpaused,
)
from bench.results import add_network, bench_parser, measured_on, publish, table

HEADING = "## Latency: slash command to the whole form\n\nBy `uv run python -m bench.latency`."
TARGET_RATIO = 1.3


@dataclass(frozen=True)
class Stats:
    """Latency figures of one app, in milliseconds."""

    app: str
    n: int
    p50: float
    p90: float
    p99: float
    max: float
    placeholders: int


def summarise(app: str, latencies: Sequence[float], placeholders: int = 0) -> Stats:
    """Percentiles of latencies given in seconds."""
    ms = sorted(value * 1000 for value in latencies)
    return Stats(app, len(ms), *(percentile(ms, f) for f in (0.5, 0.9, 0.99)), ms[-1], placeholders)


def whole_form(fake: TimedFakeSlack, user: str) -> tuple[float, bool]:
    """Send one `/sparring`; the seconds to the first submittable view, and whether a
    placeholder came first."""
    mark = fake.mark()
    result = fake.slash_command(user, "", channel_id=CHANNEL_ID, timeout=10)
    sent_at = fake.sent_at[result.envelope_id]
    opened = fake.wait_for(
        "views.open", lambda p: p.get("trigger_id") == result.trigger_id, timeout=10, after=mark
    )
    if not opened.ok:
        raise RuntimeError(f"views.open failed: {opened.error}")
    view = opened.response["view"]
    if view["callback_id"] in FORMS:
        return opened.at - sent_at, False
    updated = fake.wait_for(
        "views.update", lambda p: p.get("view_id") == view["id"], timeout=10, after=mark
    )
    if not updated.ok:
        raise RuntimeError(f"views.update failed: {updated.error}")
    return updated.at - sent_at, True


def measure(*, commands: int, warmup: int, latency: float) -> tuple[Stats, Stats]:
    """Both apps side by side, commands interleaved run by run."""
    bot_fake, floor_fake = new_fake(latency), new_fake(latency)
    times: dict[str, list[float]] = {"bot": [], "floor": []}
    placeholders = 0
    try:
        with (
            tempfile.TemporaryDirectory(prefix="bench-bot-") as bot_dir,
            tempfile.TemporaryDirectory(prefix="bench-floor-") as floor_dir,
            running(True, bot_fake, Path(bot_dir)),
            running(False, floor_fake, Path(floor_dir)),
            simulator_unpaused(),
        ):
            for run in range(warmup + commands):
                user = USERS[run % len(USERS)]
                order = ("bot", "floor") if run % 2 == 0 else ("floor", "bot")
                for app in order:
                    took, placeholder = whole_form(bot_fake if app == "bot" else floor_fake, user)
                    if run >= warmup:
                        times[app].append(took)
                        placeholders += placeholder and app == "bot"
    finally:
        bot_fake.stop()
        floor_fake.stop()
    return (
        summarise("sparring-bot", times["bot"], placeholders),
        summarise("minimal Bolt app (floor)", times["floor"]),
    )


def report(bot: Stats, floor: Stats, *, warmup: int, latency: float) -> str:
    """The Markdown section: conditions, table, ratios and verdict."""
    ratio50, ratio99 = bot.p50 / floor.p50, bot.p99 / floor.p99
    verdict = "met" if ratio99 <= TARGET_RATIO else "NOT met"
    lines = [
        f"{measured_on()}, slack-bolt {version('slack-bolt')}, slack-sdk {version('slack-sdk')}.",
        "",
        f"From the `/sparring` envelope leaving the fake Slack to the first submittable view "
        f"arriving there, with {latency * 1000:.0f} ms added to every Web API call; a team of "
        f"six with topics and a buddy round; {warmup} warm-up runs, then the two apps "
        "interleaved run by run (the one going first alternating). The bot opened its "
        f"placeholder (then `views.update`) in {bot.placeholders} of {bot.n} runs.",
        "",
        *table(
            ("app", "n", "p50 ms", "p90 ms", "p99 ms", "max ms"),
            [
                (s.app, s.n, f"{s.p50:.1f}", f"{s.p90:.1f}", f"{s.p99:.1f}", f"{s.max:.1f}")
                for s in (bot, floor)
            ],
        ),
    ]
    lines += [
        "",
        f"Ratio bot/floor: p50 {ratio50:.2f}x, p99 {ratio99:.2f}x. "
        f"Target whole form p99 within {TARGET_RATIO}x of the floor: **{verdict}**.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure both apps, print the figures and record them in bench/RESULTS.md."""
    parser = bench_parser("latency", __doc__)
    parser.add_argument("--commands", type=int, default=200, help="timed commands per app")
    parser.add_argument("--warmup", type=int, default=10, help="untimed commands first")
    add_network(parser)
    args = parser.parse_args(argv)
    if args.commands < 1 or args.warmup < 0 or args.latency < 0:
        parser.error("--commands must be at least 1, --warmup and --latency-ms not negative")
    bot, floor = measure(commands=args.commands, warmup=args.warmup, latency=args.latency)
    section = report(bot, floor, warmup=args.warmup, latency=args.latency)
    publish("latency", HEADING, section, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
