"""One entry point for time-driven work: every scheduled check runs here, as at a given `now`.

APScheduler calls `run_due_work` every minute with the current time; `sparring-bot due --at`
calls it with any time, to catch up after an outage, to preview a day with a dry run, or to
move time in end-to-end tests. Exactly-once comes from the database (claimed rounds, outbox
keys, conditional updates), not from who calls, so it is safe beside a running bot.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.orm import Session, sessionmaker

from bot.core.settings import Settings
from bot.deps import Deps
from bot.home.refresh import publish_due_homes
from bot.meetings.agenda import MeetingRun, run_meetings
from bot.pairing.announce import describe_round, run_due
from bot.pairing.checkin import CHECKIN_UPDATES, CheckinRun, run_checkins
from bot.pairing.service import Planned
from bot.requests.reminders import ReminderRun, remind, run_reminders
from bot.requests.render import REQUEST_UPDATES
from bot.requests.retention import Purged, due_for_clearing, purge
from bot.rules.service import remind_leads
from bot.slack import outbox
from bot.slack.dedupe import prunable_events, prune_events
from bot.slack.installations import Clients, resolver
from bot.slack.users import UserDirectory
from bot.teams.reconcile import Reconciled, reconcile_teams

log = logging.getLogger(__name__)


@dataclass
class DueReport:
    """What one run did (or, in a dry run, would do); ids, counts and keys, never case text."""

    now: datetime
    dry_run: bool
    rounds: list[Planned] = field(default_factory=list)
    reminders: ReminderRun = field(default_factory=ReminderRun)
    retention: Purged = field(default_factory=Purged)
    pruned: int = 0
    teams: Reconciled = field(default_factory=Reconciled)
    # Request messages and did-you-meet questions Slack has not taken the latest state of yet
    # (retried every run).
    updates_due: int = 0
    # App Homes Slack has not taken the latest state of yet (retried every run).
    homes_due: int = 0
    meetings: MeetingRun = field(default_factory=MeetingRun)
    checkins: CheckinRun = field(default_factory=CheckinRun)
    rules_reminders: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed to reach Slack."""
        return not self.failed and not any(report.failed for report in self.rounds)

    def lines(self) -> list[str]:
        """Operator-readable lines; empty when nothing was due."""
        lines = [
            line
            for report in self.rounds
            # A paused team is news in a preview, not every minute in the log.
            if report.queued or report.failed or (report.skipped and self.dry_run)
            for line in describe_round(report, dry_run=self.dry_run)
        ]
        run, purged, meetings = self.reminders, self.retention, self.meetings
        for done, planned, items in (
            ("reminders queued", "reminders to queue", run.keys),
            ("moved on to the next expert", "to move on to the next expert", run.moved_ids),
            ("expired", "to expire", run.expired_ids),
            ("case text deleted", "case text to delete", purged.deleted),
            ("cleaned in Slack", "to clean in Slack", purged.cleaned),
            ("agenda queued", "agenda to post", meetings.agendas),
            ("meeting cases moved on", "meeting cases to move on", meetings.moved_ids),
            ("lead reminded", "lead to remind", [*meetings.reminders, *self.rules_reminders]),
            ("did-you-meet queued", "did-you-meet to ask", self.checkins.asked),
            (
                "asked whether to stay in pairs",
                "to ask whether to stay in pairs",
                self.checkins.stay,
            ),
            ("team set-up finished", "team set-up to finish", self.teams.finished),
            ("team set up for a channel the bot is in", "channel to set up", self.teams.found),
        ):
            if items:
                label = planned if self.dry_run else done
                lines.append(f"{label}: {', '.join(str(item) for item in items)}")
        if self.updates_due:
            lines.append(f"message updates still due in Slack: {self.updates_due}")
        if self.homes_due:
            lines.append(f"App Homes still due in Slack: {self.homes_due}")
        if self.pruned:
            label = "handled event ids to prune" if self.dry_run else "handled event ids pruned"
            lines.append(f"{label}: {self.pruned}")
        # A message that failed for a round may fail again when the reminders post the outbox.
        shown = {failure for report in self.rounds for failure in report.failed}
        lines += [
            f"failed: {failure}" for failure in dict.fromkeys(self.failed) if failure not in shown
        ]
        return lines


def run_due_work(
    *,
    now: datetime,
    client: WebClient | Clients | None,
    session_factory: sessionmaker[Session],
    settings: Settings,
    dry_run: bool = False,
) -> DueReport:
    """Run every scheduled check once, as at `now`: what Slack did not take yet (outbox posts,
    message updates), buddy rounds and announcements, "did you meet?", reminders and
    escalation, retention, pruning of handled events. A dry run writes and posts nothing.
    `client` is the one client, or a resolver that picks each team's workspace's client
    (bot/slack/installations.py)."""
    if client is None and not dry_run:
        raise ValueError("only a dry run can do without a Slack client")
    report = DueReport(now=now, dry_run=dry_run)
    run = _Run(
        report=report,
        client=None if dry_run else client,
        session_factory=session_factory,
        settings=settings,
    )
    for name, check in (
        ("catch-up", _catch_up),
        ("teams", _teams),
        ("buddy rounds", _rounds),
        ("did you meet", _checkins),
        ("reminders", _reminders),
        ("retention", _retention),
        ("meetings", _meetings),
        ("homes", _homes),
    ):
        _guarded(run, name, check)
    _prune(run)
    return report


