"""`sparring-bot stats --team CHANNEL [--workspace T…] [--csv]`: a team's figures for an
operator, the same as its lead sees (counts under 5 as "<5", no case content)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from bot.core.db import make_engine, make_session_factory
from bot.core.settings import Settings
from bot.home import stats
from bot.privacy.commands import add_workspace_argument
from bot.teams.service import get_team

EXIT_OK, EXIT_FAILED, EXIT_SETTINGS = 0, 1, 2


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The stats command's arguments."""
    parser = commands.add_parser(
        "stats", help="print a team's statistics per month (no case content)"
    )
    parser.add_argument("--team", metavar="CHANNEL_ID", required=True, help="the team's channel")
    parser.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    add_workspace_argument(parser)


def print_stats(
    settings: Settings,
    *,
    channel_id: str,
    workspace: str | None,
    as_csv: bool,
    at_head: Callable[[Engine], bool],
) -> int:
    """Print the team's last 12 months; the channel is looked up in `workspace`, which must be
    named when several are installed."""
    from bot.core.workspaces import workspace_sessions
    from bot.slack.installations import WorkspaceNeeded, choose_workspace, make_clients

    engine = make_engine(settings.database_url)
    try:
        if not at_head(engine):
            return EXIT_FAILED
        factory = make_session_factory(engine)
        try:
            workspace = choose_workspace(make_clients(settings, engine), workspace)
        except WorkspaceNeeded as needed:
            print(f"sparring-bot: {needed}", file=sys.stderr)
            return EXIT_SETTINGS
        if workspace is not None and settings.oauth:
            factory = workspace_sessions(factory, workspace)
        with factory() as session:
            team = get_team(session, channel_id=channel_id)
            if team is None:
                print(f"sparring-bot: no team in channel {channel_id}", file=sys.stderr)
                return EXIT_FAILED
            today = datetime.now(settings.tz).date()
            months = stats.team_figures(
                session, team=team, today=today, language=settings.default_language
            )
    finally:
        engine.dispose()
    if as_csv:
        sys.stdout.write(stats.as_csv(months))
        return EXIT_OK
    rows = [list(stats.HEADER), *stats.table(months)]
    # A column per figure, one line per month: wide, but what an operator greps.
    widths = [max(len(row[i]) for row in rows) for i in range(len(stats.HEADER) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]).rstrip())
    return EXIT_OK
