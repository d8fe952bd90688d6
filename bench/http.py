"""HTTP mode under load: ack times against a bare Bolt app, and a rate-limited fan-out.

Run from the repository root (so `tests` is importable)::

    uv run python -m bench.http [--seconds 20] [--rates 50,100] [--teams 200] [--no-write]

**Acks.** `sparring-bot serve` (fresh SQLite database) and `bench/minimal_http_app.py` (a bare
Bolt app on the same server, waitress with the same thread counts) run side by side against one
fake Slack whose `views.publish` takes 200 ms. Both get signed `app_home_opened` events at the
same rate, interleaved half a period apart (open loop: a request is sent on time whatever the
others are doing). Bolt acks an event before its listener runs, so each request's 200 ms
(the bot: its database reads and the Home tab; the bare app: a one-block Home tab) is work after
the ack. The ack time is from sending the request to its HTTP answer; every event's
`views.publish` is counted afterwards, so work lost after the ack would show.

**Fan-out.** 200 teams of five with buddy pairs fall due at once; `sparring-bot due` announces
them (an announcement per channel and a group DM per pair or trio) while `chat.postMessage`
answers 429 with Retry-After: 1 on every 20th call. Time, and every message counted: none lost,
none twice.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from aiohttp import web

from bench.harness import simulator_unpaused
from bench.latency import percentile
from bench.results import (
    ACK_RATIO,
    LATE_ACK,
    acks_met,
    add_rates,
    bench_parser,
    by_rate,
    publish,
    table,
)
from bot.core.db import make_engine, make_session_factory, upgrade
from bot.playground.slack import FakeSlack
from bot.playground.slack.http_delivery import post_signed
from models.sealed import use_key_ring
from tests.botprocess import (
    BOT_COMMAND,
    SIGNING_SECRET,
    bot_environment,
    bot_process,
    free_port,
    wait_until_answers,
)
from tests.conftest import add_team
from tests.testkeys import TEST_KEY, ring

HEADING = (
    "## HTTP mode: acks under load and a rate-limited fan-out\n\nBy `uv run python -m bench.http`."
)
MINIMAL_APP = Path(__file__).resolve().with_name("minimal_http_app.py")
WORK_SECONDS = 0.2
THREADS = os.environ.get(
    "BENCH_THREADS", "16"
)  # server threads and listener threads, the same for both apps


class SlowPublishFakeSlack(FakeSlack):
    """The fake Slack whose `views.publish` answers after 200 ms: the work after each ack."""

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["method"] == "views.publish":
            await asyncio.sleep(WORK_SECONDS)
        return await super()._handle_api(request)


@dataclass(frozen=True)
class AckStats:
    """One app's acks at one rate."""

    app: str
    rate: int
    sent: int
    p50: float
    p99: float
    max: float
    slow: int  # over 3 s, or no 200 at all
    done: int  # views.publish calls that answered ok: the work after the ack


def fresh_fake() -> SlowPublishFakeSlack:
    fake = SlowPublishFakeSlack()
    fake.add_user("U1", "mette", locale="da-DK")
    return fake


@contextmanager
def both_apps(fake: FakeSlack, workdir: Path) -> Iterator[dict[str, str]]:
    """The bot and the bare app serving; their events URLs by name."""
    env = bot_environment(
        fake,
        f"sqlite:///{workdir / 'sparring.db'}",
        LOG_LEVEL="INFO",  # as in production: an access line per request
        SCHEDULER_ENABLED="false",
        WORKER_THREADS=THREADS,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
    )
    ports = {"sparring-bot": free_port(), "bare Bolt app": free_port()}
    bot_command = [BOT_COMMAND, "serve", "--port", str(ports["sparring-bot"])]
    # -P: the script's folder holds this module, named like the standard library's `http`.
    bare_command = [sys.executable, "-P", str(MINIMAL_APP), str(ports["bare Bolt app"])]
    with (
        bot_process(bot_command, workdir, env) as bot,
        bot_process(bare_command, workdir, env) as bare,
    ):
        for name, process in (("sparring-bot", bot), ("bare Bolt app", bare)):
            wait_until_answers(f"http://127.0.0.1:{ports[name]}/healthz", process)
        yield {name: f"http://127.0.0.1:{port}/slack/events" for name, port in ports.items()}