@dataclass(frozen=True)
class _Run:
    """What every check is given: the report it fills in, the Slack client (None in a dry run,
    which posts nothing), the database and the settings."""

    report: DueReport
    client: WebClient | Clients | None
    session_factory: sessionmaker[Session]
    settings: Settings


def _guarded(run: _Run, name: str, check: Callable[[_Run], None]) -> None:
    """Run one check; Slack failing in one must not keep the others from running."""
    try:
        check(run)
    except (SlackApiError, SlackClientError, OSError) as error:
        reason = error.response.get("error") if isinstance(error, SlackApiError) else error
        log.warning("%s: Slack failed (%s); the next run tries again", name, reason)
        run.report.failed.append(f"{name}: Slack failed ({type(error).__name__})")


def _send_outbox(run: _Run) -> None:
    """Post what the outbox holds (nothing in a dry run); failures are reported and stay
    pending for the next run."""
    if run.client is None:
        return
    for failed in outbox.send_pending(client=run.client, session_factory=run.session_factory):
        run.report.failed.append(f"{failed.key} ({failed.last_error})")


def _catch_up(run: _Run) -> None:
    # Outbox posts (a thank-you, a pair's group DM a crashed replica had claimed) and message
    # updates Slack refused earlier: with the claims' short lease, another replica takes over a
    # crashed one's work within a minute.
    if run.client is None:
        return
    _send_outbox(run)
    run.report.updates_due = sum(
        updates.due(run.client, run.session_factory)
        for updates in (REQUEST_UPDATES, CHECKIN_UPDATES)
    )


def _teams(run: _Run) -> None:
    report, settings = run.report, run.settings
    if run.client is None:
        report.teams = reconcile_teams(
            client=None,
            session_factory=run.session_factory,
            users=None,
            timezone=settings.timezone,
            language=settings.default_language,
            now=report.now,
        )
        return
    clients = resolver(run.client)
    # Each workspace with its own token: its channels, its people.
    for workspace_id in clients.workspaces():
        speaker = clients.client_for(workspace_id)
        if speaker is None:
            continue
        done = reconcile_teams(
            client=speaker,
            session_factory=run.session_factory,
            users=UserDirectory(speaker, default_language=settings.default_language),
            timezone=settings.timezone,
            language=settings.default_language,
            now=report.now,
            workspace_id=workspace_id,
        )
        report.teams.finished += done.finished
        report.teams.found += done.found


def _rounds(run: _Run) -> None:
    report = run.report
    report.rounds = run_due(
        client=run.client,
        session_factory=run.session_factory,
        now=report.now,
        dry_run=report.dry_run,
    )


def _checkins(run: _Run) -> None:
    # "Did you meet?" near each period's end, and the private question after three periods
    # without meeting: claimed rows and outbox keys make each happen once.
    report = run.report
    report.checkins = run_checkins(
        session_factory=run.session_factory, now=report.now, dry_run=report.dry_run
    )
    _send_outbox(run)


def _reminders(run: _Run) -> None:
    report, tz = run.report, run.settings.tz
    if run.client is None:
        report.reminders = run_reminders(
            session_factory=run.session_factory, now=report.now, default_tz=tz, dry_run=True
        )
        return
    report.reminders = remind(
        client=run.client, session_factory=run.session_factory, now=report.now, default_tz=tz
    )
    report.failed += report.reminders.failed


def _retention(run: _Run) -> None:
    report = run.report
    if run.client is None:
        with run.session_factory() as session:
            due = due_for_clearing(session, now=report.now)
            report.retention = Purged(deleted=[request.id for request in due])
        return
    report.retention = purge(client=run.client, session_factory=run.session_factory, now=report.now)
    report.failed += [f"request {i} not cleaned in Slack" for i in report.retention.failed]


def _meetings(run: _Run) -> None:
    # Agendas at their time, unmarked cases moved on, and the leads' reminders (a team
    # meeting's and the two weeks without rules): queued with unique keys, then posted.
    report = run.report
    report.meetings = run_meetings(
        session_factory=run.session_factory, now=report.now, dry_run=report.dry_run
    )
    with run.session_factory() as session:
        report.rules_reminders = remind_leads(session, now=report.now)
        if report.dry_run:
            session.rollback()
        else:
            session.commit()
    _send_outbox(run)


def _homes(run: _Run) -> None:
    # Last, so the homes show what this run changed (new rounds, moved requests, reminders).
    if run.client is None:
        return
    settings = run.settings
    clients = resolver(run.client)
    # Users are looked up with each workspace's own client (bot/home/refresh.py); this one
    # serves single-token mode.
    one = clients.client_for(None) or WebClient(base_url=settings.slack_api_url)
    users = UserDirectory(one, default_language=settings.default_language)
    deps = Deps(
        settings=settings, session_factory=run.session_factory, users=users, clients=clients
    )
    run.report.homes_due = publish_due_homes(client=clients, deps=deps, now=run.report.now)


def _prune(run: _Run) -> None:
    report = run.report
    if report.dry_run:
        with run.session_factory() as session:
            report.pruned = prunable_events(session, now=report.now)
        return
    with run.session_factory.begin() as session:
        report.pruned = prune_events(session, now=report.now)
