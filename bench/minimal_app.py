"""The floor: a Bolt app that only acks `/sparring` and opens a one-field modal (and acks
that modal's submission).

Started by `bench/latency.py` as a subprocess; runs in Socket Mode until SIGTERM or SIGINT.
Reads SLACK_BOT_TOKEN, SLACK_APP_TOKEN and SLACK_API_URL from the environment.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

from slack_bolt import Ack, App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

MODAL: dict[str, Any] = {
    "type": "modal",
    "callback_id": "floor",
    "title": {"type": "plain_text", "text": "Sparring"},
    "submit": {"type": "plain_text", "text": "Send"},
    "close": {"type": "plain_text", "text": "Luk"},
    "blocks": [
        {
            "type": "input",
            "block_id": "note",
            "label": {"type": "plain_text", "text": "Note"},
            "element": {"type": "plain_text_input", "action_id": "note"},
        }
    ],
}


def create_app() -> App:
    """A Bolt app with two listeners: ack, then views.open; ack a submission."""
    client = WebClient(
        token=os.environ["SLACK_BOT_TOKEN"],
        base_url=os.environ.get("SLACK_API_URL", "https://slack.com/api/"),
    )
    # Socket Mode requests are not signed, so there is nothing to verify.
    app = App(client=client, request_verification_enabled=False)

    @app.command("/sparring")
    def open_modal(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=MODAL)

    @app.view("floor")
    def submitted(ack: Ack) -> None:
        ack()

    return app


def main() -> int:
    """Connect in Socket Mode, serve until SIGTERM/SIGINT, then close the connection."""
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING"), stream=sys.stderr)
    stop = threading.Event()

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    handler = SocketModeHandler(create_app(), app_token=os.environ["SLACK_APP_TOKEN"])
    handler.connect()
    stop.wait()
    handler.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
