"""When the team meets, and how the cases share the time set aside: pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# No case gets less than this on an agenda; a case that would is moved to the next meeting.
MIN_BOX = 10
# At most this many cases on one agenda (Slack's 50 blocks per message).
MAX_CASES = 20
# Meetings are looked for this far ahead.
HORIZON_DAYS = 120


def time_boxes(count: int, minutes: int, *, minimum: int = MIN_BOX) -> list[int]:
    """Suggested minutes for the first cases in the queue so that they fit `minutes`: as many
    cases as can have `minimum` each (at most MAX_CASES), sharing the time evenly, the
    first ones getting the spare minutes. Cases beyond the list do not fit."""
    fit = min(count, minutes // minimum, MAX_CASES) if minimum > 0 else 0
    if fit <= 0:
        return []
    base, spare = divmod(minutes, fit)
    return [base + (1 if index < spare else 0) for index in range(fit)]


def parse_weekdays(text: str) -> list[int]:
    """ "1,3" → [1, 3]; anything unreadable is left out."""
    return sorted({int(part) for part in text.split(",") if part.strip() in "0123456"})


def meeting_days(
    *, weekdays: Iterable[int], cancelled: Iterable[str], start: date, days: int = HORIZON_DAYS
) -> list[date]:
    """The meeting dates from `start` on (inclusive), without cancelled ones."""
    chosen, skipped = set(weekdays), set(cancelled)
    return [
        day
        for day in (start + timedelta(days=offset) for offset in range(days))
        if day.weekday() in chosen and day.isoformat() not in skipped
    ]


def starts_at(day: date, at: time, tz: ZoneInfo) -> datetime:
    """When the meeting on `day` begins, as an aware time."""
    return datetime.combine(day, at, tzinfo=tz)


def agenda_at(day: date, at: time, tz: ZoneInfo, minutes_before: int) -> datetime:
    """When the agenda of the meeting on `day` is posted."""
    return starts_at(day, at, tz) - timedelta(minutes=minutes_before)


def queue_day(
    *,
    weekdays: Iterable[int],
    cancelled: Iterable[str],
    at: time,
    tz: ZoneInfo,
    minutes_before: int,
    now: datetime,
    after: date | None = None,
) -> date | None:
    """The meeting a case sent at `now` joins: the first whose agenda is not posted yet
    (strictly after `after`, for a case moved on from that meeting)."""
    today = now.astimezone(tz).date()
    start = max(today, after + timedelta(days=1)) if after else today
    for day in meeting_days(weekdays=weekdays, cancelled=cancelled, start=start):
        if agenda_at(day, at, tz, minutes_before) > now:
            return day
    return None
