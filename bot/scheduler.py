"""Time-driven jobs. Each process has its own in-memory scheduler that only triggers checks;
the database decides who acts, so no job store is ever shared between processes."""

from __future__ import annotations

import logging
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.core.settings import Settings
from bot.pairing.announce import run_due
from bot.requests.reminders import remind
from bot.requests.render import show_pending
from bot.requests.retention import purge
from bot.slack import outbox
from bot.slack.dedupe import prune_events

log = logging.getLogger(__name__)


def create_scheduler(
    settings: Settings, *, client: WebClient, session_factory: sessionmaker[Session]
) -> BackgroundScheduler:
    """A scheduler with the bot's jobs, not yet started."""
    scheduler = BackgroundScheduler(timezone=settings.tz)

    def due_check() -> None:
        for report in run_due(client=client, session_factory=session_factory):
            if report.queued:
                log.info("team %s, week %s: %s", report.channel_id, report.week, report.queued)

    def reminders() -> None:
        run = remind(client=client, session_factory=session_factory, default_tz=settings.tz)
        if run.queued or run.moved or run.refreshed:
            log.info(
                "reminders: %d queued, %d moved on, %d expired",
                run.queued,
                len(run.moved),
                len(run.refreshed),
            )

    def catch_up() -> None:
        # What Slack did not take at once: outbox posts (a thank-you, a pair's group DM a
        # crashed replica had claimed) and message updates. Often, so that with the claims'
        # 30-second lease another replica takes over a crashed one's work within a minute.
        outbox.send_pending(client=client, session_factory=session_factory)
        show_pending(client=client, session_factory=session_factory)

    def retention() -> None:
        purge(client=client, session_factory=session_factory)

    def prune() -> None:
        with session_factory.begin() as session:
            removed = prune_events(session)
        log.info("pruned %d handled event ids", removed)

    # Each check runs once at start too, so a bot that was down catches up (within the week,
    # for announcements). A missed run does not matter: the next one sees the same state.
    checks = (
        (due_check, CronTrigger(second=0, timezone=settings.tz)),
        (catch_up, CronTrigger(second="10,25,40,55", timezone=settings.tz)),
        (reminders, CronTrigger(minute="*/5", second=30, timezone=settings.tz)),
        (retention, CronTrigger(minute=41, timezone=settings.tz)),
    )
    for job, trigger in checks:
        scheduler.add_job(
            job,
            trigger,
            id=job.__name__,
            coalesce=True,
            max_instances=1,
            next_run_time=datetime.now(settings.tz),
        )
    scheduler.add_job(
        prune,
        CronTrigger(hour=3, minute=17, timezone=settings.tz),
        id="prune_events",
        coalesce=True,
        misfire_grace_time=6 * 3600,
    )
    return scheduler
