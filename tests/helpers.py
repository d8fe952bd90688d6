"""Shared scene set-up for the tests (plain functions and constants; fixtures live in conftest)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.playground.slack import FakeSlack
from bot.requests.choices import Route
from bot.requests.form import RequestForm
from bot.requests.service import create_request
from bot.slack.ids import Action
from models import PairingRound, RoundMember, SparringRequest
from tests.conftest import request_form

# Short names of the fixtures' types, so that a test's signature reads at a glance.
Message = dict[str, Any]
Sessions = sessionmaker[Session]

# The request form filled in as Mette (U1) asks Jonas (U2) about a case.
CASE_REQUEST = {
    Action.CHILD: "Dreng, 9 år, stort skolefravær.",
    Action.QUESTION: "Har du erfaring med skolefravær?",
    Action.HELP_KIND: "experience",
    Action.FORM: "written",
    Action.FEEDBACK: "recognition",
    Action.COLLEAGUE: "U2",
}

# The request form filled in as Mette (U1) asks Jonas (U2) a quick question.
QUICK_REQUEST = {
    Action.KIND: "quick",
    Action.QUESTION: "Hvordan taler jeg med en 6-årig?",
    Action.HELP_KIND: "experience",
    Action.FORM: "written",
    Action.FEEDBACK: "recognition",
    Action.COLLEAGUE: "U2",
}


def store_request(
    session: Session, form: RequestForm, *, recipients: list[str], view_id: str = "V1"
) -> SparringRequest | None:
    """Mette's (U1) request with `form`, submitted in channel C1 in Danish, for `recipients`;
    None when `view_id` was submitted before."""
    return create_request(
        session,
        form=form,
        requester_id="U1",
        recipient_ids=recipients,
        language="da",
        view_id=view_id,
        origin_channel_id="C1",
    )


def store_team_request(session_factory: sessionmaker[Session], team_id: int) -> int:
    """Mette's (U1) request to the whole team, stored and not yet posted; its id."""
    form = request_form(team_id=team_id, route=Route.TEAM, colleague_id=None)
    with session_factory.begin() as session:
        request = store_request(session, form, recipients=[])
        assert request is not None
        return request.id


def bot_joined(fake: FakeSlack, channel: str = "C1", inviter: str = "U1") -> Message:
    """Mette (U1) invites the bot into the team channel: the fake makes the bot a member, and
    this is the `member_joined_channel` event Slack then sends."""
    fake.add_member(channel, fake.bot_user_id)
    return {
        "type": "member_joined_channel",
        "user": fake.bot_user_id,
        "channel": channel,
        "channel_type": "C",
        "team": fake.team_id,
        "inviter": inviter,
    }


def week_round(
    team_id: int, monday: date, *groups: Sequence[str], circle_offset: int | None = None
) -> PairingRound:
    """The team's first buddy round, for the week from `monday`, with these groups (not added
    to a session)."""
    return PairingRound(
        team_id=team_id,
        period_start=monday,
        period_end=monday + timedelta(days=6),
        number=1,
        circle_offset=circle_offset,
        members=[
            RoundMember(group_no=number, user_id=user)
            for number, group in enumerate(groups)
            for user in group
        ],
    )


def slack_refuses_updates(*, retry_after: int) -> pytest.MarkDecorator:
    """Parametrize `fault` with chat.update answers that outlast the client's own retries (two
    after a 5xx, three after a 429), so the listener's own attempt fails for good."""
    return pytest.mark.parametrize(
        "fault",
        [
            {"status": 500, "error": "internal_error", "times": 3},
            {"status": 429, "retry_after": retry_after, "times": 4},
        ],
        ids=["500x3", "429x4"],
    )
