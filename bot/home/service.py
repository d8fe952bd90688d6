"""Publishing a person's App Home."""

from __future__ import annotations

from slack_sdk import WebClient

from bot.deps import Deps
from bot.home.blocks import HomeItem, build_home
from bot.pairing.blocks import buddy_lines
from bot.pairing.service import groups_of
from bot.requests.blocks import recipients_text
from bot.requests.service import open_requests_for
from models import SparringRequest


def publish_home(*, client: WebClient, deps: Deps, user_id: str) -> None:
    """Publish the person's App Home with their open requests."""
    language = deps.users.language(user_id)
    with deps.session_factory() as session:
        sent, waiting = open_requests_for(session, user_id=user_id)
        sent_items = [_home_item(deps, r, recipients_text(language, r)) for r in sent]
        waiting_items = [_home_item(deps, r, f"<@{r.requester_id}>") for r in waiting]
        found = groups_of(session, user_id=user_id, on=deps.today())
        buddies = buddy_lines(language, user_id=user_id, groups=found)
    view = build_home(language, sent=sent_items, waiting=waiting_items, buddies=buddies)
    client.views_publish(user_id=user_id, view=view)


def _home_item(deps: Deps, request: SparringRequest, people: str) -> HomeItem:
    return HomeItem(
        status=request.status,
        answered_by=request.answered_by,
        people=people,
        created=request.created_at.astimezone(deps.settings.tz).strftime("%d.%m.%Y"),
    )
