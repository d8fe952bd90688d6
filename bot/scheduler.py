"""Time-driven work. Each process has its own in-memory scheduler that only triggers the one
due-work entry point; the database decides who acts, so no job store is ever shared between
processes."""

from __future__ import annotations

import logging
from datetime import datetime

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from slack_sdk import WebClient
from sqlalchemy.orm import Session, sessionmaker

from bot.core.settings import Settings
from bot.due import run_due_work
from models import utcnow

log = logging.getLogger(__name__)


def create_scheduler(
    settings: Settings, *, client: WebClient, session_factory: sessionmaker[Session]
) -> BackgroundScheduler:
    """A scheduler that runs every due check four times a minute, not yet started."""
    scheduler = BackgroundScheduler(timezone=settings.tz)

    def due_work() -> None:
        report = run_due_work(
            now=utcnow(), client=client, session_factory=session_factory, settings=settings
        )
        lines = report.lines()
        for line in lines:
            log.info("due: %s", line)
        # Every run, also an idle one: shows an operator (and the replica test) that it runs.
        log.debug("due: checked, %d thing(s) done", len(lines))

    # It runs once at start too, so a bot that was down catches up (within the week, for
    # announcements). A missed or skipped run does not matter: the next one sees the same state.
    scheduler.add_job(
        due_work,
        # Every 15 s: a crashed replica's claimed post or a refused message update is taken
        # over within the claims' 30-second lease plus one run.
        CronTrigger(second="0,15,30,45", timezone=settings.tz),
        id="due_work",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=10,
        next_run_time=datetime.now(settings.tz),
    )
    return scheduler
