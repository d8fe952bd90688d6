"""In process, time moved with `run_due_work` (what `sparring-bot due --at` runs): "did you
meet?" once per group near each period's end, answers that shape the rotation, skipping the
next period, private not-with wishes, and the private question after three periods without
meeting."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.core.periods import announcement_time, period_containing, week_start
from bot.due import DueReport, run_due_work
from bot.pairing.checkin import ask_at
from bot.pairing.service import load_history
from bot.playground.slack import FakeSlack
from bot.slack.client import make_web_client
from bot.slack.ids import Action
from models import MessageUpdate, PairCheckin, PairingRound, Team, TeamMember
from tests.conftest import add_team
from tests.helpers import slack_refuses_updates
from tests.inprocess import InProcess

Sessions = sessionmaker[Session]
CPH = ZoneInfo("Europe/Copenhagen")
QUESTION = t("checkin.fallback", "da")


def shown(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks") or [], ensure_ascii=False)


def this_monday() -> date:
    """The real week's Monday: buttons are pressed on the real clock, so the simulated
    periods start in the real week (a skip is for the period after today)."""
    return week_start(datetime.now(CPH).date())


def week(n: int) -> date:
    return this_monday() + timedelta(weeks=n)


class Clock:
    """Moves the team through its weeks with `run_due_work`, as `sparring-bot due --at` does."""

    def __init__(self, inproc: InProcess, session_factory: sessionmaker[Session]) -> None:
        self.inproc, self.session_factory = inproc, session_factory

    def due(self, at: datetime) -> DueReport:
        settings = self.inproc.deps.settings
        return run_due_work(
            now=at,
            client=make_web_client(settings),
            session_factory=self.session_factory,
            settings=settings,
        )

    def round_of(self, n: int) -> DueReport:
        """Week n's announcement time (a holiday moves it, as in production)."""
        slot = announcement_time(week(n), weekday=0, at=time(9), tz=CPH, skip_holidays=True)
        return self.due(slot + timedelta(minutes=5))

    def question_time(self, n: int) -> datetime:
        """When week n's period is asked "did you meet?"."""
        with self.session_factory() as session:
            team = session.scalars(select(Team)).one()
            return ask_at(team, period_containing(week(n), team.period_weeks))

    def question_of(self, n: int) -> DueReport:
        return self.due(self.question_time(n) + timedelta(minutes=5))

    def groups(self, n: int) -> list[tuple[str, ...]]:
        with self.session_factory() as session:
            stored = session.scalars(
                select(PairingRound).where(PairingRound.period_start == week(n))
            ).one()
            return stored.groups


def questions(fake: FakeSlack) -> list[dict[str, Any]]:
    return [m for m in fake.messages() if m["text"] == QUESTION]


def question_to(fake: FakeSlack, user: str) -> dict[str, Any]:
    """The newest question in the user's group conversation."""
    return [m for m in questions(fake) if f"<@{user}>" in shown(m)][-1]


@pytest.fixture
def clock(fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]) -> Clock:
    """C1 is a team of four (U1–U4; Mette, U1, leads) with weekly pairs, the bot in it."""
    fake.add_member("C1", fake.bot_user_id)
    fake.add_member("C1", "U4")
    add_team(session_factory, members=("U1", "U2", "U3", "U4"), lead="U1")
    return Clock(inproc, session_factory)


def test_one_question_per_pair_and_a_no_lets_the_pair_meet_again(
    fake: FakeSlack, inproc: InProcess, clock: Clock, session_factory: sessionmaker[Session]
) -> None:
    clock.round_of(0)
    clock.due(clock.question_time(0) - timedelta(minutes=1))
    assert questions(fake) == []  # not before the period's last working day
    report = clock.question_of(0)
    assert any(line.startswith("did-you-meet queued") for line in report.lines())
    clock.question_of(0)  # again: nothing more
    asked = questions(fake)
    assert len(asked) == 2
    assert all(m["channel"].startswith("G") for m in asked)
    for message in asked:
        # A pair: three answers, no *Nogle af os*; the skip button comes with it.
        labels = shown(message)
        assert "Ja, vi har talt sammen" in labels and "Ikke endnu" in labels and "Nej" in labels
        assert "Nogle af os" not in labels and "Spring næste periode over" in labels
    for n in (0, 1, 2):
        if n:
            clock.round_of(n)
            clock.question_of(n)
        missed = clock.groups(n)[0]
        for group in clock.groups(n):
            message = question_to(fake, group[0])
            if n == 2 and group == missed:
                # Pressing again changes the answer; the message shows the latest.
                inproc.click(group[0], Action.MET_NOT_YET, message=message)
                inproc.click(group[1], Action.MET_NO, message=question_to(fake, group[0]))
            else:
                inproc.click(group[1], Action.MET_YES, message=message)
    assert len(questions(fake)) == 6
    updated = question_to(fake, missed[0])
    assert f"<@{missed[1]}> svarede: *Nej*" in shown(updated)
    with session_factory() as session:
        outcomes = sorted(c.outcome or "" for c in session.scalars(select(PairCheckin)))
        assert outcomes == ["no", "yes", "yes", "yes", "yes", "yes"]
        team = session.scalars(select(Team)).one()
        history = load_history(session, team_id=team.id)
    # Four people meet everyone once in three rounds: the pair that said no has not met.
    assert frozenset(missed) not in history.last_met
    # Four people have met everyone in three rounds; the pair that did not meet is offered
    # again rather than the oldest round repeated.
    clock.round_of(3)
    assert missed in clock.groups(3)


