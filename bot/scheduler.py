"""Time-driven jobs. Each process has its own in-memory scheduler; the database decides who acts,
so no job store is shared between processes."""

from __future__ import annotations

import logging

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.orm import Session, sessionmaker

from bot.dedupe import prune_events
from bot.settings import Settings

log = logging.getLogger(__name__)


def create_scheduler(
    settings: Settings, *, session_factory: sessionmaker[Session]
) -> BackgroundScheduler:
    """A scheduler with the bot's housekeeping jobs, not yet started."""
    scheduler = BackgroundScheduler(timezone=settings.tz)

    def prune() -> None:
        with session_factory.begin() as session:
            removed = prune_events(session)
        log.info("pruned %d handled event ids", removed)

    # Idempotent, so it does not matter if several replicas run it; misfires are caught up once.
    scheduler.add_job(
        prune,
        CronTrigger(hour=3, minute=17, timezone=settings.tz),
        id="prune_events",
        coalesce=True,
        misfire_grace_time=6 * 3600,
    )
    return scheduler
