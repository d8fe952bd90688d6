"""Open requests read as the lines of a list (the App Home): metadata only, in one statement.

`open_requests_for` (service.py) loads full ORM requests with their eager loads; a list line
needs a handful of columns, and building up to 80 entities per App Home cost more CPU than all
the rest of the home. The case text is never selected here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, bindparam, literal, select, union_all
from sqlalchemy.orm import Session, aliased

from models import LIVE_STATUSES, RecipientState, RequestRecipient, SparringRequest, Topic

# As many of each list as `open_requests_for` reads.
LIST_LIMIT = 40


@dataclass(frozen=True)
class TopicNames:
    """A request's topic as a line shows it."""

    name_da: str
    name_en: str

    def name(self, language: str) -> str:
        """The topic's name in the language (as Topic.name)."""
        return self.name_en if language == "en" else self.name_da


@dataclass
class RequestLine:
    """What a list line shows of a request. Its attributes have the names and meanings of a
    SparringRequest's, so the status and recipient texts (requests/blocks.py) take either."""

    # In the order of _lines_query's columns.
    id: int
    requester_id: str
    route: str
    language: str
    status: str
    created_at: datetime
    accepted_by: str | None
    answered_by: str | None
    topic: TopicNames | None
    # (user id, state) of everyone the request has been with, in the order they got it.
    recipients: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recipient_ids(self) -> list[str]:
        """Slack ids of the people who hold the request now."""
        return [user_id for user_id, state in self.recipients if state == RecipientState.ACTIVE]

    @property
    def asked_ids(self) -> list[str]:
        """Everyone the request has been with, including those who passed it on."""
        return [user_id for user_id, _state in self.recipients]


# A line of a list: read as a RequestLine, or a whole request (it reads the same).
Listed = SparringRequest | RequestLine


def open_request_lines(
    session: Session, *, user_id: str
) -> tuple[list[RequestLine], list[RequestLine]]:
    """The lines of the open requests the person sent, and of those waiting for them, newest
    first: the same requests as `open_requests_for`."""
    found: dict[tuple[bool, int], RequestLine] = {}
    for row in session.execute(_lines_query(), {"user_id": user_id}):
        mine, request_id, *columns, name_da, name_en, holder_id, holder_state = row
        line = found.get((mine, request_id))
        if line is None:
            topic = TopicNames(name_da, name_en) if name_da is not None else None
            line = found[(mine, request_id)] = RequestLine(request_id, *columns, topic=topic)
        if holder_id is not None:
            line.recipients.append((holder_id, holder_state))
    sent = [line for (mine, _id), line in found.items() if mine]
    waiting = [line for (mine, _id), line in found.items() if not mine]
    return sent, waiting


@functools.cache
def _lines_query() -> Select[tuple[object, ...]]:
    """The statement of `open_request_lines`, built once: building it costs more than running
    it. Both lists' ids (each newest first, at most LIST_LIMIT), then one row per request and
    recipient (or one without a recipient) with the topic's names."""
    user_id = bindparam("user_id")
    live = SparringRequest.status.in_(LIVE_STATUSES)
    newest = SparringRequest.id.desc()
    sent = (
        select(SparringRequest.id, literal(True).label("sent"))
        .where(SparringRequest.requester_id == user_id, live)
        .order_by(newest)
        .limit(LIST_LIMIT)
    )
    waiting = (
        select(SparringRequest.id, literal(False).label("sent"))
        .join(RequestRecipient)
        .where(
            RequestRecipient.user_id == user_id,
            RequestRecipient.state == RecipientState.ACTIVE,
            live,
        )
        .order_by(newest)
        .limit(LIST_LIMIT)
    )
    # Wrapped in subqueries: SQLite allows no ORDER BY or LIMIT on a UNION's own members.
    listed = union_all(sent.subquery().select(), waiting.subquery().select()).subquery("listed")
    holder = aliased(RequestRecipient)
    return (
        select(
            listed.c.sent,
            SparringRequest.id,
            SparringRequest.requester_id,
            SparringRequest.route,
            SparringRequest.language,
            SparringRequest.status,
            SparringRequest.created_at,
            SparringRequest.accepted_by,
            SparringRequest.answered_by,
            Topic.name_da,
            Topic.name_en,
            holder.user_id.label("holder_id"),
            holder.state.label("holder_state"),
        )
        .select_from(listed)
        .join(SparringRequest, SparringRequest.id == listed.c.id)
        .outerjoin(Topic, Topic.id == SparringRequest.topic_id)
        .outerjoin(holder, holder.request_id == SparringRequest.id)
        .order_by(listed.c.sent.desc(), newest, holder.id)
    )