def test_a_trio_can_answer_some_of_us_and_nobody_outside_a_group_can_answer(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    clock = Clock(inproc, session_factory)
    clock.round_of(0)
    clock.question_of(0)
    trio = next(g for g in clock.groups(0) if len(g) == 3)
    pair = next(g for g in clock.groups(0) if len(g) == 2)
    message = question_to(fake, trio[0])
    assert "Nogle af os" in shown(message)
    inproc.click(trio[2], Action.MET_SOME, message=message)
    assert "svarede: *Nogle af os*" in shown(question_to(fake, trio[0]))

    # Someone outside the pair presses its button: refused privately, nothing changed.
    outsider = trio[0]
    inproc.click(outsider, Action.MET_NO, message=question_to(fake, pair[0]))
    assert t("checkin.not_yours", "da") in [e["text"] for e in fake.ephemerals(user=outsider)]
    assert "svarede" not in shown(question_to(fake, pair[0]))
    with session_factory() as session:
        answers = {c.group_no: c.outcome for c in session.scalars(select(PairCheckin))}
    assert sorted(answers.values(), key=str) == [None, "some"]


def test_a_skip_leaves_the_member_out_of_the_next_round_only(
    fake: FakeSlack, inproc: InProcess, clock: Clock
) -> None:
    clock.round_of(0)
    clock.question_of(0)
    inproc.click("U2", Action.SKIP_NEXT_PERIOD, message=question_to(fake, "U2"))
    told = fake.ephemerals(user="U2")[-1]["text"]
    assert told.startswith("Du springer makkerpar over") and "Du er med igen fra" in told
    clock.round_of(1)
    assert "U2" not in {u for g in clock.groups(1) for u in g}
    assert sorted(len(g) for g in clock.groups(1)) == [3]  # the other three, as a trio
    # The round is made: a skip now is refused and says what to do instead.
    inproc.click("U2", Action.SKIP_NEXT_PERIOD, message=question_to(fake, "U2"))
    assert "allerede lavet" in fake.ephemerals(user="U2")[-1]["text"]
    clock.round_of(2)
    assert "U2" in {u for g in clock.groups(2) for u in g}


def test_a_skip_that_leaves_one_alone_tells_them(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    fake.add_member("C1", fake.bot_user_id)
    add_team(session_factory, members=("U1", "U2"), lead="U1")
    clock = Clock(inproc, session_factory)
    clock.round_of(0)
    clock.question_of(0)
    inproc.click("U1", Action.SKIP_NEXT_PERIOD, message=question_to(fake, "U1"))
    clock.round_of(1)
    assert clock.groups(1) == []
    [note] = fake.messages(fake.open_im("U2"))
    assert note["text"] == t("skip.left_alone", "da", team="boern-og-familie", end=note_end(1))


def stay_questions(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    """The private questions whether to stay in the pairs (the lead also gets other DMs)."""
    return [m for m in fake.messages(fake.open_im(user)) if "Bliv i makkerpar" in shown(m)]


def note_end(n: int) -> str:
    friday = week(n) + timedelta(days=4)
    return f"{friday.day}.{friday.month}.{friday.year}"


def test_a_not_with_wish_shapes_the_rounds_and_stays_private(
    fake: FakeSlack, inproc: InProcess, clock: Clock
) -> None:
    inproc.command("U3", "ikke med <@U4>")  # Sara's Slack is in English
    assert fake.ephemerals(user="U3")[-1]["text"].startswith("Noted: you will not be paired")
    inproc.command("U3", "not with")
    assert "<@U4>" in fake.ephemerals(user="U3")[-1]["text"]
    for n in (0, 1, 2):
        clock.round_of(n)
        assert ("U3", "U4") not in clock.groups(n)
    # Nobody else is ever told: no message anywhere and no one else's ephemeral mentions it.
    wish_words = ("ikke sat sammen", "not be paired", "holde dig fra")
    for message in fake.messages():
        assert not any(word in message["text"] + shown(message) for word in wish_words)
    for ephemeral in fake.ephemerals():
        if ephemeral["user"] != "U3":
            assert not any(word in ephemeral["text"] for word in wish_words)
    inproc.command("U3", "ikke med fjern <@U4>")
    assert fake.ephemerals(user="U3")[-1]["text"].startswith("Removed")


def test_a_wish_a_small_team_cannot_honour_is_told_privately(
    fake: FakeSlack, inproc: InProcess, session_factory: sessionmaker[Session]
) -> None:
    fake.add_member("C1", fake.bot_user_id)
    add_team(session_factory, members=("U1", "U2", "U3"), lead="U1")
    inproc.command("U2", "ikke med <@U3>")
    clock = Clock(inproc, session_factory)
    clock.round_of(0)
    assert clock.groups(0) == [("U1", "U2", "U3")]
    [note] = fake.messages(fake.open_im("U2"))
    assert "for få i rotationen" in note["text"] and "<@U3>" in note["text"]
    assert fake.messages(fake.open_im("U3")) == []
    # Not even the lead learns of it.
    assert all("<@U3>" not in m["text"] for m in fake.messages(fake.open_im("U1")))
    clock.round_of(0)
    assert len(fake.messages(fake.open_im("U2"))) == 1  # told once


def test_three_periods_without_meeting_ask_each_member_privately_once(
    fake: FakeSlack, inproc: InProcess, clock: Clock, session_factory: sessionmaker[Session]
) -> None:
    for n in (0, 1, 2):
        clock.round_of(n)
        clock.question_of(n)
    # Nobody answered in three periods: after the third, each is asked once.
    report = clock.round_of(3)
    assert any(line.startswith("asked whether to stay") for line in report.lines())
    clock.round_of(3)
    for user in ("U1", "U2", "U3", "U4"):
        [asked] = stay_questions(fake, user)
        assert "Bliv i makkerpar" in shown(asked) and "Hold pause" in shown(asked)
    inproc.click("U2", Action.PAUSE_FROM_PAIRS, message=stay_questions(fake, "U2")[0])
    assert "Du holder pause fra makkerpar til og med" in shown(stay_questions(fake, "U2")[0])
    inproc.click("U3", Action.STAY_IN_PAIRS, message=stay_questions(fake, "U3")[0])
    assert "du bliver i makkerparrene" in shown(stay_questions(fake, "U3")[0])
    with session_factory() as session:
        members = {m.user_id: m for m in session.scalars(select(TeamMember))}
        assert members["U2"].paused and members["U2"].paused_until is not None
        assert not members["U3"].paused
    clock.round_of(4)
    assert "U2" not in {u for g in clock.groups(4) for u in g}


def test_the_skip_button_works_without_a_message_and_only_for_members(
    fake: FakeSlack, inproc: InProcess, clock: Clock, session_factory: sessionmaker[Session]
) -> None:
    with session_factory() as session:
        team_id = session.scalars(select(Team.id)).one()
    # As from App Home: a view, no response_url; the answer comes in the DM with the bot.
    pressed = fake.block_action_payload(
        "U2", Action.SKIP_NEXT_PERIOD, channel_id="D0USER", value=str(team_id)
    )
    pressed.pop("response_url", None)
    pressed["container"] = {"type": "view", "view_id": "VHOME"}
    inproc.dispatch("interactive", pressed)
    [told] = fake.messages(fake.open_im("U2"))
    assert told["text"].startswith("Du springer makkerpar over")
    # Hanne (U5) is not in the team: the team id in the button is no proof.
    inproc.click("U5", Action.SKIP_NEXT_PERIOD, channel_id="C1", value=str(team_id))
    assert fake.ephemerals(user="U5")[-1]["text"] == t("rules.not_member", "da")
    clock.round_of(1)
    members = {u for g in clock.groups(1) for u in g}
    assert "U2" not in members and "U5" not in members


def test_pairs_announced_on_the_last_working_day_are_not_asked_at_once(
    fake: FakeSlack, inproc: InProcess, clock: Clock, session_factory: sessionmaker[Session]
) -> None:
    at = clock.question_time(0) + timedelta(minutes=5)
    with session_factory.begin() as session:
        # Announced on the period's last working day (a Friday, unless a holiday moves it).
        session.scalars(select(Team)).one().announce_weekday = at.weekday()
    report = clock.due(at)
    assert report.rounds and report.rounds[0].new_round
    clock.due(at + timedelta(hours=1))
    assert questions(fake) == []


def updates_of(fake: FakeSlack, message: dict[str, Any]) -> list[dict[str, Any]]:
    """The chat.update calls Slack took for this message."""
    return [
        call.params
        for call in fake.calls_to("chat.update")
        if call.ok
        and (call.params["channel"], call.params["ts"]) == (message["channel"], message["ts"])
    ]


def still_due(session_factory: sessionmaker[Session]) -> int:
    """Messages marked to show a newer state than Slack has."""
    with session_factory() as session:
        rows = session.scalars(select(MessageUpdate)).all()
        return sum(row.shown < row.wanted for row in rows)


@pytest.fixture
def asked(clock: Clock) -> datetime:
    """Week 0's pairs have been asked "did you meet?"; the time they were asked."""
    clock.round_of(0)
    at = clock.question_time(0) + timedelta(minutes=5)
    clock.due(at)
    return at


def test_an_answer_is_shown_once_and_nothing_is_left_queued(
    fake: FakeSlack, inproc: InProcess, clock: Clock, session_factory: Sessions, asked: datetime
) -> None:
    [first, second, *_] = clock.groups(0)[0]
    question = question_to(fake, first)

    inproc.click(second, Action.MET_YES, message=question)

    [update] = updates_of(fake, question)
    assert f"<@{second}> svarede: *Ja, vi har talt sammen*" in json.dumps(
        update["blocks"], ensure_ascii=False
    )
    assert update["text"] == QUESTION
    assert fake.ephemerals(user=second) == []
    assert still_due(session_factory) == 0
    clock.due(asked + timedelta(minutes=1))  # the catch-up finds nothing to show again
    assert len(updates_of(fake, question)) == 1


@slack_refuses_updates(retry_after=0)
def test_an_answer_slack_refused_is_saved_told_and_shown_once_by_the_catch_up(
    fake: FakeSlack,
    inproc: InProcess,
    clock: Clock,
    session_factory: Sessions,
    asked: datetime,
    fault: dict[str, Any],
) -> None:
    [first, *_] = clock.groups(0)[0]
    question = question_to(fake, first)
    fake.fail_next("chat.update", **fault)

    inproc.click(first, Action.MET_YES, message=question)

    with session_factory() as session:
        assert "yes" in {c.outcome for c in session.scalars(select(PairCheckin))}
    assert fake.ephemerals(user=first)[-1]["text"] == t("msg.saved_pending", "da")
    assert "svarede" not in shown(question_to(fake, first))  # Slack did not take it
    assert updates_of(fake, question) == []
    assert still_due(session_factory) == 1

    report = clock.due(asked + timedelta(minutes=1))  # `sparring-bot due`, nobody pressing
    clock.due(asked + timedelta(minutes=2))

    assert report.updates_due == 0
    assert "svarede: *Ja, vi har talt sammen*" in shown(question_to(fake, first))
    assert len(updates_of(fake, question)) == 1
    assert still_due(session_factory) == 0


def test_an_answer_slack_rate_limits_once_is_shown_once_after_the_wait(
    fake: FakeSlack, inproc: InProcess, clock: Clock, session_factory: Sessions, asked: datetime
) -> None:
    [first, *_] = clock.groups(0)[0]
    question = question_to(fake, first)
    fake.fail_next("chat.update", status=429, retry_after=0)

    inproc.click(first, Action.MET_NO, message=question)

    [refused, taken] = [c for c in fake.calls_to("chat.update") if c.params["ts"] == question["ts"]]
    assert (refused.status, taken.ok) == (429, True)
    assert "svarede: *Nej*" in shown(question_to(fake, first))
    assert fake.ephemerals(user=first) == []
    assert still_due(session_factory) == 0
    clock.due(asked + timedelta(minutes=1))
    assert len(updates_of(fake, question)) == 1


def test_a_later_answer_wins_over_one_slack_refused(
    fake: FakeSlack, inproc: InProcess, clock: Clock, session_factory: Sessions, asked: datetime
) -> None:
    [first, second, *_] = clock.groups(0)[0]
    question = question_to(fake, first)
    fake.fail_next("chat.update", status=500, error="internal_error", times=3)
    inproc.click(first, Action.MET_YES, message=question)

    inproc.click(second, Action.MET_NOT_YET, message=question)
    clock.due(asked + timedelta(minutes=1))

    [update] = updates_of(fake, question)
    assert f"<@{second}> svarede: *Ikke endnu*" in json.dumps(update["blocks"], ensure_ascii=False)
    assert still_due(session_factory) == 0
