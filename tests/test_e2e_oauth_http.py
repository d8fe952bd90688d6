"""End to end, many workspaces through OAuth over HTTP: the real `sparring-bot serve` with the
app's client id and secret and no bot token. Two workspaces install it as a browser would
(/slack/install, Slack's authorize page on the fake, back to /slack/oauth_redirect with the
state cookie); then people in each use the bot over signed HTTP, see only their own workspace's
team, and every Web API call for a workspace carries that workspace's bot token."""

from __future__ import annotations

import html
import http.client
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import Engine, func, select

from bot.playground.slack import Call, FakeSlack
from bot.requests.form import RequestModalMetadata
from bot.slack.ids import Block, Callback
from bot.slack.installations import BOT_SCOPES
from models import SlackBot, SlackInstallation, Team
from tests.botprocess import SIGNING_SECRET, HttpBot, bot_environment, serving_bot
from tests.helpers import bot_joined
from tests.test_e2e_request import invite_bot
from tests.test_installations import B_MEMBERS, B_TOKEN, add_workspace_b
from tests.testkeys import TEST_KEY

pytestmark = pytest.mark.e2e

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "e2e-oauth-client-secret"  # only the fake accepts it
STATE_COOKIE = "slack-app-oauth-state"  # Bolt's


@dataclass(frozen=True)
class Page:
    """What the browser got back for one GET."""

    status: int
    location: str
    cookies: list[str]
    body: str


@dataclass(frozen=True)
class Consent:
    """What /slack/install handed the browser: the state in Slack's authorize URL, and the
    cookie that ties that state to this browser."""

    state: str
    cookie: str


def browse(url: str, *, cookie: str | None = None) -> Page:
    """GET `url` as a browser would, sending `cookie` if given; a redirect is not followed."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return Page(
            status=response.status,
            location=response.getheader("Location") or "",
            cookies=response.headers.get_all("Set-Cookie") or [],
            body=response.read().decode("utf-8", errors="replace"),
        )
    finally:
        connection.close()


def start_install(bot: HttpBot, fake: FakeSlack) -> Consent:
    """Open /slack/install: Bolt sends the browser to Slack's authorize page (a redirect, or a
    page with the link) and sets the state cookie."""
    page = browse(bot.base_url + "/slack/install")
    assert page.status in (200, 302), page
    found = re.search(r'href="([^"]*/oauth/v2/authorize[^"]*)"', page.body)
    url = page.location or (html.unescape(found.group(1)) if found else "")
    authorize = urlsplit(url)
    # Slack's authorize page beside SLACK_API_URL: the fake's address.
    assert (authorize.netloc, authorize.path) == (
        urlsplit(fake.api_url).netloc,
        "/oauth/v2/authorize",
    )
    query = parse_qs(authorize.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == [",".join(BOT_SCOPES)]
    [cookie] = [c.split(";")[0] for c in page.cookies if c.startswith(STATE_COOKIE + "=")]
    [state] = query["state"]
    assert cookie == f"{STATE_COOKIE}={state}"
    return Consent(state=state, cookie=cookie)


def come_back(bot: HttpBot, *, code: str, state: str, cookie: str | None = None) -> Page:
    """Slack sends the browser back to /slack/oauth_redirect with the code and the state."""
    query = urlencode({"code": code, "state": state})
    return browse(f"{bot.base_url}/slack/oauth_redirect?{query}", cookie=cookie)


def install(bot: HttpBot, workspace: FakeSlack, installer: str) -> tuple[str, Consent]:
    """`installer` installs the app in `workspace` through the browser; the code and consent
    used (to replay them)."""
    consent = start_install(bot, workspace)
    code = workspace.install_code(installer)  # they approve the app on Slack's page
    done = come_back(bot, code=code, state=consent.state, cookie=consent.cookie)
    assert done.status == 200, done.body
    return code, consent


def installed(db: Engine) -> dict[str, tuple[int, int]]:
    """Per workspace: how many installations and bots are stored."""

    def per_workspace(model: type[SlackInstallation] | type[SlackBot]) -> dict[str, int]:
        rows = connection.execute(select(model.team_id, func.count()).group_by(model.team_id))
        return {str(team_id): count for team_id, count in rows}

    with db.connect() as connection:
        installations, bots = per_workspace(SlackInstallation), per_workspace(SlackBot)
    return {w: (installations.get(w, 0), bots.get(w, 0)) for w in installations.keys() | bots}


def exchanges(fake: FakeSlack) -> list[str | None]:
    """The errors of the oauth.v2.access calls so far (None: exchanged)."""
    return [call.error for call in fake.calls_to("oauth.v2.access")]


def assert_no_secrets(bot: HttpBot, fake: FakeSlack, *also: str) -> None:
    """Neither token, the client secret, the signing secret, the encryption key, nor `also`
    (OAuth codes and states) is in the bot's log."""
    logs = bot.logs()
    assert "sparring-bot listening on" in logs  # the log is the bot's, and not empty
    for secret in (fake.bot_token, B_TOKEN, CLIENT_SECRET, SIGNING_SECRET, TEST_KEY, *also):
        assert secret not in logs
    assert "xoxb-" not in logs


