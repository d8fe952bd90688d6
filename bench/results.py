"""Writing one benchmark's section of bench/RESULTS.md without touching the others, and the
command line and output every bench shares."""

from __future__ import annotations

import argparse
import os
import platform
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

RESULTS_PATH = Path(__file__).with_name("RESULTS.md")
BOT_APP = "sparring-bot"
# Slack shows the person an error when an ack takes longer (seconds).
LATE_ACK = 3.0
# The acks' target under load, on Socket Mode and on HTTP alike: p99 within this many times
# the floor's, and none late.
ACK_RATIO = 2.5


class _AtRate(Protocol):
    @property
    def app(self) -> str: ...

    @property
    def rate(self) -> int: ...


Row = TypeVar("Row", bound=_AtRate)


def write_section(name: str, heading: str, section: str, path: Path = RESULTS_PATH) -> None:
    """Replace the text between `<!-- name:start -->` and `<!-- name:end -->`, or append it."""
    start_marker, end_marker = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start_marker}\n{section}\n{end_marker}"
    start, end = text.find(start_marker), text.find(end_marker)
    if start != -1 and end > start:
        text = text[:start] + block + text[end + len(end_marker) :]
    else:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    # Written whole and renamed, so a reader never sees half a file.
    temporary = path.with_name(f"{path.name}.{name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def bench_parser(name: str, description: str | None) -> argparse.ArgumentParser:
    """The command line of `python -m bench.<name>` with --no-write; the bench adds its own."""
    parser = argparse.ArgumentParser(prog=f"python -m bench.{name}", description=description)
    parser.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    return parser


def acks_met(bot_p99: float, floor_p99: float, late: int) -> tuple[float, bool]:
    """The bot's ack p99 over the floor's, and whether the acks' target is met."""
    ratio = bot_p99 / floor_p99
    return ratio, ratio <= ACK_RATIO and late == 0


def whole_numbers(text: str) -> list[int]:
    """A command-line list of whole numbers, comma-separated: `50,100`."""
    return [int(part) for part in text.split(",")]


def add_rates(parser: argparse.ArgumentParser, *, seconds: float) -> None:
    """--seconds and --rates of a bench that drives both apps at steady rates, one after the
    other (`args.rates` a list)."""
    parser.add_argument("--seconds", type=float, default=seconds, help="per app and rate")
    parser.add_argument(
        "--rates", type=whole_numbers, default="50,100", help="a second, comma-separated"
    )


def add_network(parser: argparse.ArgumentParser) -> None:
    """--latency-ms, the delay the fake Slack adds to every Web API call, as a near network
    adds; `args.latency` holds it in seconds."""
    parser.add_argument(
        "--latency-ms",
        dest="latency",
        type=_seconds,
        default="30",
        metavar="MS",
        help="added per Slack call",
    )


def _seconds(milliseconds: str) -> float:
    return float(milliseconds) / 1000


def publish(name: str, heading: str, section: str, *, write: bool) -> None:
    """Print a bench's figures and, unless told not to, record them in bench/RESULTS.md."""
    print(section)
    if write:
        write_section(name, heading, section)
        print(f"\nWritten to {RESULTS_PATH}")


def by_rate(rows: Sequence[Row]) -> Iterator[tuple[int, Row, Row]]:
    """Each rate, lowest first, with the bot's row and the other app's (the floor) at it."""
    for rate in sorted({row.rate for row in rows}):
        bot = next(row for row in rows if row.rate == rate and row.app == BOT_APP)
        floor = next(row for row in rows if row.rate == rate and row.app != BOT_APP)
        yield rate, bot, floor


def measured_on() -> str:
    """The conditions a section opens with: when, the machine (shared: the load at the end) and
    the Python; the bench adds the rest of the sentence."""
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        load = "unknown"
    return (
        f"Measured {now} on {platform.system()} {platform.machine()}, {os.cpu_count()} cores "
        f"(shared with other work: load average {load} at the end), Python "
        f"{platform.python_version()}"
    )


def table(
    head: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    left: Collection[str] = ("app", "database"),
) -> list[str]:
    """A Markdown table's lines: the head, the columns named in `left` (text) aligned left and
    the others (figures) right, then a line per row of cells written as given."""
    align = "|".join("---" if name in left else "---:" for name in head)
    return [_cells(head), f"|{align}|", *(_cells(row) for row in rows)]


def _cells(row: Sequence[object]) -> str:
    return "| " + " | ".join(str(cell) for cell in row) + " |"
