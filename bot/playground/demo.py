"""The demo workspace: seven colleagues in the team channel børn-og-unge-nord, set up through the
same paths as in Slack (the lead invites the bot, colleagues choose expert topics in the modal)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.playground.slack import FakeSlack
from bot.slack.ids import Action, Callback

TEAM_CHANNEL = "C0NORD"
TEAM_CHANNEL_NAME = "børn-og-unge-nord"
BOT_NAME = "sparring"


@dataclass(frozen=True)
class Person:
    """A colleague in the demo team."""

    user_id: str
    name: str
    real_name: str
    expert_topics: tuple[str, ...] = ()
    lead: bool = False


PEOPLE = (
    Person("UANNA", "anna", "Anna Holm"),
    Person("UBO", "bo", "Bo Nielsen", ("Skolefravær og skolegang",)),
    Person("UCAMILLA", "camilla", "Camilla Jensen", ("Børnesamtalen og inddragelse af barnet",)),
    Person("UDORTHE", "dorthe", "Dorthe Madsen", ("Forældres misbrug",)),
    Person("UEMIL", "emil", "Emil Sørensen", ("Anbringelse og netværkspleje",)),
    Person("UFREJA", "freja", "Freja Kristensen", ("Vold i nære relationer",)),
    Person("UKAREN", "karen", "Karen Lund", lead=True),
)
LEAD = next(person for person in PEOPLE if person.lead)


def add_people(fake: FakeSlack) -> None:
    """The seven colleagues (Danish Slack locale) and their team channel, before the bot joins."""
    for person in PEOPLE:
        fake.add_user(
            person.user_id,
            person.name,
            real_name=person.real_name,
            locale="da-DK",
            is_admin=person.lead,
        )
    fake.add_channel(TEAM_CHANNEL, TEAM_CHANNEL_NAME, [person.user_id for person in PEOPLE])


def invite_bot(fake: FakeSlack, *, timeout: float = 30) -> None:
    """The lead invites the bot into the channel (it becomes a team, the lead its lead)."""
    mark = fake.mark()
    fake.add_member(TEAM_CHANNEL, fake.bot_user_id)
    fake.event(
        {
            "type": "member_joined_channel",
            "user": fake.bot_user_id,
            "channel": TEAM_CHANNEL,
            "channel_type": "C",
            "team": fake.team_id,
            "inviter": LEAD.user_id,
        }
    )
    fake.wait_for(
        "chat.postMessage", lambda p: p["channel"] == TEAM_CHANNEL, timeout=timeout, after=mark
    )


def open_filled_modal(fake: FakeSlack, user_id: str, text: str) -> dict[str, Any]:
    """Type `/sparring text` in the team channel; the modal: opened whole, or once the bot has
    filled in the small one it opened first (when its database was slow)."""
    mark = fake.mark()
    result = fake.slash_command(user_id, text, channel_id=TEAM_CHANNEL)
    opened = fake.open_view_for(result.trigger_id)
    if opened["callback_id"] == Callback.LOADING:
        fake.wait_for("views.update", lambda p: p["view_id"] == opened["id"], after=mark)
    return fake.view(opened["id"])


def option_value(view: dict[str, Any], action_id: str, label: str) -> str:
    """The value of the option labelled `label` in element `action_id` of a view."""
    for block in view["blocks"]:
        element = block.get("element") or {}
        if element.get("action_id") != action_id:
            continue
        groups = element.get("option_groups") or [{"options": element.get("options") or []}]
        for group in groups:
            for option in group["options"]:
                if option["text"]["text"] == label:
                    return str(option["value"])
    raise LookupError(f"no option {label!r} in {action_id}")


def choose_expert_topics(fake: FakeSlack, person: Person) -> None:
    """The colleague opens `/sparring ekspert` and picks her topics, as in Slack."""
    form = open_filled_modal(fake, person.user_id, "ekspert")
    values = [option_value(form, Action.EXPERT_TOPICS, topic) for topic in person.expert_topics]
    fake.submit_view(person.user_id, form["id"], {Action.EXPERT_TOPICS: values})
    fake.close_view(person.user_id, form["id"])


def seed(fake: FakeSlack, *, first_round: Callable[[], None]) -> None:
    """Set up the demo team through the bot: invitation, expert roles, this week's buddy pairs."""
    invite_bot(fake)
    for person in PEOPLE:
        if person.expert_topics:
            choose_expert_topics(fake, person)
    first_round()