@pytest.fixture
def workspace_b(fake: FakeSlack) -> FakeSlack:
    """A second workspace on the same fake Slack: the team channel CB1 (the bot not yet in
    it), and Mette (U1), who works in both workspaces (an Enterprise Grid org shares user ids),
    is a member there too."""
    b = add_workspace_b(fake)
    b.remove_member("CB1", b.bot_user_id)
    b.add_user("U1", "mette", locale="da-DK")
    b.add_member("CB1", "U1")
    return b


@contextmanager
def oauth_bot(fake: FakeSlack, database_url: str, workdir: Path) -> Iterator[HttpBot]:
    """`sparring-bot serve` for many workspaces: client id and secret, no bot token (nor an
    app-level token: HTTP mode needs none); the fake sends every workspace's requests to it.
    Stopped (cleanly) when the block ends, so its whole log can be read after."""
    env = bot_environment(
        fake,
        database_url,
        SCHEDULER_ENABLED="false",
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
    )
    del env["SLACK_BOT_TOKEN"], env["SLACK_APP_TOKEN"]
    fake.oauth_client = (CLIENT_ID, CLIENT_SECRET)  # oauth.v2.access refuses any other
    with serving_bot(fake, database_url, workdir, env) as bot:
        yield bot


def test_two_workspaces_install_through_the_browser_and_each_callback_counts_once(
    fake: FakeSlack, workspace_b: FakeSlack, database_url: str, tmp_path: Path, db: Engine
) -> None:
    with oauth_bot(fake, database_url, tmp_path) as bot:
        assert installed(db) == {}
        code_a, consent_a = install(bot, fake, "U1")
        assert installed(db) == {"T0001": (1, 1)}
        assert exchanges(fake) == [None]

        # The same callback again (a reload, or someone replaying it): the state is used up,
        # so Bolt refuses it before the code goes anywhere.
        replayed = come_back(bot, code=code_a, state=consent_a.state, cookie=consent_a.cookie)
        assert replayed.status == 401
        # The used code with a fresh state: Slack exchanges a code once.
        fresh = start_install(bot, fake)
        reused = come_back(bot, code=code_a, state=fresh.state, cookie=fresh.cookie)
        assert reused.status == 401
        assert exchanges(fake) == [None, "invalid_code"]
        assert installed(db) == {"T0001": (1, 1)}

        # Workspace B: its admin approves the app, but the callback comes without the state
        # cookie (another browser), with a state other than the cookie's, or with a state the
        # bot never issued: each is refused, and the code is not even exchanged.
        consent_b = start_install(bot, workspace_b)
        code_b = workspace_b.install_code("UB1")
        never_issued = f"{STATE_COOKIE}=made-up"
        refused = [
            come_back(bot, code=code_b, state=consent_b.state),
            come_back(bot, code=code_b, state="made-up", cookie=consent_b.cookie),
            come_back(bot, code=code_b, state="made-up", cookie=never_issued),
        ]
        assert [page.status for page in refused] == [400, 400, 401]
        assert exchanges(fake) == [None, "invalid_code"]
        assert installed(db) == {"T0001": (1, 1)}
        # The refusals used nothing up: the real callback still installs B, once.
        done = come_back(bot, code=code_b, state=consent_b.state, cookie=consent_b.cookie)
        assert done.status == 200, done.body
        again = come_back(bot, code=code_b, state=consent_b.state, cookie=consent_b.cookie)
        assert again.status == 401
        assert exchanges(fake) == [None, "invalid_code", None]
        assert installed(db) == {"T0001": (1, 1), "T0002": (1, 1)}

    logs = bot.logs()
    # The failed exchange is logged, without its code.
    assert "oauth.v2.access result with code: [not logged]" in logs
    # One access line per callback, none with the code or the state of its query.
    callbacks = re.findall(r"sparring\.access: \S+ GET /slack/oauth_redirect (\d+) ", logs)
    assert callbacks == ["200", "401", "401", "400", "400", "401", "200", "401"]
    assert_no_secrets(bot, fake, code_a, code_b, consent_a.state, consent_b.state, fresh.state)


