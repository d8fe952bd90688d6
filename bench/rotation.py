"""Buddy-pair rotation (`bot.pairing.rotation`): one round's speed; repeats vs random pairing.

The pure rotation only; a round end to end in SQLite and PostgreSQL, with its statements
counted, is `bench/rounds.py`.

Run from the repository root::

    uv run python -m bench.rotation [--seeds 5] [--no-write]

Speed: for 10 to 10,001 members, five rounds of history are built (the last two with 5 % of
the members paused), then one round is timed for the same members (stable) and for a churned
team (10 % leave, the paused 5 % return, 5 % are new): median of five runs, and the peak of
memory allocated during the round by tracemalloc. Target: under 1 s at 10,000 members.

Repeats: n − 1 rounds for n = 10, 11, 50, 51, 100 and 101, with stable membership and with 10 %
of the members replaced every round (each replacement is a paused member returning or a new
one, 50/50), counting pairs that had met before (a trio is three pairs). Uniform random
pairing (what Icebreaker does; here it puts the odd person into a pair rather than dropping
them) runs on the same memberships. Figures are means over the seeds. Target: zero repeats
with stable even membership. The table is written into `bench/RESULTS.md` between the
rotation markers.
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench.results import bench_parser, publish, table
from bot.pairing.rotation import History, Round, plan_round, repeats

BENCH_DIR = Path(__file__).resolve().parent
HEADING = "## Rotation: fixed buddy pairs\n\nBy `uv run python -m bench.rotation`."
SPEED_SIZES = (10, 100, 1_000, 10_000, 10_001)
REPEAT_SIZES = (10, 11, 50, 51, 100, 101)
TARGET_SECONDS = 1.0
TIMING_RUNS = 5


@dataclass(frozen=True)
class Speed:
    """One round's cost at one team size."""

    members: int
    stable_ms: float
    churn_ms: float
    peak_mib: float
    churn_repeats: int


