"""A buddy round end to end in the database: 10 to 10,000 members, SQLite and PostgreSQL.

Run from the repository root::

    uv run python -m bench.rounds [--postgres URL] [--sizes 10,100,1000,10000] [--no-write]

For each size and database, a team of that many members gets five rounds (one a week) and
then a sixth; each round is `plan_due` in one transaction, as the due check runs it: the
history read, the pairing, the round and its members written, the channel announcement and one
group DM per group queued in the outbox (not posted: that is Slack's part). The sixth round's
wall time is split into the pure pairing (`plan_round`, timed on the same history) and the
rest (database work: reads, writes, commit, and building the queued messages). SQL statements
are counted with SQLAlchemy's `before_cursor_execute` event. PostgreSQL runs in a database of
its own, created for the run and dropped after (`--postgres` names the server; default the
test server). Writes its section of bench/RESULTS.md.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event, insert

from bench.results import bench_parser, measured_on, publish, table, whole_numbers
from bot.core.db import make_engine, make_session_factory, upgrade
from bot.pairing import service
from bot.pairing.rotation import plan_round
from bot.teams.service import register_team
from models import Team, TeamMember, utcnow
from models.sealed import use_key_ring
from tests.conftest import server_database
from tests.testkeys import ring

HEADING = "## Rounds in the database\n\nBy `uv run python -m bench.rounds`."
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SIZES = (10, 100, 1_000, 10_000)
MONDAY_NINE = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # 09:00 in Copenhagen
HISTORY = 5
TARGET_SECONDS = 2.0


@dataclass(frozen=True)
class RoundCost:
    """The sixth round of one team."""

    database: str
    members: int
    total_ms: float
    pairing_ms: float
    statements: int
    queued: int

    @property
    def database_ms(self) -> float:
        """Everything but the pure pairing."""
        return self.total_ms - self.pairing_ms


def team_of(engine: Engine, size: int) -> int:
    """A team of `size` members (written in bulk: setting up is not what is measured)."""
    with make_session_factory(engine).begin() as session:
        team, _ = register_team(
            session,
            channel_id=f"C{size}",
            workspace_id="T0001",
            name=f"team-{size}",
            created_by="U00000",
            timezone="Europe/Copenhagen",
            language="da",
        )
        session.flush()
        now = utcnow() - timedelta(days=365)
        rows = [{"team_id": team.id, "user_id": f"U{n:05d}", "joined_at": now} for n in range(size)]
        session.execute(insert(TeamMember), rows)
        return team.id


def one_round(engine: Engine, team_id: int, at: datetime) -> tuple[float, int, int]:
    """Seconds, statements and queued messages of one due round."""
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        start = time.perf_counter()
        with make_session_factory(engine).begin() as session:
            team = session.get(Team, team_id)
            assert team is not None
            report = service.plan_due(session, team=team, now=at)
        took = time.perf_counter() - start
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert report is not None and report.new_round
    return took, statements, len(report.queued)


def pairing_seconds(engine: Engine, team_id: int, at: datetime) -> float:
    """The pure pairing of the round after `at`'s, on the history as stored now."""
    with make_session_factory(engine)() as session:
        history = service.load_history(session, team_id=team_id)
        team = session.get(Team, team_id)
        assert team is not None
        members = service.participants(team, on=at.date())
    start = time.perf_counter()
    plan_round(members, history, number=HISTORY + 1)
    return time.perf_counter() - start


def measure(database: str, url: str, sizes: Sequence[int]) -> list[RoundCost]:
    """The sixth round at each size on one database."""
    engine = make_engine(url)
    upgrade(engine)
    costs = []
    try:
        for size in sizes:
            team_id = team_of(engine, size)
            for week in range(HISTORY):
                one_round(engine, team_id, MONDAY_NINE + timedelta(weeks=week))
            at = MONDAY_NINE + timedelta(weeks=HISTORY)
            pairing = pairing_seconds(engine, team_id, at)
            took, statements, queued = one_round(engine, team_id, at)
            costs.append(RoundCost(database, size, took * 1000, pairing * 1000, statements, queued))
            print(costs[-1], flush=True)
    finally:
        engine.dispose()
    return costs


def report(costs: Sequence[RoundCost]) -> str:
    """The Markdown section."""
    lines = [
        f"{measured_on()}; PostgreSQL on the same machine.",
        "",
        f"The round after {HISTORY} rounds of history, in one transaction as the due check "
        "runs it (history read, pairing, round and members written, announcement and group "
        "DMs queued, commit); pairing = `plan_round` alone; database = the rest.",
        "",
        *table(
            (
                "database",
                "members",
                "round ms",
                "pairing ms",
                "database ms",
                "statements",
                "queued",
            ),
            [
                (
                    c.database,
                    f"{c.members:,}",
                    f"{c.total_ms:.0f}",
                    f"{c.pairing_ms:.0f}",
                    f"{c.database_ms:.0f}",
                    c.statements,
                    f"{c.queued:,}",
                )
                for c in costs
            ],
        ),
    ]
    largest = [c for c in costs if c.database == "PostgreSQL" and c.members >= 10_000]
    if largest:
        worst = max(c.database_ms for c in largest)
        verdict = "met" if worst <= TARGET_SECONDS * 1000 else "NOT met"
        lines += [
            "",
            f"10,000 members on PostgreSQL: {worst / 1000:.2f} s of database work; target "
            f"within {TARGET_SECONDS:g} s: **{verdict}**.",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure, print and record."""
    parser = bench_parser("rounds", __doc__)
    parser.add_argument("--postgres", default=POSTGRES, help="server URL ('' to skip)")
    parser.add_argument("--sizes", type=whole_numbers, default=",".join(map(str, SIZES)))
    args = parser.parse_args(argv)
    costs: list[RoundCost] = []
    use_key_ring(ring())  # the queued messages are encrypted at rest, as in the bot
    with tempfile.TemporaryDirectory(prefix="bench-rounds-") as tmp:
        costs += measure("SQLite", f"sqlite:///{tmp}/rounds.db", args.sizes)
        if args.postgres:
            with server_database(args.postgres, f"bench_rounds_{os.getpid()}") as url:
                costs += measure("PostgreSQL", url, args.sizes)
    section = report(costs)
    publish("rounds", HEADING, section, write=not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
