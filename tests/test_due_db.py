"""The one entry point for time-driven work, against a real database and the fake Slack:
every check runs as at the given time, a dry run writes and posts nothing, twice is once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import Refused, due_time
from bot.core.settings import Settings
from bot.due import run_due_work
from bot.playground.slack import FakeSlack
from bot.requests.choices import Route
from bot.requests.service import close_request
from bot.slack.client import make_web_client
from models import Base, ProcessedEvent, RequestRecipient, SparringRequest
from tests.test_lifecycle_db import expert_team, new_request

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY = datetime(2026, 12, 7, 9, 5, tzinfo=CPH)
FRIDAY_BEFORE = datetime(2026, 12, 4, 8, 0, tzinfo=CPH)
QUESTION = "børnesamtale"  # a word of the case text in new_request


def settings_for(fake: FakeSlack) -> Settings:
    return Settings(slack_bot_token=fake.bot_token, slack_api_url=fake.api_url, _env_file=None)  # type: ignore[call-arg]


def posted_in(fake: FakeSlack, people: list[str]) -> tuple[str, str]:
    """A group conversation and a message in it, as a delivered request has."""
    channel = fake.open_mpim(people)
    client = WebClient(token=fake.bot_token, base_url=fake.api_url)
    return channel, client.chat_postMessage(channel=channel, text="anmodning")["ts"]


def make_world(session_factory: sessionmaker[Session], fake: FakeSlack) -> tuple[int, int]:
    """A pairing team; an unanswered request sent on Friday morning (a nudge is due on Monday); a
    request closed three weeks ago (its case text is due for deletion); an old event id.
    Returns (open request id, closed request id)."""
    fake.add_member("C1", fake.bot_user_id)
    team_id, _ = expert_team(session_factory)
    waiting = new_request(
        session_factory, route=Route.COLLEAGUE, recipients=["U4"], team_id=team_id
    )
    closed = new_request(
        session_factory, route=Route.COLLEAGUE, recipients=["U4"], team_id=team_id, view_id="V2"
    )
    with session_factory.begin() as session:
        session.execute(update(RequestRecipient).values(assigned_at=FRIDAY_BEFORE))
        session.execute(update(SparringRequest).values(last_activity_at=FRIDAY_BEFORE))
        for request_id in (waiting, closed):
            channel, ts = posted_in(fake, ["U1", "U4"])
            request = session.get(SparringRequest, request_id)
            assert request is not None
            request.channel_id, request.message_ts = channel, ts
        close_request(session, request_id=closed, actor_id="U1").closed_at = MONDAY - timedelta(
            days=21
        )
        session.add(ProcessedEvent(event_id="Ev1", received_at=MONDAY - timedelta(days=8)))
    return waiting, closed


def row_counts(session_factory: sessionmaker[Session]) -> dict[str, int]:
    with session_factory() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def case_text(session_factory: sessionmaker[Session], request_id: int) -> str | None:
    with session_factory() as session:
        return session.scalar(
            select(SparringRequest.question_text).where(SparringRequest.id == request_id)
        )


def test_a_dry_run_reports_every_check_and_writes_nothing(
    session_factory: sessionmaker[Session], fake: FakeSlack
) -> None:
    waiting, closed = make_world(session_factory, fake)
    before = row_counts(session_factory)
    mark = fake.mark()
    report = run_due_work(
        now=MONDAY,
        client=None,
        session_factory=session_factory,
        settings=settings_for(fake),
        dry_run=True,
    )
    assert row_counts(session_factory) == before
    assert case_text(session_factory, closed) is not None  # retention deleted nothing
    assert fake.calls[mark:] == []
    text = "\n".join(report.lines())
    assert "boern-og-familie (C1), period 07.12.2026–13.12.2026, week 07.12.2026" in text
    assert "would post: channel announcement" in text
    assert f"reminders to queue: nudge:{waiting}:" in text
    assert f"case text to delete: {closed}" in text
    assert "handled event ids to prune: 1" in text
    assert QUESTION not in text
    assert report.ok


def test_a_real_run_acts_as_at_the_time_and_a_second_run_does_nothing(
    session_factory: sessionmaker[Session], fake: FakeSlack
) -> None:
    waiting, closed = make_world(session_factory, fake)
    settings = settings_for(fake)
    client = make_web_client(settings)
    run = {"client": client, "session_factory": session_factory, "settings": settings}
    report = run_due_work(now=MONDAY, **run)  # type: ignore[arg-type]
    assert report.ok, report.lines()
    text = "\n".join(report.lines())
    assert "queued: channel announcement, group DM 1, group DM 2" in text
    assert f"reminders queued: nudge:{waiting}:" in text
    assert f"case text deleted: {closed}" in text
    assert f"cleaned in Slack: {closed}" in text
    assert "handled event ids pruned: 1" in text
    assert QUESTION not in text
    assert case_text(session_factory, closed) is None
    assert len(fake.messages("C1")) == 1
    with session_factory() as session:
        request = session.get(SparringRequest, closed)
        assert request is not None
        assert request.content_deleted_at == MONDAY
    posted = len(fake.messages())
    before = row_counts(session_factory)

    again = run_due_work(now=MONDAY + timedelta(minutes=1), **run)  # type: ignore[arg-type]
    assert again.lines() == []
    assert len(fake.messages()) == posted
    assert row_counts(session_factory) == before


def test_an_expired_request_is_stamped_with_the_time_the_run_acts_as(
    session_factory: sessionmaker[Session], fake: FakeSlack
) -> None:
    waiting, _ = make_world(session_factory, fake)
    later = MONDAY + timedelta(days=40)
    settings = settings_for(fake)
    report = run_due_work(
        now=later,
        client=make_web_client(settings),
        session_factory=session_factory,
        settings=settings,
    )
    assert f"expired: {waiting}" in report.lines()
    with session_factory() as session:
        request = session.get(SparringRequest, waiting)
        assert request is not None
        assert (request.status, request.closed_at) == ("expired", later)


def test_without_a_client_only_a_dry_run_is_possible(
    session_factory: sessionmaker[Session], fake: FakeSlack
) -> None:
    with pytest.raises(ValueError, match="only a dry run"):
        run_due_work(
            now=MONDAY, client=None, session_factory=session_factory, settings=settings_for(fake)
        )


def test_the_time_needs_an_offset_and_a_future_time_needs_future_or_dry_run() -> None:
    tomorrow = (datetime.now(CPH) + timedelta(days=1)).isoformat(timespec="minutes")
    with pytest.raises(Refused, match="needs an offset"):
        due_time("2026-12-07T09:05", future=True, dry_run=False, tz=CPH)
    with pytest.raises(Refused, match="not an ISO 8601 time"):
        due_time("mandag", future=False, dry_run=False, tz=CPH)
    with pytest.raises(Refused, match="--future"):
        due_time(tomorrow, future=False, dry_run=False, tz=CPH)
    with pytest.raises(Refused, match="--future goes with --at"):
        due_time(None, future=True, dry_run=False, tz=CPH)
    assert due_time(tomorrow, future=True, dry_run=False, tz=CPH) > datetime.now(CPH)
    assert due_time(tomorrow, future=False, dry_run=True, tz=CPH) > datetime.now(CPH)
    past = due_time("2026-01-05T09:05+01:00", future=False, dry_run=False, tz=CPH)
    assert past == datetime(2026, 1, 5, 9, 5, tzinfo=CPH)