@dataclass(frozen=True)
class Repeats:
    """Repeated pairs over n − 1 rounds, ours and random, averaged over seeds."""

    members: int
    churn: float
    rounds: int
    ours: float
    ours_worst: int
    repeat_free: int
    random: float

    @property
    def floor(self) -> int | None:
        """Fewest repeats possible with stable membership: pair slots beyond all pairs."""
        if self.churn:
            return None
        slots = self.rounds * (self.members // 2 + (2 if self.members % 2 else 0))
        return max(0, slots - self.members * (self.members - 1) // 2)


def user_ids(count: int, prefix: str = "U") -> list[str]:
    """Slack-like user ids."""
    return [f"{prefix}{index:07d}" for index in range(count)]


def replay(rounds: int, members: Sequence[str], paused: Sequence[str]) -> History:
    """History of `rounds` rounds; `paused` sit out the last two."""
    history = History.empty()
    absent = set(paused)
    for number in range(1, rounds + 1):
        present = [member for member in members if number <= rounds - 2 or member not in absent]
        history = history.after(plan_round(present, history, number=number))
    return history


def timed(members: Sequence[str], history: History, number: int) -> tuple[float, float, Round]:
    """Median seconds of one round, peak MiB allocated during it, and the round."""
    durations = []
    for _ in range(TIMING_RUNS):
        started = time.perf_counter()
        round_ = plan_round(members, history, number=number)
        durations.append(time.perf_counter() - started)
    tracemalloc.start()
    plan_round(members, history, number=number)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(durations), peak / 2**20, round_


def measure_speed(size: int) -> Speed:
    """Time a stable and a churned round after five rounds of history."""
    rng = random.Random(size)
    members = user_ids(size)
    paused = rng.sample(members, size // 20)
    history = replay(5, members, paused)
    stable = [member for member in members if member not in set(paused)]
    stable_seconds, stable_peak, _ = timed(stable, history, 6)
    leaving = set(rng.sample(stable, size // 10))
    churned = [m for m in stable if m not in leaving] + paused + user_ids(size // 20, "N")
    churn_seconds, churn_peak, round_ = timed(churned, history, 6)
    return Speed(
        members=size,
        stable_ms=stable_seconds * 1000,
        churn_ms=churn_seconds * 1000,
        peak_mib=max(stable_peak, churn_peak),
        churn_repeats=repeats(round_, history),
    )


def memberships(size: int, rounds: int, churn: float, seed: int) -> list[list[str]]:
    """Who is present in each round when `churn` of the team is replaced every round."""
    rng = random.Random(seed)
    present = user_ids(size)
    paused: list[str] = []
    newcomers = 0
    sequence = []
    for _ in range(rounds):
        sequence.append(list(present))
        leaving = rng.sample(present, round(churn * size))
        present = [member for member in present if member not in set(leaving)]
        for _ in leaving:
            if paused and rng.random() < 0.5:
                present.append(paused.pop(rng.randrange(len(paused))))
            else:
                present.append(f"N{seed}-{newcomers}")
                newcomers += 1
        paused += leaving
    return sequence


def random_round(members: Sequence[str], number: int, rng: random.Random) -> Round:
    """Uniform random pairing; the odd one joins the last pair instead of being dropped."""
    shuffled = list(members)
    rng.shuffle(shuffled)
    groups = [shuffled[index : index + 2] for index in range(0, len(shuffled) - 1, 2)]
    if len(shuffled) % 2:
        groups[-1].append(shuffled[-1])
    return Round(number, tuple(tuple(sorted(group)) for group in groups), None)


def count_repeats(sequence: Sequence[Sequence[str]], seed: int) -> tuple[int, int, int]:
    """Repeats over the sequence (ours, uniform random's) and our rounds before a repeat."""
    ours, theirs = History.empty(), History.empty()
    rng = random.Random(seed)
    our_count = random_count = 0
    repeat_free = len(sequence)
    for number, members in enumerate(sequence, start=1):
        round_ = plan_round(members, ours, number=number)
        our_count += repeats(round_, ours)
        if our_count and repeat_free == len(sequence):
            repeat_free = number - 1
        ours = ours.after(round_)
        other = random_round(members, number, rng)
        random_count += repeats(other, theirs)
        theirs = theirs.after(other)
    return our_count, random_count, repeat_free


def measure_repeats(size: int, churn: float, seeds: int) -> Repeats:
    """Mean repeats over n − 1 rounds for `seeds` membership sequences."""
    results = [
        count_repeats(memberships(size, size - 1, churn, seed), seed) for seed in range(seeds)
    ]
    return Repeats(
        members=size,
        churn=churn,
        rounds=size - 1,
        ours=statistics.mean(ours for ours, _, _ in results),
        ours_worst=max(ours for ours, _, _ in results),
        repeat_free=min(free for _, _, free in results),
        random=statistics.mean(theirs for _, theirs, _ in results),
    )


def report(speeds: Sequence[Speed], repeat_rows: Sequence[Repeats], seeds: int) -> str:
    """The Markdown section: both tables and whether the targets were met."""
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [
        f"Measured {now} on {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}.",
        "",
        "One round after five rounds of history (the last two with 5 % paused); median of "
        f"{TIMING_RUNS} runs; churned = 10 % leave, the paused 5 % return, 5 % new; peak = "
        "memory allocated during the round (tracemalloc).",
        "",
        *table(
            ("members", "stable round ms", "churned round ms", "peak MiB", "repeats (churned)"),
            [
                (
                    f"{s.members:,}",
                    f"{s.stable_ms:.2f}",
                    f"{s.churn_ms:.2f}",
                    f"{s.peak_mib:.2f}",
                    s.churn_repeats,
                )
                for s in speeds
            ],
        ),
    ]
    lines += [
        "",
        f"Repeated pairs over n − 1 rounds (a trio counts as three pairs), mean of {seeds} "
        "seeds; churn = share of members replaced every round, half of them returning from a "
        "pause. Random = uniform random pairing on the same memberships (Icebreaker). "
        "Floor = fewest repeats possible with stable membership (n − 1 rounds of n // 2 pairs, "
        "plus 2 for the trio, minus the n(n − 1)/2 distinct pairs). Repeat-free = rounds before "
        "our first repeat (worst seed).",
        "",
        *table(
            (
                "n",
                "churn",
                "rounds",
                "ours",
                "ours worst",
                "floor",
                "repeat-free",
                "random",
                "ours / random",
            ),
            [
                (
                    r.members,
                    f"{r.churn:.0%}",
                    r.rounds,
                    f"{r.ours:g}",
                    r.ours_worst,
                    "–" if r.floor is None else r.floor,
                    r.repeat_free,
                    f"{r.random:g}",
                    f"{r.ours / r.random if r.random else 0:.3f}",
                )
                for r in repeat_rows
            ],
        ),
    ]
    slowest = max(s.stable_ms for s in speeds if s.members >= 10_000)
    slowest = max(slowest, *(s.churn_ms for s in speeds if s.members >= 10_000))
    even_stable = [r for r in repeat_rows if r.members % 2 == 0 and r.churn == 0]
    speed_met = slowest < TARGET_SECONDS * 1000
    repeats_met = all(r.ours_worst == 0 for r in even_stable)
    lines += [
        "",
        f"Slowest round at 10,000+ members: {slowest:.0f} ms; target under 1 s: "
        f"**{'met' if speed_met else 'missed'}**. Stable even membership: "
        f"{sum(r.ours_worst for r in even_stable)} repeats; target zero: "
        f"**{'met' if repeats_met else 'missed'}**.",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print the tables and record them in bench/RESULTS.md."""
    parser = bench_parser("rotation", __doc__)
    parser.add_argument("--seeds", type=int, default=5, help="membership sequences per row")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        parser.error("--seeds must be at least 1")
    speeds = [measure_speed(size) for size in SPEED_SIZES]
    repeat_rows = [
        measure_repeats(size, churn, args.seeds) for size in REPEAT_SIZES for churn in (0.0, 0.1)
    ]
    section = report(speeds, repeat_rows, args.seeds)
    publish("rotation", HEADING, section, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
