"""An invitation is never lost to a Slack hiccup: the inviter hears it happens shortly, and the
scheduled reconcile finishes the team (with the inviter as lead) or finds a channel the bot
joined while nobody listened."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.due import DueReport, run_due_work
from bot.playground.slack import FakeSlack
from models import Team, TeamMember
from tests.helpers import bot_joined
from tests.inprocess import InProcess

# A reconcile run that also lists the bot's channels (every fifth minute, first 15 seconds).
LISTING = datetime(2026, 12, 7, 8, 5, 2, tzinfo=UTC)
NOT_LISTING = datetime(2026, 12, 7, 8, 6, 2, tzinfo=UTC)


def invited(fake: FakeSlack, inproc: InProcess) -> None:
    inproc.event(bot_joined(fake))


def hellos(fake: FakeSlack) -> list[dict]:
    return [m for m in fake.messages("C1") if "Jeg er Sparring" in m.get("text", "")]


def leads(session_factory: sessionmaker[Session]) -> list[str]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(TeamMember.user_id)
                .join(Team)
                .where(Team.channel_id == "C1", TeamMember.is_lead)
            )
        )


def due(inproc: InProcess, session_factory: sessionmaker[Session], now: datetime) -> DueReport:
    """The timed work at `now`, as the scheduler runs it for the in-process app."""
    return run_due_work(
        now=now,
        client=inproc.app.client,
        session_factory=session_factory,
        settings=inproc.deps.settings,
    )


def test_slack_failing_at_the_invitation_is_finished_by_the_reconcile(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    fake.fail_next("conversations.info", status=500, error="internal_error", times=5)

    invited(fake, inproc)

    assert not hellos(fake)
    told = [m["text"] for m in fake.messages(fake.open_im("U1"))]
    assert told == [t("team.setup_later", "da")]  # the inviter hears it, not the bot
    assert all(
        call.params.get("channel") != fake.bot_user_id for call in fake.calls_to("chat.postMessage")
    )

    report = due(inproc, session_factory, NOT_LISTING)

    assert report.teams.finished == ["C1"]
    assert len(hellos(fake)) == 1
    assert leads(session_factory) == ["U1"]  # the inviter leads, as if nothing had failed
    again = due(inproc, session_factory, NOT_LISTING)
    assert again.teams.finished == [] and len(hellos(fake)) == 1


def test_a_channel_joined_while_nobody_listened_becomes_a_team(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    fake.add_member("C1", fake.bot_user_id)  # the join event never arrived

    quiet = due(inproc, session_factory, NOT_LISTING)
    assert quiet.teams.found == [] and not hellos(fake)

    report = due(inproc, session_factory, LISTING)

    assert report.teams.found == ["C1"]
    assert len(hellos(fake)) == 1
    assert "team set up for a channel the bot is in: C1" in report.lines()
    with session_factory() as session:
        team = session.scalar(select(Team).where(Team.channel_id == "C1"))
        assert team is not None and team.name == "boern-og-familie"
        assert sorted(m.user_id for m in team.members if m.left_at is None) == ["U1", "U2", "U3"]
    again = due(inproc, session_factory, LISTING)
    assert again.teams.found == [] and len(hellos(fake)) == 1
