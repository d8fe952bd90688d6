"""The playground's clock: jump to a later time and run the bot's timed checks as at then.

Timed work goes through the one entry point, `run_due_work`, exactly as the scheduler and
`sparring-bot due --at TIME --future` call it; the clock only chooses the time.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.settings import Settings
from bot.due import DueReport, run_due_work
from bot.meetings.schedule import agenda_at
from bot.meetings.service import next_day, settings_of, team_tz
from bot.pairing.service import next_announcement
from bot.playground.demo import TEAM_CHANNEL
from bot.teams.service import get_team
from models import Team


@dataclass(frozen=True)
class Jump:
    """A quick choice for the clock: where it goes and what it shows there.

    Without `at` the choice is shown disabled, with `hint` saying what would enable it.
    """

    key: str
    label: str
    at: datetime | None
    hint: str = ""


class Clock:
    """Playground time: starts now, only moves forward, runs the due work where it lands."""

    def __init__(
        self,
        *,
        settings: Settings,
        client: WebClient,
        session_factory: sessionmaker[Session],
        now: datetime,
    ) -> None:
        self.settings = settings
        self.client = client
        self.session_factory = session_factory
        self._now = now.astimezone(settings.tz)
        self._lock = threading.Lock()
        self.last_report: list[str] = []

    @property
    def now(self) -> datetime:
        """The time the playground acts as."""
        return self._now

    def jumps(self) -> list[Jump]:
        """Quick choices: the next buddy announcement and agenda, retention, tomorrow."""
        choices: list[Jump] = []
        with self.session_factory() as session:
            teams = list(session.scalars(select(Team).where(Team.active).order_by(Team.id)))
            announcements = [at for team in teams if (at := next_announcement(team, now=self._now))]
            days = max((team.retention_days for team in teams), default=14)
            agenda = self._next_agenda(session)
        if announcements:
            choices.append(Jump("announcement", "Næste makkerpar-opslag", min(announcements)))
        choices.append(agenda)
        choices.append(
            Jump("retention", f"Sletning: + {days} dage (teamets opbevaring)", self._after(days))
        )
        choices.append(Jump("day", "I morgen (påmindelser)", self._now + timedelta(days=1)))
        return choices

    def _next_agenda(self, session: Session) -> Jump:
        # A minute after the demo team's next agenda is due, so the due work posts it.
        label = "Næste teammødes dagsorden"
        team = get_team(session, channel_id=TEAM_CHANNEL)
        meeting = settings_of(session, team_id=team.id) if team is not None else None
        day = next_day(meeting, team, now=self._now) if meeting and team else None
        if meeting is None or team is None or day is None:
            hint = "Intet teammøde sat op: lederen sætter det med `/sparring teammøde`."
            return Jump("agenda", label, None, hint)
        due = agenda_at(day, meeting.start_time, team_tz(team), meeting.agenda_minutes_before)
        return Jump("agenda", label, (due + timedelta(minutes=1)).astimezone(self.settings.tz))

    def _after(self, days: int) -> datetime:
        # An hour more than the retention, so a request closed just now is surely past it.
        return self._now + timedelta(days=days, hours=1)

    def jump(self, *, to: datetime | None = None, key: str | None = None) -> DueReport:
        """Move to `to` (or a quick choice) and run the due work as at then."""
        with self._lock:
            if key is not None:
                choice = next((j for j in self.jumps() if j.key == key), None)
                if choice is None or choice.at is None:
                    raise ValueError(f"no quick choice {key}")
                target = choice.at
            elif to is not None:
                target = to if to.tzinfo else to.replace(tzinfo=self.settings.tz)
            else:
                target = self._now
            if target < self._now:
                raise ValueError("the playground clock only moves forward")
            self._now = target.astimezone(self.settings.tz)
            return self.run_due()

    def run_due(self) -> DueReport:
        """Every timed check once, as at the clock's time."""
        report = run_due_work(
            now=self._now,
            client=self.client,
            session_factory=self.session_factory,
            settings=self.settings,
        )
        self.last_report = report.lines() or ["intet at gøre"]
        return report
