"""Thin Bolt listeners, one module per surface, each with `register(app, deps)`."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import Deps
from handlers import (
    actions,
    commands,
    errors,
    events,
    expert_modals,
    home,
    request_modals,
    views,
)


def register_all(app: App, deps: Deps) -> None:
    """Register every listener and the central error handler."""
    for module in (commands, views, request_modals, expert_modals, actions, events, home, errors):
        module.register(app, deps)
