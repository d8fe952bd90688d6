"""Writing one benchmark's section of bench/RESULTS.md without touching the others, and the
command line and output every bench shares."""

from __future__ import annotations

import argparse
from pathlib import Path

RESULTS_PATH = Path(__file__).with_name("RESULTS.md")


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


def publish(name: str, heading: str, section: str, *, write: bool) -> None:
    """Print a bench's figures and, unless told not to, record them in bench/RESULTS.md."""
    print(section)
    if write:
        write_section(name, heading, section)
        print(f"\nWritten to {RESULTS_PATH}")
