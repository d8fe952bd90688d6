"""What the page shows one person: their conversations, messages with blocks and threads, what
only they see, their open modal, their App Home, and the playground clock."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.playground import demo
from bot.playground.clock import Clock
from bot.playground.slack import FakeSlack

WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
KIND_ORDER = {"channel": 0, "group": 0, "mpim": 1, "im": 2}


def danish_time(at: datetime) -> str:
    """E.g. "mandag 7.12.2026 kl. 09.00" (in the playground's time zone)."""
    return f"{WEEKDAYS[at.weekday()]} {at.day}.{at.month}.{at.year} kl. {at:%H.%M}"


def people(fake: FakeSlack) -> list[dict[str, Any]]:
    """The colleagues one can act as, the lead marked."""
    return [
        {"id": person.user_id, "name": person.real_name, "lead": person.lead}
        for person in demo.PEOPLE
    ]


def conversation_name(conversation: dict[str, Any], me: str, names: dict[str, str]) -> str:
    """A sidebar label: `#channel`, the other people of a group conversation, or the app."""
    if conversation["kind"] in ("channel", "group"):
        return conversation["name"]
    if conversation["kind"] == "im":
        return "Sparring"
    others = [names.get(m, m) for m in conversation["members"] if m not in (me, "UBOT")]
    bot = names.get("UBOT", "Sparring")
    return ", ".join([*others, bot])


def user_state(fake: FakeSlack, clock: Clock, user_id: str) -> dict[str, Any]:
    """Everything the page needs to draw the workspace as `user_id` sees it."""
    names = fake.user_names()
    names[fake.bot_user_id] = "Sparring"
    conversations = sorted(
        fake.conversations_of(user_id),
        key=lambda c: (KIND_ORDER.get(c["kind"], 3), c["name"]),
    )
    visible = {c["id"] for c in conversations}
    messages: dict[str, list[dict[str, Any]]] = {cid: [] for cid in visible}
    for message in fake.messages(include_users=True):
        if message["channel"] in visible:
            messages[message["channel"]].append(_message(message))
    for ephemeral in fake.ephemerals(user=user_id):
        if ephemeral["channel"] in visible:
            messages[ephemeral["channel"]].append(_message(ephemeral, ephemeral=True))
    for listed in messages.values():
        listed.sort(key=lambda m: float(m["ts"]))
    stack = fake.modal_stack(user_id)
    modal = fake.view(stack[-1]) if stack else None
    return {
        "me": user_id,
        "people": people(fake),
        "names": names,
        "bot": fake.bot_user_id,
        "conversations": [
            {
                "id": c["id"],
                "kind": c["kind"],
                "name": conversation_name(c, user_id, names),
            }
            for c in conversations
        ],
        "messages": messages,
        "modal": modal,
        "home": fake.home_view(user_id),
        "clock": {
            "now": clock.now.isoformat(timespec="minutes"),
            "label": danish_time(clock.now),
            "jumps": [
                {
                    "key": j.key,
                    "label": j.label,
                    "at_label": danish_time(j.at) if j.at else "",
                    "disabled": j.at is None,
                    "hint": j.hint,
                }
                for j in clock.jumps()
            ],
            "report": clock.last_report,
        },
    }


def _message(message: dict[str, Any], *, ephemeral: bool = False) -> dict[str, Any]:
    thread_ts = message.get("thread_ts")
    return {
        "channel": message["channel"],
        "ts": message["ts"],
        "thread_ts": thread_ts if thread_ts and thread_ts != message["ts"] else None,
        "user": message.get("user"),
        "text": message.get("text") or "",
        "blocks": message.get("blocks") or [],
        "ephemeral": ephemeral,
    }