def home_opened(fake: FakeSlack) -> dict[str, Any]:
    return fake.event_payload({"type": "app_home_opened", "user": "U1", "tab": "home"})


def load(fake: FakeSlack, urls: dict[str, str], *, rate: int, seconds: float) -> dict[str, list]:
    """Send `rate` events a second to each app for `seconds`, interleaved; the ack times."""
    names = list(urls)
    times: dict[str, list[float]] = {name: [] for name in names}
    lock = threading.Lock()

    def send(name: str, payload: dict[str, Any]) -> None:
        started = time.perf_counter()
        try:
            answer = post_signed(urls[name], "events_api", payload, secret=SIGNING_SECRET)
            took = time.perf_counter() - started if answer.status == 200 else float("inf")
        except OSError:
            took = float("inf")
        with lock:
            times[name].append(took)

    total = int(rate * seconds)
    period = 1 / rate
    with ThreadPoolExecutor(max_workers=128) as pool:
        start = time.perf_counter() + 0.5
        for i, name in itertools.product(range(total), names):
            due = start + i * period + names.index(name) * period / len(names)
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            pool.submit(send, name, home_opened(fake))
    return times


def published(fake: FakeSlack) -> int:
    return sum(1 for call in fake.calls_to("views.publish") if call.ok)


def measure_acks(rates: Sequence[int], seconds: float) -> list[AckStats]:
    """For each rate, a fresh fake and fresh apps; acks and the work done after them."""
    results: list[AckStats] = []
    for rate in rates:
        fake = fresh_fake().start()
        try:
            with (
                tempfile.TemporaryDirectory(prefix="bench-http-") as tmp,
                both_apps(fake, Path(tmp)) as urls,
            ):
                load(fake, urls, rate=rate, seconds=1)  # warm-up, not counted
                drain_publishes(fake, expected=2 * rate)
                mark, before = fake.mark(), published(fake)
                with simulator_unpaused():
                    times = load(fake, urls, rate=rate, seconds=seconds)
                drain_publishes(fake, expected=before + 2 * int(rate * seconds))
                done = publishes_by_app(fake, mark)
                for name, values in times.items():
                    ms = sorted(v * 1000 for v in values if v != float("inf"))
                    results.append(
                        AckStats(
                            app=name,
                            rate=rate,
                            sent=len(values),
                            p50=percentile(ms, 0.5),
                            p99=percentile(ms, 0.99),
                            max=ms[-1],
                            slow=sum(1 for v in values if v > LATE_ACK),
                            done=done[name],
                        )
                    )
        finally:
            fake.stop()
    return results


def publishes_by_app(fake: FakeSlack, mark: int) -> Counter[str]:
    """The bare app publishes a Home tab with its name in it; the bot its own."""
    counts: Counter[str] = Counter()
    for call in fake.calls[mark:]:
        if call.method == "views.publish" and call.ok:
            bare = "bare Bolt app" in str(call.params.get("view"))
            counts["bare Bolt app" if bare else "sparring-bot"] += 1
    return counts


def drain_publishes(fake: FakeSlack, *, expected: int, timeout: float = 120) -> None:
    """Wait until `expected` Home tabs are published (the work after the acks is done)."""
    deadline = time.monotonic() + timeout
    while published(fake) < expected and time.monotonic() < deadline:
        time.sleep(0.1)


@dataclass(frozen=True)
class FanOut:
    """The fan-out's outcome."""

    teams: int
    seconds: float
    posts: int
    limited: int
    expected: int
    lost: int
    doubled: int


