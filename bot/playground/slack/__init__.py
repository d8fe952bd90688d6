"""The Slack workspace simulator (Web API + Socket Mode): for the tests and the playground.

Usage::

    with FakeSlack() as fake:                      # tokens xoxb-test / xapp-test
        fake.add_user("U1", "alice")
        # start the bot with SLACK_API_URL=fake.api_url, then:
        fake.wait_connected()
        result = fake.slash_command("U1", "start")
        view = fake.open_view_for(result.trigger_id)
        fake.submit_view("U1", view["id"], {"note": "Svær sag"})
        call = fake.wait_for("chat.postMessage", lambda p: p["channel"] == "D1")

Every user action has a payload half (``fake.slash_command_payload(...)``,
``view_submission_payload``, ``block_action_payload``, ``event_payload``) that the
websocket path and the in-process harness (``tests/inprocess.py``) share.
``fake.fail_next(method, ...)`` injects failures, also "stored, then failed" (``store=True``).
``fake.deliver_over_http(url, signing_secret)`` switches delivery from Socket Mode to signed HTTP
requests to the app's request URL (``http_delivery``), the HTTP answer being the ack.

Modules: ``server`` (FakeSlack, HTTP + websocket; with ``recording``, ``people``, ``actions``),
``http_delivery`` (signed requests for the HTTP mode), ``workspace`` (state and Web API,
with ``chat`` and ``views`` methods), ``payloads`` (what a user's action makes Slack send),
``interactions`` (view state / action entries), ``faults`` (injected failures), ``blockkit``
(Block Kit limit checks), ``models`` (Call, SlashResult, FakeClock).
"""

from .blockkit import blocks_problems, message_problems, view_problems
from .models import Call, Channel, FakeClock, SlashResult
from .server import FakeSlack
from .workspace import Workspace

__all__ = [
    "Call",
    "Channel",
    "FakeClock",
    "FakeSlack",
    "SlashResult",
    "Workspace",
    "blocks_problems",
    "message_problems",
    "view_problems",
]
