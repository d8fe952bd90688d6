"""What listeners need, passed down explicitly instead of living in globals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.core.settings import Settings
from bot.slack.users import UserDirectory


@dataclass(frozen=True)
class Deps:
    """What handlers need, passed down explicitly instead of living in globals."""

    settings: Settings
    session_factory: sessionmaker[Session]
    users: UserDirectory
    # Run after every listener, once it has acked: publishes the App Homes its change marked
    # as due (set by the app factory; bot/home/refresh.py). Called with the client and these.
    after_listener: Callable[[Any, Deps], None] | None = None

    def today(self) -> date:
        """Today's date in the bot's time zone (deadlines are dates people read there)."""
        return datetime.now(self.settings.tz).date()