def open_form(workspace: FakeSlack, user_id: str, channel_id: str) -> tuple[dict[str, Any], Call]:
    """`user_id` types /sparring in `channel_id`: the request form (once the small loading one
    is replaced, when the first read was slow) and the views.open call that opened it."""
    result = workspace.slash_command(user_id, channel_id=channel_id)
    assert result.ack in (None, {})
    opened = workspace.open_view_for(result.trigger_id)
    if opened["callback_id"] == Callback.LOADING:
        workspace.wait_for("views.update", lambda p: p["view_id"] == opened["id"])
    call = workspace.wait_for("views.open", lambda p: p["trigger_id"] == result.trigger_id)
    form = workspace.view(opened["id"])
    assert form["callback_id"] == Callback.REQUEST
    return form, call


def experts(workspace: FakeSlack, user_id: str, channel_id: str) -> str:
    """`user_id` types `/sparring eksperter` in `channel_id`; the answer only they see."""
    result = workspace.slash_command(user_id, "eksperter", channel_id=channel_id)
    workspace.wait_for("response_url", lambda p: p["response_url"] == result.response_url)
    return str(workspace.ephemerals(user=user_id)[-1]["text"])


def test_each_workspace_is_served_with_its_own_token_and_sees_only_its_own_team(
    fake: FakeSlack, workspace_b: FakeSlack, database_url: str, tmp_path: Path, db: Engine
) -> None:
    with oauth_bot(fake, database_url, tmp_path) as bot:
        install(bot, fake, "U1")
        install(bot, workspace_b, "UB1")
        # Each lead invites the bot into their team channel: the real set-up, over HTTP.
        invite_bot(fake)
        workspace_b.event(bot_joined(workspace_b, "CB1", inviter="UB1"))
        hello_b = fake.wait_for("chat.postMessage", lambda p: p["channel"] == "CB1")
        hello_a = fake.wait_for("chat.postMessage", lambda p: p["channel"] == "C1")
        assert (hello_a.token, hello_b.token) == (fake.bot_token, B_TOKEN)
        assert workspace_b.messages("CB1") and "CB1" not in fake.workspace.channels
        with db.connect() as connection:
            teams = connection.execute(select(Team.channel_id, Team.workspace_id, Team.id)).all()
        team_ids = {channel: team_id for channel, _, team_id in teams}
        assert sorted((channel, workspace) for channel, workspace, _ in teams) == [
            ("C1", "T0001"),
            ("CB1", "T0002"),
        ]

        # Mette is in both teams; in each workspace the form offers that workspace's only.
        form_a, opened_a = open_form(fake, "U1", "C1")
        form_b, opened_b = open_form(workspace_b, "U1", "CB1")
        for form, channel in ((form_a, "C1"), (form_b, "CB1")):
            assert RequestModalMetadata.load(form).team_ids == [team_ids[channel]]
            assert Block.TEAM not in {block.get("block_id") for block in form["blocks"]}
        assert (opened_a.token, opened_b.token) == (fake.bot_token, B_TOKEN)

        # The experts of "this channel": in A, A's team; a member of B typing it in a channel
        # with the id of A's team channel gets B's team, never A's.
        assert "boern-og-familie" in experts(fake, "U2", "C1")
        answer = experts(workspace_b, "UB2", "C1")
        assert "unge-syd" in answer and "boern-og-familie" not in answer

        # Mette pauses in A: her App Home, published after that, shows A's team only.
        mark = fake.mark()
        fake.slash_command("U1", "pause", channel_id="C1")
        home = fake.wait_for("views.publish", lambda p: p["user_id"] == "U1", after=mark)
        shown = json.dumps(home.params["view"], ensure_ascii=False)
        assert home.token == fake.bot_token
        assert "boern-og-familie" in shown and "unge-syd" not in shown

    # The bot has stopped, its work after the acks done: every call and log line is in.
    # Each Web API call about people or channels of one workspace only carried that
    # workspace's token (Mette, in both, may be asked about with either).
    only = {
        fake.bot_token: {"C1", "U2", "U3", "U4", "U5"},
        B_TOKEN: {"CB1", "UBOTB", "UBADMIN", *B_MEMBERS},
    }
    not_web_api = ("oauth.v2.access", "response_url", "upload")  # Basic auth; plain URLs
    web_calls = [c for c in fake.calls if c.method not in not_web_api]
    for call in web_calls:
        about = {
            part
            for key in ("channel", "user", "user_id", "users")
            for part in str(call.params.get(key) or "").split(",")
        }
        assert [token for token, ids in only.items() if about & ids] in ([], [call.token]), call
        assert call.error not in ("not_authed", "invalid_auth"), call
    assert {c.token for c in web_calls} == {fake.bot_token, B_TOKEN}
    # Every request from Slack, in either workspace, was signed, verified and answered.
    posts = re.findall(r"sparring\.access: \S+ POST /slack/events (\d+) ", bot.logs())
    assert len(posts) == len(fake.envelopes) and set(posts) == {"200"}
    assert_no_secrets(bot, fake)
