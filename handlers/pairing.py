"""The buddy pairs' buttons: "did you meet?" in a pair's conversation, *Spring næste periode
over* (there or, later, in App Home), and the private question whether to stay in the pairs.
Who pressed is checked against the database, never against the button's value."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.core.errors import NotAllowed
from bot.deps import Deps
from bot.pairing.checkin import CHECKIN_UPDATES, answer, show, stay_or_pause
from bot.pairing.checkin_blocks import ACTION_OUTCOMES
from bot.pairing.wishes import skip_text, toggle_skip
from bot.slack import payload
from bot.slack.ids import Action
from bot.slack.listeners import listener, tell_user
from bot.teams.participation import is_member
from models import Team, utcnow


def register(app: App, deps: Deps) -> None:
    """Register the buddy pairs' listeners."""
    for action in ACTION_OUTCOMES:
        app.action(action)(listener(handle_pair_met_click, deps))
    app.action(Action.SKIP_NEXT_PERIOD)(listener(handle_pair_skip_click, deps))
    app.action(Action.STAY_IN_PAIRS)(listener(handle_pair_stay_click, deps))
    app.action(Action.PAUSE_FROM_PAIRS)(listener(handle_pair_stay_click, deps))


def handle_pair_met_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """A member of the group answers "did you meet?" (again, to change it); the question
    shows the answer, now or, when Slack refuses, through the scheduled catch-up."""
    ack()
    checkin_id = payload.number(payload.action_value(body))
    channel_id, ts = payload.container(body)
    with deps.session_factory.begin() as session:
        answer(
            session,
            checkin_id=checkin_id,
            user_id=payload.user_id(body),
            outcome=ACTION_OUTCOMES[payload.action_id(body)],
            now=utcnow(),
            channel_id=channel_id,
            ts=ts,
        )
    # Slack did not take it now: the answer is saved and the scheduled catch-up shows it.
    if CHECKIN_UPDATES.due(client, deps.session_factory, checkin_id):
        tell_user(deps, client=client, body=body, key="msg.saved_pending")


def handle_pair_skip_click(
    ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, deps: Deps
) -> None:
    """A member skips the team's next period (pressed again: takes it back); told privately,
    where they pressed or, from App Home (no response_url), in their DM with the bot."""
    ack()
    user_id = payload.user_id(body)
    team_id = payload.number(payload.action_value(body))
    language = deps.users.language(user_id)
    with deps.session_factory.begin() as session:
        team = session.get(Team, team_id)
        if team is None or not is_member(session, team_id=team_id, user_id=user_id):
            raise NotAllowed(f"{user_id} not in team {team_id}", key="rules.not_member")
        today = datetime.now(ZoneInfo(team.timezone)).date()
        skipped = toggle_skip(session, team=team, user_id=user_id, today=today)
    text = skip_text(language, skipped)
    if isinstance(body.get("response_url"), str):
        respond(text=text, response_type="ephemeral", replace_original=False)
    else:
        client.chat_postMessage(channel=user_id, text=text)


def handle_pair_stay_click(ack: Ack, body: dict[str, Any], client: WebClient, deps: Deps) -> None:
    """*Bliv i makkerpar* or *Hold pause* in the private question; the question shows it, or,
    when Slack does not take that, the person is told the answer is saved all the same."""
    ack()
    channel_id, ts = payload.container(body)
    with deps.session_factory.begin() as session:
        shown = stay_or_pause(
            session,
            team_id=payload.number(payload.action_value(body)),
            user_id=payload.user_id(body),
            pausing=payload.action_id(body) == Action.PAUSE_FROM_PAIRS,
            today=deps.today(),
        )
    if not show(client, shown, channel_id=channel_id, ts=ts):
        tell_user(deps, client=client, body=body, key="checkin.saved_not_shown")
