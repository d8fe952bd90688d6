"""Thin Bolt listeners, one module per surface, each with `register(app, deps)`.

A listener reads its payload, acks, calls one capability in bot/ and talks to Slack; it is a
named top-level function wrapped by `bot.slack.listeners.listener`. Modules do not import
each other; only the app factory imports this package.
"""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from handlers import (
    commands,
    errors,
    events,
    home,
    installations,
    leads,
    meetings,
    pairing,
    request_buttons,
    request_form,
    request_modals,
    rules,
    team_modals,
)


def register_all(app: App, deps: Deps) -> None:
    """Register every listener and the central error handler."""
    # Bolt tries the listeners in this order on every request, before its ack (some 8 µs for
    # each that does not match): what people do most comes first — opening the App Home, the
    # team channel's messages, the slash command and its form.
    for module in (
        home,
        events,
        commands,
        request_form,
        request_buttons,
        request_modals,
        team_modals,
        rules,
        meetings,
        pairing,
        leads,
        installations,
        errors,
    ):
        module.register(app, deps)