def measure_fan_out(teams: int) -> FanOut:
    """`sparring-bot due` announces `teams` rounds while every 20th post is rate limited."""
    fake = FakeSlack()
    members = [f"U{n:04d}" for n in range(5 * teams)]
    for user in members:
        fake.add_user(user, user.lower(), locale="da-DK")
    channels = [f"C{n:04d}" for n in range(teams)]
    for n, channel in enumerate(channels):
        team = members[5 * n : 5 * n + 5]
        fake.add_channel(channel, f"team-{n}", members=[*team, fake.bot_user_id])
    fake.start()
    calls = itertools.count(1)
    fake.fail_next(
        "chat.postMessage",
        status=429,
        retry_after=1,
        times=10**6,
        when=lambda _p: next(calls) % 20 == 0,
    )
    try:
        with tempfile.TemporaryDirectory(prefix="bench-fanout-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'sparring.db'}"
            engine = make_engine(url)
            upgrade(engine)
            factory = make_session_factory(engine)
            use_key_ring(ring(TEST_KEY))
            for n, channel in enumerate(channels):
                add_team(
                    factory,
                    channel_id=channel,
                    members=members[5 * n : 5 * n + 5],
                    name=f"team-{n}",
                )
            engine.dispose()
            env = bot_environment(fake, url, LOG_LEVEL="WARNING")
            started = time.perf_counter()
            result = subprocess.run(
                [BOT_COMMAND, "due"], cwd=tmp, env=env, capture_output=True, text=True, timeout=1800
            )
            seconds = time.perf_counter() - started
            if result.returncode != 0:
                raise RuntimeError(f"due failed: {result.stdout[-2000:]}{result.stderr[-2000:]}")
        posts = [call for call in fake.calls_to("chat.postMessage")]
        limited = sum(1 for call in posts if call.status == 429)
        stored = fake.messages()
        per_channel = Counter(m["channel"] for m in stored)
        announcements = [c for c in channels if per_channel[c] >= 1]
        groups = [m for m in stored if m["channel"].startswith("G")]
        expected = 3 * teams  # an announcement, a pair and a trio per team of five
        doubled = sum(n - 1 for c, n in per_channel.items() if n > 1)
        lost = (teams - len(announcements)) + max(0, 2 * teams - len(groups))
        return FanOut(teams, seconds, len(posts), limited, expected, lost, doubled)
    finally:
        fake.stop()


def report(acks: list[AckStats], fan_out: FanOut, seconds: float) -> str:
    """The Markdown section."""
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [
        f"Measured {now} on {platform.system()} {platform.machine()}, {os.cpu_count()} cores "
        f"(shared with other work), Python {platform.python_version()}, slack-bolt "
        f"{version('slack-bolt')}, waitress {version('waitress')}; {THREADS} server and "
        "listener threads each.",
        "",
        f"Signed `app_home_opened` events at each rate to each app for {seconds:.0f} s, "
        "interleaved; 200 ms of work after each ack (`views.publish` answering after 200 ms). "
        "Ack = request sent to HTTP answer. Work done = Home tabs published after the acks.",
        "",
        *table(
            ("rate /s", "app", "sent", "p50 ms", "p99 ms", "max ms", "over 3 s", "work done"),
            [
                (
                    s.rate,
                    s.app,
                    s.sent,
                    f"{s.p50:.1f}",
                    f"{s.p99:.1f}",
                    f"{s.max:.1f}",
                    s.slow,
                    s.done,
                )
                for s in acks
            ],
        ),
    ]
    verdicts = []
    for rate, bot, bare in by_rate(acks):
        ratio, met = acks_met(bot.p99, bare.p99, bot.slow)
        verdicts.append(
            f"At {rate}/s: bot p99 {ratio:.2f}x the bare app's, {bot.slow} over 3 s "
            f"(target within {ACK_RATIO}x, 0 over 3 s): **{'met' if met else 'NOT met'}**."
        )
    ok = fan_out.lost == 0 and fan_out.doubled == 0
    lines += [
        "",
        *verdicts,
        "",
        f"Fan-out: {fan_out.teams} teams of five fall due at once; `sparring-bot due` posts "
        f"{fan_out.expected} messages (an announcement, a pair and a trio each) while "
        "`chat.postMessage` answers 429 + Retry-After: 1 on every 20th call.",
        "",
        *table(
            ("teams", "time s", "postMessage calls", "of them 429", "lost", "doubled"),
            [
                (
                    fan_out.teams,
                    f"{fan_out.seconds:.1f}",
                    fan_out.posts,
                    fan_out.limited,
                    fan_out.lost,
                    fan_out.doubled,
                )
            ],
        ),
        "",
        f"0 lost and 0 doubled: **{'met' if ok else 'NOT met'}**.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print, and record in bench/RESULTS.md."""
    parser = bench_parser("http", __doc__)
    add_rates(parser, seconds=20)
    parser.add_argument("--teams", type=int, default=200, help="teams in the fan-out")
    args = parser.parse_args(argv)
    acks = measure_acks(args.rates, args.seconds)
    fan_out = measure_fan_out(args.teams)
    section = report(acks, fan_out, args.seconds)
    publish("http", HEADING, section, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
