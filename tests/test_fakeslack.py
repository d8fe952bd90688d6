"""Self-test of the fake Slack workspace using the real slack_sdk / Bolt clients."""

from __future__ import annotations

import json
import queue
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from bot.playground.slack import FakeClock, FakeSlack, message_problems, view_problems


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _input(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False
) -> dict[str, Any]:
    """An input block of the test modal (`optional` shown only when true, as Slack sends it)."""
    block = {"type": "input", "block_id": block_id, "label": _plain(label), "element": element}
    return block | ({"optional": True} if optional else {})


def _choices(kind: str, action_id: str, *options: tuple[str, str]) -> dict[str, Any]:
    """An element of `kind` with (text, value) options."""
    listed = [{"text": _plain(text), "value": value} for text, value in options]
    return {"type": kind, "action_id": action_id, "options": listed}


def _modal(title: str = "Sparring", **extra: Any) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": "feedback",
        "title": _plain(title),
        "submit": _plain("Send"),
        "private_metadata": "case-42",
        "blocks": [
            _input(
                "note_block",
                "Note",
                {"type": "plain_text_input", "action_id": "note", "multiline": True},
            ),
            _input(
                "topic_block",
                "Topic",
                _choices("static_select", "topic", ("Case", "case"), ("Ethics", "ethics")),
            ),
            _input(
                "flags_block",
                "Flags",
                _choices("checkboxes", "flags", ("Urgent", "urgent"), ("Anonymous", "anon")),
                optional=True,
            ),
            _input("peer_block", "Peer", {"type": "users_select", "action_id": "peer"}),
            _input(
                "peers_block",
                "More peers",
                {"type": "multi_users_select", "action_id": "peers"},
                optional=True,
            ),
            _input(
                "date_block",
                "When",
                {"type": "datepicker", "action_id": "when", "initial_date": "2024-05-01"},
            ),
            _input(
                "where_block",
                "Where",
                {"type": "conversations_select", "action_id": "where"},
                optional=True,
            ),
            _input(
                "mode_block",
                "Mode",
                _choices("radio_buttons", "mode", ("Live", "live"), ("Async", "async")),
                optional=True,
            ),
        ],
    }
    view.update(extra)
    return view


class Bot:
    """A tiny Bolt app connected to the fake through the builtin Socket Mode client."""

    def __init__(self, fake: FakeSlack) -> None:
        self.fake = fake
        self.client = WebClient(token=fake.bot_token, base_url=fake.api_url)
        self.app = App(client=self.client)
        self.submissions: queue.Queue[dict[str, Any]] = queue.Queue()
        self.socket_messages: queue.Queue[dict[str, Any]] = queue.Queue()
        app = self.app

        @app.command("/sparring")
        def on_command(ack: Any, body: dict[str, Any], client: WebClient) -> None:
            ack()
            client.views_open(trigger_id=body["trigger_id"], view=_modal())

        @app.view("feedback")
        def on_submit(ack: Any, view: dict[str, Any]) -> None:
            values = view["state"]["values"]
            if not values["note_block"]["note"]["value"]:
                ack(response_action="errors", errors={"note_block": "Skriv en note"})
                return
            ack()
            self.submissions.put(view)

        @app.action("done")
        def on_done(ack: Any, body: dict[str, Any], respond: Any) -> None:
            ack()
            respond(replace_original=True, text=f"Done by <@{body['user']['id']}>")

        @app.message("hej")
        def on_hello(message: dict[str, Any], say: Any) -> None:
            say(text="Hej!", thread_ts=message["ts"])

        self.handler = SocketModeHandler(app, app_token=fake.app_token)
        self.handler.client.message_listeners.append(
            lambda _client, message, _raw: self.socket_messages.put(message)
        )

    def close(self) -> None:
        """Disconnect before the fake stops, so the client does not try to reconnect.

        Takes up to 3 s: the builtin client's blocking recv() has a 3 s timeout. Closing
        from the server side instead would race two disconnect() calls inside slack_sdk.
        """
        self.handler.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def fake(clock: FakeClock) -> Iterator[FakeSlack]:
    with FakeSlack(clock=clock) as fake:
        fake.add_user("U1", "alice")
        fake.add_user("U2", "bob", locale="en-US")
        yield fake


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.api_url)


