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
    for module in (
        commands,
        request_form,
        request_buttons,
        request_modals,
        team_modals,
        rules,
        meetings,
        pairing,
        events,
        home,
        leads,
        errors,
    ):
        module.register(app, deps)
