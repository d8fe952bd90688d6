"""Calendar arithmetic for pairing periods and weekly announcements; pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    import holidays

# Periods of 2, 4, 8 or 13 weeks are counted from this Monday, so every process and every
# restart agrees on where a period starts without storing anything.
EPOCH = date(2024, 1, 1)
PERIOD_WEEKS = (1, 2, 4, 8, 13)
# Working days before a recipient is reminded of an unanswered request.
REMINDER_DAYS = (1, 2, 3, 5)
# Days after closing before a request's case content is deleted.
RETENTION_DAYS = (7, 14, 30)


@dataclass(frozen=True)
class Period:
    """A pairing period: whole weeks, Monday to Sunday."""

    start: date
    end: date


def week_start(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def period_containing(day: date, weeks: int) -> Period:
    """The pairing period of `weeks` weeks that the day falls in."""
    weeks_since_epoch = (week_start(day) - EPOCH).days // 7
    start = EPOCH + timedelta(weeks=weeks_since_epoch // weeks * weeks)
    return Period(start=start, end=start + timedelta(weeks=weeks, days=-1))


@lru_cache(maxsize=16)
def _danish_holidays(year: int) -> holidays.HolidayBase:
    # Imported when first needed: the package loads every country's calendar (~0.3 s).
    import holidays

    return holidays.Denmark(years=year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a Danish public holiday."""
    return day.weekday() < 5 and day not in _danish_holidays(day.year)


def announcement_time(
    week: date, *, weekday: int, at: time, tz: ZoneInfo, skip_holidays: bool
) -> datetime:
    """When the week's announcement is due; on a holiday it moves to the next working day."""
    day = week_start(week) + timedelta(days=weekday)
    if skip_holidays:
        while not is_working_day(day):
            day += timedelta(days=1)
    return datetime.combine(day, at, tzinfo=tz)


def due_week(
    now: datetime, *, weekday: int, at: time, tz: ZoneInfo, skip_holidays: bool
) -> date | None:
    """The Monday of the week whose announcement is due at `now`, if any.

    A week is due from its announcement time until the next week starts: a bot that was down
    at the set time catches up when it comes back within the week, never later.
    """
    week = week_start(now.astimezone(tz).date())
    slot = announcement_time(week, weekday=weekday, at=at, tz=tz, skip_holidays=skip_holidays)
    return week if now >= slot else None


def add_working_days(start: datetime, days: int, *, tz: ZoneInfo) -> datetime:
    """The same clock time `days` working days later; weekends and Danish holidays don't count.

    A start outside working days counts from the next working day's beginning, so a request
    sent on Saturday is one working day old on Tuesday morning, not on Monday.
    """
    local = start.astimezone(tz)
    day = local.date()
    if not is_working_day(day):
        while not is_working_day(day):
            day += timedelta(days=1)
        local = datetime.combine(day, time(0, 0), tzinfo=tz)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=tz)


# The working day that "time to first answer" counts (weekends and holidays count nothing).
WORKDAY_START, WORKDAY_END = time(8, 0), time(16, 0)


def working_hours_between(start: datetime, end: datetime, *, tz: ZoneInfo) -> float:
    """Hours of working time (08–16 on working days, local time) from `start` to `end`."""
    if end <= start:
        return 0.0
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    total, day = 0.0, local_start.date()
    while day <= local_end.date():
        if is_working_day(day):
            opens = datetime.combine(day, WORKDAY_START, tzinfo=tz)
            closes = datetime.combine(day, WORKDAY_END, tzinfo=tz)
            begin, finish = max(opens, local_start), min(closes, local_end)
            if finish > begin:
                total += (finish - begin).total_seconds() / 3600
        day += timedelta(days=1)
    return total
