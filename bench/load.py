"""Load: `/sparring` at 50 and 100 commands a second, every tenth envelope a submitted form,
against the bot and a bare Bolt app side by side.

Run from the repository root (so `tests` is importable)::

    uv run python -m bench.load [--seconds 10] [--rates 50,100] [--latency-ms 30] [--no-write]

Both apps run at once, each against its own fake Slack that adds `--latency-ms` to every Web
API call: the bot (`sparring-bot`, SQLite, a team of six with topics and a buddy round,
LOG_LEVEL=WARNING) and `bench/minimal_app.py`. For each rate, each app in turn (the one going
first alternates) gets `--seconds` of envelopes at a steady rate: slash commands, and every
tenth a view submission of a form opened earlier (for the bot, a buddy request that is stored
and delivered). Ack time is from the envelope leaving the fake to its ack arriving there.
CPU per envelope is the app process's user+system time over the run (until its work has
settled) divided by the envelopes sent. Forms not opened counts commands whose views.open
failed (mostly an expired trigger) or never came. Writes its section of bench/RESULTS.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.harness import (
    BOT_VALUES,
    CHANNEL_ID,
    FLOOR_VALUES,
    USERS,
    Running,
    TimedFakeSlack,
    new_fake,
    percentile,
    running,
    simulator_unpaused,
    wait_until,
)
from bench.results import (
    ACK_RATIO,
    LATE_ACK,
    acks_met,
    add_network,
    add_rates,
    bench_parser,
    by_rate,
    measured_on,
    publish,
    table,
)

HEADING = "## Load: commands per second\n\nBy `uv run python -m bench.load`."


@dataclass(frozen=True)
class LoadRun:
    """One app at one rate."""

    app: str
    rate: int
    envelopes: int
    submissions: int
    p50_ms: float
    p99_ms: float
    command_p99_ms: float
    submission_p99_ms: float
    late: int
    commands: int
    forms_missing: int
    cpu_ms: float
    rss_mib: float


def drive(fake: TimedFakeSlack, app: Running, *, bot: bool, rate: int, seconds: float) -> LoadRun:
    """Send `rate` envelopes a second for `seconds`; wait for their acks and the app to settle."""
    values = BOT_VALUES if bot else FLOOR_VALUES
    fake.forms.clear()
    opened_before = fake.forms_opened
    cpu_before = app.cpu_seconds()
    sent: list[str] = []
    submitted: set[str] = set()
    commands = submissions = 0
    with simulator_unpaused():
        start = time.monotonic()
        for index in range(int(rate * seconds)):
            wait_until(start + index / rate)
            if index % 10 == 9 and fake.forms:
                view_id, user = fake.forms.popleft()
                payload = fake.view_submission_payload(user, view_id, values)
                sent.append(fake.send_envelope("interactive", payload))
                submitted.add(sent[-1])
                submissions += 1
            else:
                user = USERS[index % len(USERS)]
                payload = fake.slash_command_payload(user, "", channel_id=CHANNEL_ID)
                sent.append(fake.send_envelope("slash_commands", payload))
                commands += 1
        settle_until = time.monotonic() + 30
        while time.monotonic() < settle_until and not all(e in fake.acked_at for e in sent):
            time.sleep(0.05)
    _settle(fake)
    cpu = app.cpu_seconds() - cpu_before
    took = {
        e: (fake.acked_at[e] - fake.sent_at[e]) * 1000 if e in fake.acked_at else float("inf")
        for e in sent
    }
    acks = sorted(took.values())
    opened = fake.forms_opened - opened_before
    return LoadRun(
        app="sparring-bot" if bot else "minimal Bolt app (floor)",
        rate=rate,
        envelopes=len(sent),
        submissions=submissions,
        p50_ms=percentile(acks, 0.5),
        p99_ms=percentile(acks, 0.99),
        command_p99_ms=percentile(sorted(t for e, t in took.items() if e not in submitted), 0.99),
        submission_p99_ms=percentile(sorted(t for e, t in took.items() if e in submitted), 0.99),
        late=sum(ack > LATE_ACK * 1000 for ack in acks),
        commands=commands,
        forms_missing=max(0, commands - opened),
        cpu_ms=cpu / len(sent) * 1000,
        rss_mib=app.rss_mib(),
    )


def _settle(fake: TimedFakeSlack, quiet: float = 1.0, limit: float = 30) -> None:
    """Wait until the app has made no Slack call for `quiet` seconds (its work is done)."""
    deadline = time.monotonic() + limit
    count, since = len(fake.calls), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now_count = len(fake.calls)
        if now_count != count:
            count, since = now_count, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def measure(*, rates: Sequence[int], seconds: float, latency: float) -> list[LoadRun]:
    """Both apps side by side; for each rate, each app in turn."""
    bot_fake, floor_fake = new_fake(latency), new_fake(latency)
    runs: list[LoadRun] = []
    try:
        with (
            tempfile.TemporaryDirectory(prefix="bench-bot-") as bot_dir,
            tempfile.TemporaryDirectory(prefix="bench-floor-") as floor_dir,
            running(True, bot_fake, Path(bot_dir)) as bot,
            running(False, floor_fake, Path(floor_dir)) as floor,
        ):
            for number, rate in enumerate(rates):
                order = [(True, bot_fake, bot), (False, floor_fake, floor)]
                if number % 2:
                    order.reverse()
                for is_bot, fake, app in order:
                    # A few untimed commands first: caches and connections warm.
                    drive(fake, app, bot=is_bot, rate=10, seconds=1)
                    runs.append(drive(fake, app, bot=is_bot, rate=rate, seconds=seconds))
                    print(runs[-1], flush=True)
    finally:
        bot_fake.stop()
        floor_fake.stop()
    return runs


def report(runs: Sequence[LoadRun], *, seconds: float, latency: float) -> str:
    """The Markdown section: conditions, table, ratios and verdict."""
    lines = [
        f"{measured_on()}.",
        "",
        f"{seconds:g} s per app and rate, every tenth envelope a submission, "
        f"{latency * 1000:.0f} ms added to every Slack call; both apps running side by side.",
        "",
        *table(
            (
                "rate /s",
                "app",
                "envelopes",
                "ack p50 ms",
                "ack p99 ms",
                "p99 commands",
                "p99 submissions",
                "acks over 3 s",
                "forms not opened",
                "CPU ms / envelope",
                "RSS MiB after",
            ),
            [
                (
                    r.rate,
                    r.app,
                    r.envelopes,
                    f"{r.p50_ms:.1f}",
                    f"{r.p99_ms:.1f}",
                    f"{r.command_p99_ms:.1f}",
                    f"{r.submission_p99_ms:.1f}",
                    r.late,
                    f"{r.forms_missing} of {r.commands}",
                    f"{r.cpu_ms:.2f}",
                    f"{r.rss_mib:.0f}",
                )
                for r in runs
            ],
        ),
        "",
    ]
    for rate, bot, floor in by_rate(runs):
        ratio, met = acks_met(bot.p99_ms, floor.p99_ms, bot.late)
        lines.append(
            f"At {rate}/s: ack p99 {ratio:.2f}x the floor, {bot.late} over 3 s, CPU "
            f"{bot.cpu_ms / floor.cpu_ms:.1f}x per envelope. Target p99 within {ACK_RATIO}x "
            f"and none over 3 s: **{'met' if met else 'NOT met'}**."
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Load both apps, print the figures and record them in bench/RESULTS.md."""
    parser = bench_parser("load", __doc__)
    add_rates(parser, seconds=10)
    add_network(parser)
    args = parser.parse_args(argv)
    runs = measure(rates=args.rates, seconds=args.seconds, latency=args.latency)
    section = report(runs, seconds=args.seconds, latency=args.latency)
    publish("load", HEADING, section, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
