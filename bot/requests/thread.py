"""What the bot posts in a request's thread for someone: an answer through *Svar*, a thank-you.

The bot posts them (rather than the person typing in the thread) so that retention can delete
them; their notification text is neutral, the words are in the blocks.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.models.blocks import SectionBlock
from sqlalchemy.orm import Session, sessionmaker

from bot.core.errors import NotAllowed
from bot.core.i18n import t
from bot.requests.form import RequestRef
from bot.requests.render import refresh_request_message
from bot.requests.service import check_pressed, get_request, record_answer, record_bot_post
from bot.slack.client import quick_client
from bot.slack.ids import Block
from bot.slack.mrkdwn import escape, join_people
from models import LIVE_STATUSES, SparringRequest


def answerable(
    session_factory: sessionmaker[Session], *, ref: RequestRef, user_id: str
) -> SparringRequest:
    """The request the reply modal is about, if this person holds it and it is still live."""
    with session_factory() as session:
        request = check_pressed(session, request_id=ref.request_id, generation=ref.generation)
    if request.status not in LIVE_STATUSES or request.message_ts is None:
        raise NotAllowed(
            f"reply to {request.id} in {request.status}",
            key="msg.already_closed",
            block=Block.ANSWER,
        )
    if user_id not in request.recipient_ids:
        raise NotAllowed(f"{user_id} does not hold {request.id}")
    return request


def post_answer(
    client: WebClient, *, request: SparringRequest, author_id: str, answer: str
) -> tuple[str, str]:
    """Post the answer in the request's thread, fast and without retries (the modal waits for
    it, within Slack's 3 seconds); returns (channel, ts). Raises Slack's errors."""
    posted = quick_client(client).chat_postMessage(
        channel=request.channel_id or "",
        thread_ts=request.message_ts,
        text=t("msg.answer_fallback", request.language, author=author_id),
        blocks=[
            SectionBlock(
                text=t("msg.answer", request.language, author=author_id, text=escape(answer))
            )
        ],
    )
    return str(posted["channel"]), str(posted["ts"])


def record_posted_answer(
    *,
    client: WebClient,
    session_factory: sessionmaker[Session],
    request_id: int,
    author_id: str,
    channel_id: str,
    ts: str,
) -> None:
    """Remember the posted answer (to delete it later) and show the request as answered."""
    with session_factory.begin() as session:
        stored = get_request(session, request_id=request_id)
        changed = record_answer(
            session, request=stored, author_id=author_id, ts=ts, posted_in=channel_id
        )
    if changed is not None:
        refresh_request_message(client=client, request=changed)


def show_closed(
    *,
    client: WebClient,
    session_factory: sessionmaker[Session],
    request: SparringRequest,
    requester_id: str,
    thanks: str | None,
) -> None:
    """After closing: show it on the message, post the thank-you to whoever helped, and remind
    the requester privately that what matters for a decision belongs in the case file
    (notatpligt)."""
    refresh_request_message(client=client, request=request)
    if request.channel_id is None:
        return
    helpers = [h for h in (request.accepted_by, request.answered_by) if h] or request.recipient_ids
    if thanks and helpers:
        said = t(
            "msg.thanks",
            request.language,
            requester=requester_id,
            helpers=join_people(request.language, list(dict.fromkeys(helpers))),
            text=escape(thanks),
        )
        posted = client.chat_postMessage(
            channel=request.channel_id,
            thread_ts=request.message_ts,
            text=t("msg.thanks_fallback", request.language, requester=requester_id),
            blocks=[SectionBlock(text=said)],
        )
        with session_factory.begin() as session:
            record_bot_post(
                session, request_id=request.id, channel_id=posted["channel"], ts=posted["ts"]
            )
    client.chat_postEphemeral(
        channel=request.channel_id,
        user=requester_id,
        thread_ts=request.message_ts,
        text=t("msg.closed_reminder", request.language),
    )