@pytest.fixture
def bot(fake: FakeSlack) -> Iterator[Bot]:
    bot = Bot(fake)
    bot.handler.connect()
    fake.wait_connected(timeout=15)
    try:
        yield bot
    finally:
        bot.close()


def test_socket_mode_connects_and_says_hello(fake: FakeSlack, bot: Bot) -> None:
    hello = bot.socket_messages.get(timeout=5)
    assert hello["type"] == "hello"
    assert hello["connection_info"]["app_id"] == "A0001"
    open_calls = fake.calls_to("apps.connections.open")
    assert [c.token for c in open_calls] == ["xapp-test"]
    assert fake.connection_count == 1


def test_client_reconnects_on_disconnect_message(fake: FakeSlack, bot: Bot) -> None:
    fake.request_reconnect()
    fake.wait_connected(timeout=15, total=2)
    assert len(fake.calls_to("apps.connections.open")) == 2
    result = fake.slash_command("U1")
    assert fake.open_view_for(result.trigger_id)["callback_id"] == "feedback"


def test_tokens_are_checked(fake: FakeSlack, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as wrong_bot:
        WebClient(token="xoxb-other", base_url=fake.api_url).auth_test()
    assert wrong_bot.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as bot_for_app:
        client.apps_connections_open(app_token=fake.bot_token)
    assert bot_for_app.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as unknown:
        client.api_call("nope.nothing")
    assert unknown.value.response["error"] == "unknown_method"
    assert [c.method for c in fake.calls] == ["auth.test", "apps.connections.open", "nope.nothing"]


def test_slash_command_opens_modal_and_trigger_is_single_use(
    fake: FakeSlack, bot: Bot, client: WebClient
) -> None:
    result = fake.slash_command("U1", "start")
    assert result.ack is None
    view = fake.open_view_for(result.trigger_id)
    assert view["id"].startswith("V")
    assert view["callback_id"] == "feedback"
    assert view["private_metadata"] == "case-42"
    assert view["title"]["text"] == "Sparring"
    assert view["hash"]
    assert fake.modal_stack("U1") == [view["id"]]

    with pytest.raises(SlackApiError) as reused:
        client.views_open(trigger_id=result.trigger_id, view=_modal())
    assert reused.value.response["error"] == "expired_trigger_id"


def test_trigger_expiry_uses_the_injected_clock(
    fake: FakeSlack, client: WebClient, clock: FakeClock
) -> None:
    fresh = fake.new_trigger("U1")
    clock.advance(2.9)
    assert client.views_open(trigger_id=fresh, view=_modal())["ok"]

    old = fake.new_trigger("U1")
    clock.advance(3.0)
    with pytest.raises(SlackApiError) as expired:
        client.views_open(trigger_id=old, view=_modal())
    assert expired.value.response["error"] == "expired_trigger_id"

    with pytest.raises(SlackApiError) as unknown:
        client.views_open(trigger_id="123.456.nope", view=_modal())
    assert unknown.value.response["error"] == "invalid_trigger_id"


def test_over_long_title_is_rejected_with_reason(fake: FakeSlack, client: WebClient) -> None:
    trigger = fake.new_trigger("U1")
    with pytest.raises(SlackApiError) as exc:
        client.views_open(trigger_id=trigger, view=_modal(title="Kollegial sparring i teamet"))
    response = exc.value.response
    assert response["error"] == "invalid_arguments"
    messages = response["response_metadata"]["messages"]
    assert any("/view/title/text" in m and "24" in m for m in messages)
    # the rejected call did not consume the trigger
    assert client.views_open(trigger_id=trigger, view=_modal())["ok"]


def test_rate_limit_then_retry_handler_succeeds(fake: FakeSlack) -> None:
    retrying = WebClient(
        token=fake.bot_token,
        base_url=fake.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    fake.fail_next("users.info", status=429, retry_after=0)
    response = retrying.users_info(user="U2", include_locale=True)
    assert response["user"]["locale"] == "en-US"
    calls = fake.calls_to("users.info")
    assert [c.status for c in calls] == [429, 200]
    assert calls[0].error == "ratelimited"


def test_injected_errors_without_retry(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("users.info", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as limited:
        client.users_info(user="U1")
    assert limited.value.response.status_code == 429
    assert limited.value.response.headers["Retry-After"] == "7"

    fake.fail_next("chat.postMessage", error="channel_not_found", status=200)
    with pytest.raises(SlackApiError) as plain:
        client.chat_postMessage(channel="C1", text="x")
    assert plain.value.response["error"] == "channel_not_found"

    fake.fail_next("auth.test", error="fatal_error", status=503)
    with pytest.raises(SlackApiError) as server:
        client.auth_test()
    assert server.value.response.status_code == 503
    assert client.auth_test()["user_id"] == "UBOT"


METADATA = {"event_type": "sparring_request", "event_payload": {"request_id": 7}}


def test_stored_then_failed_message_is_in_history_with_metadata(
    fake: FakeSlack, client: WebClient
) -> None:
    fake.add_channel("C1", "team-a", members=["U1", "UBOT"])
    fake.fail_next("chat.postMessage", error="internal_error", status=500, store=True)
    with pytest.raises(SlackApiError) as failed:
        client.chat_postMessage(channel="C1", text="Anmodning", metadata=METADATA)
    assert failed.value.response.status_code == 500
    assert failed.value.response["error"] == "internal_error"
    # Slack did store it: the channel shows it, and its metadata finds it again.
    [stored] = fake.messages("C1")
    assert stored["text"] == "Anmodning"
    [found] = client.conversations_history(channel="C1", include_all_metadata=True)["messages"]
    assert found["ts"] == stored["ts"]
    assert found["metadata"] == METADATA
    [bare] = client.conversations_history(channel="C1")["messages"]
    assert "metadata" not in bare
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [500]


def test_thread_replies_with_metadata(fake: FakeSlack, client: WebClient) -> None:
    fake.add_channel("C1", "team-a", members=["U1", "UBOT"])
    parent = client.chat_postMessage(channel="C1", text="Anmodning")["ts"]
    fake.fail_next("chat.postMessage", error="internal_error", status=500, store=True)
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C1", thread_ts=parent, text="Tak", metadata=METADATA)
    [top] = client.conversations_history(channel="C1")["messages"]
    assert top["ts"] == parent  # history lists top-level messages only
    thread = client.conversations_replies(channel="C1", ts=parent, include_all_metadata=True)
    assert [m["text"] for m in thread["messages"]] == ["Anmodning", "Tak"]
    assert thread["messages"][1]["metadata"] == METADATA
    bare = client.conversations_replies(channel="C1", ts=parent)["messages"]
    assert "metadata" not in bare[1]


def test_stored_then_failed_makes_a_retrying_client_post_twice(fake: FakeSlack) -> None:
    retrying = WebClient(
        token=fake.bot_token,
        base_url=fake.api_url,
        retry_handlers=[ServerErrorRetryHandler(max_retry_count=1)],
    )
    fake.add_channel("C1", "team-a", members=["UBOT"])
    fake.fail_next("chat.postMessage", error="internal_error", status=500, store=True)
    assert retrying.chat_postMessage(channel="C1", text="Anmodning")["ok"]
    assert [m["text"] for m in fake.messages("C1")] == ["Anmodning", "Anmodning"]


def test_stored_then_failed_response_url(fake: FakeSlack) -> None:
    # The payload half alone: a response_url as a slash command would carry it, no app needed.
    payload = fake.slash_command_payload("U1", "hjælp", channel_id="D1")
    fake.fail_next("response_url", error="internal_error", status=500, store=True)
    answer = WebhookClient(payload["response_url"]).send(text="Hjælp", response_type="ephemeral")
    assert answer.status_code == 500
    assert [e["text"] for e in fake.ephemerals(user="U1")] == ["Hjælp"]


def test_rate_limit_burst_says_retry_after_each_time(fake: FakeSlack) -> None:
    fake.add_channel("C1", "team-a", members=["UBOT"])
    fake.fail_next("chat.postMessage", status=429, retry_after=3, times=2)
    url = f"{fake.api_url}chat.postMessage"
    body = json.dumps({"channel": "C1", "text": "x"}).encode()
    headers = {"Authorization": f"Bearer {fake.bot_token}", "Content-Type": "application/json"}
    for _ in range(2):
        request = urllib.request.Request(url, data=body, headers=headers)
        with pytest.raises(urllib.error.HTTPError) as limited:
            urllib.request.urlopen(request)
        assert limited.value.code == 429
        assert limited.value.headers["Retry-After"] == "3"
        assert json.loads(limited.value.read())["error"] == "ratelimited"
    assert not fake.messages("C1")  # a 429 has no effect
    assert fake.pending_failures() == 0

    fake.fail_next("chat.postMessage", status=429, retry_after=0, times=2)
    retrying = WebClient(
        token=fake.bot_token,
        base_url=fake.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )
    assert retrying.chat_postMessage(channel="C1", text="efter pausen")["ok"]
    assert [c.status for c in fake.calls_to("chat.postMessage")] == [429, 429, 429, 429, 200]
    assert [m["text"] for m in fake.messages("C1")] == ["efter pausen"]


def test_failure_only_for_calls_matching_a_predicate(fake: FakeSlack, client: WebClient) -> None:
    d1, d2 = fake.open_im("U1"), fake.open_im("U2")
    first = client.chat_postMessage(channel=d1, text="en")["ts"]
    second = client.chat_postMessage(channel=d2, text="to")["ts"]
    fake.fail_next(
        "chat.update", error="internal_error", status=500, when=lambda p: p["channel"] == d1
    )
    # A predicate that cannot read the params does not match (and does not crash the fake).
    fake.fail_next("chat.update", error="fatal_error", status=503, when=lambda p: p["nope"] == 1)

    client.chat_update(channel=d2, ts=second, text="TO")  # passes untouched
    with pytest.raises(SlackApiError) as failed:
        client.chat_update(channel=d1, ts=first, text="EN")
    assert failed.value.response.status_code == 500
    client.chat_update(channel=d1, ts=first, text="EN")  # used up

    assert [m["text"] for m in fake.messages(d1)] == ["EN"]
    assert [m["text"] for m in fake.messages(d2)] == ["TO"]
    assert fake.pending_failures("chat.update") == 1  # the one that never matched


def test_users_info_locale_only_on_request(fake: FakeSlack, client: WebClient) -> None:
    user = client.users_info(user="U1")["user"]
    assert "locale" not in user
    assert user["tz"] == "Europe/Copenhagen"
    fake.set_user("U1", deleted=True)
    assert client.users_info(user="U1", include_locale=True)["user"]["deleted"] is True
    with pytest.raises(SlackApiError) as missing:
        client.users_info(user="U404")
    assert missing.value.response["error"] == "user_not_found"


def test_conversations_members_paginates(fake: FakeSlack, client: WebClient) -> None:
    members = [f"U{i:03d}" for i in range(7)]
    fake.add_channel("C1", "team-a", members=members)
    pages = [page["members"] for page in client.conversations_members(channel="C1", limit=3)]
    assert pages == [members[:3], members[3:6], members[6:]]
    limits = [c.params["limit"] for c in fake.calls_to("conversations.members")]
    assert limits == ["3", "3", "3"]
    with pytest.raises(SlackApiError) as missing:
        client.conversations_members(channel="C404")
    assert missing.value.response["error"] == "channel_not_found"


def test_conversations_open_dm_and_mpim(fake: FakeSlack, client: WebClient) -> None:
    dm = client.conversations_open(users="U1")["channel"]["id"]
    assert dm.startswith("D")
    assert client.conversations_open(users=["U1"])["channel"]["id"] == dm
    group = client.conversations_open(users="U2,U1")["channel"]["id"]
    assert group.startswith("G")
    assert client.conversations_open(users=["U1", "U2"])["channel"]["id"] == group
    assert sorted(fake.channel_members(group)) == ["U1", "U2", "UBOT"]
    assert fake.calls_to("conversations.open")[0].params["users"] == "U1"


def test_messages_update_delete_and_membership(fake: FakeSlack, client: WebClient) -> None:
    fake.add_channel("C1", "team-a", members=["U1"])
    with pytest.raises(SlackApiError) as outside:
        client.chat_postMessage(channel="C1", text="hi")
    assert outside.value.response["error"] == "not_in_channel"
    fake.add_member("C1", fake.bot_user_id)
    first = client.chat_postMessage(channel="C1", text="one")
    second = client.chat_postMessage(channel="C1", text="two", thread_ts=first["ts"])
    assert float(second["ts"]) > float(first["ts"])
    client.chat_update(channel="C1", ts=first["ts"], text="ONE")
    client.chat_delete(channel="C1", ts=second["ts"])
    assert [(m["text"], m["user"]) for m in fake.messages("C1")] == [("ONE", "UBOT")]
    with pytest.raises(SlackApiError) as gone:
        client.chat_update(channel="C1", ts=second["ts"], text="x")
    assert gone.value.response["error"] == "message_not_found"
    with pytest.raises(SlackApiError) as too_many:
        client.chat_postMessage(channel="C1", text="x", blocks=[{"type": "divider"}] * 51)
    assert too_many.value.response["error"] == "invalid_blocks"


def test_submit_view_builds_state(fake: FakeSlack, bot: Bot) -> None:
    fake.add_channel("C1", "team-a", members=["U1", "UBOT"])
    result = fake.slash_command("U1")
    view = fake.open_view_for(result.trigger_id)

    ack = fake.submit_view("U1", view["id"], {"note": "", "topic": "case", "peer": "U2"})
    assert ack == {"response_action": "errors", "errors": {"note_block": "Skriv en note"}}

    ack = fake.submit_view(
        "U1",
        view["id"],
        {
            "note": "Svær sag",
            "topic": "ethics",
            "flags": ["urgent", "anon"],
            "peer": "U2",
            "peers": ["U1", "U2"],
            "where": "C1",
            "mode": "async",
        },
    )
    assert ack is None
    submitted = bot.submissions.get(timeout=5)
    values = submitted["state"]["values"]
    assert values["note_block"]["note"] == {"type": "plain_text_input", "value": "Svær sag"}
    assert values["topic_block"]["topic"]["selected_option"]["value"] == "ethics"
    assert values["topic_block"]["topic"]["selected_option"]["text"]["text"] == "Ethics"
    assert [o["value"] for o in values["flags_block"]["flags"]["selected_options"]] == [
        "urgent",
        "anon",
    ]
    assert values["peer_block"]["peer"] == {"type": "users_select", "selected_user": "U2"}
    assert values["peers_block"]["peers"]["selected_users"] == ["U1", "U2"]
    # untouched datepicker keeps its initial_date, like in the Slack client
    assert values["date_block"]["when"] == {"type": "datepicker", "selected_date": "2024-05-01"}
    assert values["where_block"]["where"]["selected_conversation"] == "C1"
    assert values["mode_block"]["mode"]["selected_option"]["value"] == "async"
    assert submitted["private_metadata"] == "case-42"
    assert fake.modal_stack("U1") == []

    empty = fake.submit_view("U1", view["id"], {"note": ""}, use_initial=False)
    assert empty is not None
    last = fake.envelopes[-1]["payload"]["view"]["state"]["values"]
    assert last["date_block"]["when"] == {"type": "datepicker", "selected_date": None}
    assert last["flags_block"]["flags"] == {"type": "checkboxes", "selected_options": []}

    with pytest.raises(AssertionError, match="no option"):
        fake.submit_view("U1", view["id"], {"topic": "unknown"})


def test_click_and_response_url_replace_message(fake: FakeSlack, bot: Bot) -> None:
    dm = fake.open_im("U1")
    button = {
        "type": "button",
        "action_id": "done",
        "value": "42",
        "text": {"type": "plain_text", "text": "OK"},
    }
    bot.client.chat_postMessage(
        channel=dm,
        text="Ready?",
        blocks=[{"type": "actions", "elements": [button]}],
    )
    [message] = fake.messages(dm)
    mark = fake.mark()
    assert fake.click("U1", "done", message=message) is None
    call = fake.wait_for("response_url", after=mark)
    assert call.params["replace_original"] is True
    payload = fake.envelopes[-1]["payload"]
    assert payload["actions"][0]["value"] == "42"
    assert payload["actions"][0]["block_id"] == message["blocks"][0]["block_id"]
    assert payload["container"] == {
        "type": "message",
        "message_ts": message["ts"],
        "channel_id": dm,
        "is_ephemeral": False,
    }
    assert fake.messages(dm)[0]["text"] == "Done by <@U1>"


def test_user_message_event_reaches_bot(fake: FakeSlack, bot: Bot) -> None:
    dm = fake.open_im("U1")
    mark = fake.mark()
    ts, event_id = fake.user_message("U1", dm, "hej med dig")
    assert event_id.startswith("Ev")
    reply = fake.wait_for("chat.postMessage", lambda p: p["thread_ts"] == ts, after=mark)
    assert reply.params["text"] == "Hej!"
    assert fake.envelopes[-1]["payload"]["event"]["channel_type"] == "im"
    assert [m["user"] for m in fake.messages(dm, include_users=True)] == ["U1", "UBOT"]


def test_raw_get_and_form_requests_are_parsed(fake: FakeSlack) -> None:
    query = urllib.parse.urlencode({"user": "U1", "include_locale": "true", "token": "xoxb-test"})
    with urllib.request.urlopen(f"{fake.api_url}users.info?{query}") as resp:
        assert json.loads(resp.read())["user"]["locale"] == "da-DK"
    fake.add_channel("C1", "team-a", members=["UBOT"])
    blocks = json.dumps([{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}])
    form = urllib.parse.urlencode({"channel": "C1", "blocks": blocks, "token": "xoxb-test"})
    request = urllib.request.Request(f"{fake.api_url}chat.postMessage", data=form.encode())
    with urllib.request.urlopen(request) as resp:
        assert json.loads(resp.read())["ok"] is True
    call = fake.calls_to("chat.postMessage")[0]
    assert call.token == "xoxb-test"
    assert "token" not in call.params
    assert call.params["blocks"][0]["text"]["text"] == "*hi*"
    assert fake.messages("C1")[0]["blocks"][0]["block_id"]


def test_views_update_push_publish(fake: FakeSlack, client: WebClient) -> None:
    opened = client.views_open(trigger_id=fake.new_trigger("U1"), view=_modal(external_id="ext-1"))
    view = opened["view"]
    updated = client.views_update(
        view_id=view["id"], hash=view["hash"], view=_modal(title="Tak", blocks=[])
    )["view"]
    assert updated["id"] == view["id"]
    assert updated["hash"] != view["hash"]
    assert fake.view(view["id"])["title"]["text"] == "Tak"
    with pytest.raises(SlackApiError) as stale:
        client.views_update(view_id=view["id"], hash=view["hash"], view=_modal())
    assert stale.value.response["error"] == "hash_conflict"
    by_external = client.views_update(external_id="ext-1", view=_modal(title="Igen"))["view"]
    assert by_external["id"] == view["id"]
    with pytest.raises(SlackApiError) as missing:
        client.views_update(view_id="V404", view=_modal())
    assert missing.value.response["error"] == "not_found"

    pushed = client.views_push(trigger_id=fake.new_trigger("U1"), view=_modal(title="Mere"))
    assert pushed["view"]["previous_view_id"] == view["id"]
    assert fake.modal_stack("U1") == [view["id"], pushed["view"]["id"]]

    home = {
        "type": "home",
        "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "Hej"}}],
    }
    first = client.views_publish(user_id="U1", view=home)["view"]
    again = client.views_publish(user_id="U1", view=home, hash=first["hash"])["view"]
    assert again["id"] == first["id"]
    assert fake.home_view("U1")["blocks"][0]["text"]["text"] == "Hej"


def test_ephemeral_permalink_and_ephemeral_click(fake: FakeSlack, bot: Bot) -> None:
    fake.add_channel("C1", "team-a", members=["U1", "UBOT"])
    posted = bot.client.chat_postMessage(channel="C1", text="hello")
    link = bot.client.chat_getPermalink(channel="C1", message_ts=posted["ts"])["permalink"]
    assert link.endswith(f"/archives/C1/p{posted['ts'].replace('.', '')}")
    with pytest.raises(SlackApiError) as not_member:
        bot.client.chat_postEphemeral(channel="C1", user="U2", text="psst")
    assert not_member.value.response["error"] == "user_not_in_channel"
    button = {"type": "button", "action_id": "done", "text": {"type": "plain_text", "text": "OK"}}
    bot.client.chat_postEphemeral(
        channel="C1", user="U1", text="psst", blocks=[{"type": "actions", "elements": [button]}]
    )
    [ephemeral] = fake.ephemerals("C1", user="U1")
    mark = fake.mark()
    fake.click("U1", "done", message=ephemeral)
    fake.wait_for("response_url", after=mark)
    assert fake.envelopes[-1]["payload"]["container"]["is_ephemeral"] is True
    assert fake.ephemerals("C1")[0]["text"] == "Done by <@U1>"

    # a click known only by channel (e.g. a hand-built ephemeral) still gets a response_url
    mark = fake.mark()
    fake.click("U2", "done", value="7", channel_id="C1")
    fake.wait_for("response_url", after=mark)
    payload = fake.envelopes[-1]["payload"]
    assert payload["actions"][0]["value"] == "7"
    assert payload["container"]["channel_id"] == "C1"
    assert fake.ephemerals("C1", user="U2")[0]["text"] == "Done by <@U2>"


def test_wait_for_timeout_explains(fake: FakeSlack, client: WebClient) -> None:
    client.auth_test()
    with pytest.raises(AssertionError, match=r"#0 auth.test -> ok"):
        fake.wait_for("chat.postMessage", timeout=0.05)


@pytest.mark.parametrize(
    ("view", "pointer"),
    [
        (
            {"type": "modal", "title": {"type": "plain_text", "text": "x" * 25}, "blocks": []},
            "/view/title",
        ),
        (
            {"type": "sheet", "title": {"type": "plain_text", "text": "x"}, "blocks": []},
            "/view/type",
        ),
        (_modal(private_metadata="x" * 3001), "/view/private_metadata"),
        (_modal(callback_id="x" * 256), "/view/callback_id"),
        (_modal(blocks=[{"type": "divider"}] * 101), "/view/blocks"),
        (_modal(blocks=[{"type": "divider", "block_id": "a"}] * 2), "/view/blocks/1/block_id"),
        (_modal(blocks=[{"type": "fancy"}]), "/view/blocks/0/type"),
        (
            _modal(blocks=[{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]),
            "/view/blocks/0/text/text",
        ),
    ],
)
def test_view_problems(view: dict[str, Any], pointer: str) -> None:
    problems = view_problems(view)
    assert any(f"[json-pointer:{pointer}" in p for p in problems), problems


def test_message_problems() -> None:
    def button(**kw: Any) -> dict[str, Any]:
        return {"type": "button", "text": {"type": "plain_text", "text": "b"}, **kw}

    assert message_problems("ok", [{"type": "divider"}]) == []
    assert message_problems("x" * 40001, None)
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "s" * 3001}}
    assert message_problems(None, [section])
    dup = {"type": "actions", "elements": [button(action_id="a"), button(action_id="a")]}
    assert any("duplicate action_id" in p for p in message_problems(None, [dup]))
    long_value = {"type": "actions", "elements": [button(value="v" * 2001)]}
    assert message_problems(None, [long_value])
    option = {"text": {"type": "plain_text", "text": "o" * 76}, "value": "v"}
    select = {"type": "actions", "elements": [{"type": "static_select", "options": [option]}]}
    assert any("options/0/text" in p for p in message_problems(None, [select]))
    text_input = {
        "type": "input",
        "label": {"type": "plain_text", "text": "l"},
        "element": {"type": "plain_text_input", "max_length": 3001},
    }
    assert message_problems(None, [text_input])


def test_files_upload_v2_shares_the_files_in_a_dm(fake: FakeSlack) -> None:
    from slack_sdk import WebClient

    client = WebClient(token=fake.bot_token, base_url=fake.api_url)
    dm = client.conversations_open(users="U1")["channel"]["id"]
    client.files_upload_v2(
        channel=dm,
        initial_comment="hej",
        file_uploads=[
            {"content": '{"a": 1}', "filename": "a.json", "title": "a.json"},
            {"content": "æøå", "filename": "a.txt", "title": "a.txt"},
        ],
    )
    files = fake.files(dm)
    assert [(f["filename"], f["content"]) for f in files] == [
        ("a.json", b'{"a": 1}'),
        ("a.txt", "æøå".encode()),
    ]
    assert fake.files("C1") == []
