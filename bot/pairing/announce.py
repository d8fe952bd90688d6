"""The due-check that APScheduler triggers and `sparring-bot rotate` runs: plan each team's
round once, post its announcements once, stop teams whose channel is gone."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.pairing.service import Planned, plan_due, stop_team
from bot.slack import outbox
from bot.slack.installations import Clients
from models import Team

log = logging.getLogger(__name__)


def run_due(
    *,
    client: WebClient | Clients | None,
    session_factory: sessionmaker[Session],
    now: datetime,
    channel_id: str | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> list[Planned]:
    """Plan and post what is due at `now` for every pairing team (or one); a dry run changes
    nothing."""
    reports: list[Planned] = []
    with session_factory() as session:
        query = select(Team.id).where(Team.active, Team.pairing_enabled)
        if channel_id is not None:
            query = query.where(Team.channel_id == channel_id)
        team_ids = list(session.scalars(query.order_by(Team.id)))
    for team_id in team_ids:
        with session_factory() as session:
            team = session.get(Team, team_id)
            assert team is not None
            report = plan_due(session, team=team, now=now, force=force)
            if dry_run:
                session.rollback()
            else:
                session.commit()
        if report is not None:
            reports.append(report)
    if dry_run or client is None:
        return reports
    by_team = {report.team_id: report for report in reports}
    for failed in outbox.send_pending(client=client, session_factory=session_factory):
        if failed.team_id in by_team:
            by_team[failed.team_id].failed.append(f"{failed.key} ({failed.last_error})")
        if (
            failed.team_id is not None
            and failed.channel_id is not None
            and failed.abandoned_at is not None
            and failed.last_error in outbox.CHANNEL_GONE
        ):
            with session_factory.begin() as session:
                if stop_team(session, team_id=failed.team_id, now=now):
                    log.warning("team %s stopped: its channel is gone", failed.team_id)
            # The lead's notice was queued above; post it now rather than at the next tick.
            outbox.send_pending(client=client, session_factory=session_factory)
    return reports


def describe_round(report: Planned, *, dry_run: bool) -> list[str]:
    """Lines an operator can read about one team's round: ids and keys, never case text."""
    period = f"{report.period.start:%d.%m.%Y}–{report.period.end:%d.%m.%Y}"
    lines = [f"{report.team} ({report.channel_id}), period {period}, week {report.week:%d.%m.%Y}"]
    if report.skipped:
        lines.append(f"  skipped: {report.skipped}")
    state = "new round" if report.new_round else "current round"
    lines.append(f"  {state}: " + ("; ".join(" + ".join(g) for g in report.groups) or "no groups"))
    verb = "would post" if dry_run else "queued"
    lines.append(f"  {verb}: " + (", ".join(report.queued) or "nothing (already done)"))
    if report.failed:
        lines.append("  not posted: " + ", ".join(report.failed))
    return lines
