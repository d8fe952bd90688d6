"""Many workspaces through OAuth: two workspaces installed through Bolt's own OAuth flow (in
this process, against the fake Slack, which serves both), each seeing only its own teams and
posted to with its own bot token; tokens encrypted at rest; uninstalls; the settings."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from slack_bolt import BoltRequest, BoltResponse
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.core.settings import Settings, SettingsError, load_settings
from bot.core.workspaces import workspace_sessions
from bot.due import run_due_work
from bot.playground.slack import FakeSlack
from bot.slack.installations import BOT_SCOPES, InstalledClients
from bot.teams.service import get_team, register_team, set_lead, sync_members, teams_for_user
from models import AuditEntry, OutboxMessage, SlackBot, SlackInstallation, Team, utcnow
from tests.conftest import add_team
from tests.helpers import Sessions
from tests.inprocess import InProcess
from tests.testkeys import TEST_KEY

CPH = ZoneInfo("Europe/Copenhagen")
MONDAY = datetime(2026, 12, 7, 9, 5, tzinfo=CPH)
CLIENT_ID, CLIENT_SECRET = "1111.2222", "app-secret"
B_TOKEN = "xoxb-workspace-b"
B_MEMBERS = ("UB1", "UB2", "UB3", "UB4")


def oauth_settings(fake: FakeSlack, database_url: str) -> Settings:
    """Many workspaces: the app's client id and secret, no bot token."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        slack_client_id=CLIENT_ID,
        slack_client_secret=CLIENT_SECRET,
        slack_app_token=fake.app_token,
        slack_api_url=fake.api_url,
        database_url=database_url,
        worker_threads=4,
        scheduler_enabled=False,
        encryption_keys=TEST_KEY,
    )


def install(inproc: InProcess, workspace: FakeSlack, installer: str) -> BoltResponse:
    """`installer` opens /slack/install, approves the app on Slack's page (the fake hands out
    the code), and comes back to /slack/oauth_redirect with the code, the state and the
    state cookie, as a browser would."""
    flow = inproc.app.oauth_flow
    assert flow is not None
    start = flow.handle_installation(BoltRequest(body="", query={}, headers={}, mode="http"))
    assert start.status in (200, 302)
    location = (start.headers.get("location") or [""])[0]
    found = location or re.search(r'href="([^"]+authorize[^"]+)"', start.body)
    url = location or (found.group(1).replace("&amp;", "&") if found else "")
    query = parse_qs(urlparse(url).query)
    assert urlparse(url).path == "/oauth/v2/authorize"  # beside SLACK_API_URL
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == [",".join(BOT_SCOPES)]
    state = query["state"][0]
    cookie = next(c for c in start.headers["set-cookie"] if c.startswith("slack-app-oauth-state"))
    back = BoltRequest(
        body="",
        query={"code": workspace.install_code(installer), "state": state},
        headers={"cookie": [cookie.split(";")[0]]},
        mode="http",
    )
    return flow.handle_callback(back)


def add_workspace_b(fake: FakeSlack) -> FakeSlack:
    """A second workspace on the same fake Slack, with a team channel of its own (CB1, the
    bot in it)."""
    b = fake.add_workspace("T0002", bot_token=B_TOKEN, bot_user_id="UBOTB")
    for user_id in B_MEMBERS:
        b.add_user(user_id, user_id.lower(), locale="da-DK")
    b.add_user("UBADMIN", "admin-b", is_admin=True)
    b.add_channel("CB1", "unge-syd", members=[*B_MEMBERS, "UBOTB"])
    return b


@pytest.fixture
def workspace_b(fake: FakeSlack) -> FakeSlack:
    """A second workspace on the same fake Slack, with a team channel of its own."""
    return add_workspace_b(fake)


@pytest.fixture
def oauth(
    fake: FakeSlack, workspace_b: FakeSlack, database_url: str, session_factory: sessionmaker
) -> Iterator[tuple[InProcess, InProcess]]:
    """The app in OAuth mode with both workspaces installed through the OAuth flow; one
    harness per workspace (the same app, payloads from that workspace)."""
    fake.oauth_client = (CLIENT_ID, CLIENT_SECRET)
    harness = InProcess(fake, oauth_settings(fake, database_url), session_factory=session_factory)
    try:
        for workspace, installer in ((fake, "U1"), (workspace_b, "UB1")):
            done = install(harness, workspace, installer)
            assert done.status == 200, done.body
        harness_b = copy.copy(harness)
        harness_b.fake = workspace_b
        yield harness, harness_b
    finally:
        harness.close()


def add_team_b(session_factory: sessionmaker[Session]) -> int:
    """Workspace B's team in CB1, UB1 its lead."""
    with session_factory.begin() as session:
        team, _ = register_team(
            session,
            channel_id="CB1",
            workspace_id="T0002",
            name="unge-syd",
            created_by="UB1",
            timezone="Europe/Copenhagen",
            language="da",
        )
        sync_members(session, team=team, human_ids=B_MEMBERS)
        set_lead(session, team=team, user_id="UB1")
        team.greeted_at = utcnow()
        return team.id


@pytest.fixture
def inproc_b(oauth: tuple[InProcess, InProcess]) -> InProcess:
    """The harness of workspace B (payloads from B, the same app)."""
    return oauth[1]


@pytest.fixture
def team_a(oauth: tuple[InProcess, InProcess], session_factory: Sessions) -> int:
    """Workspace A's team in C1, U1 its lead, added once both workspaces are installed."""
    return add_team(session_factory, lead="U1")


def test_both_workspaces_are_installed_with_their_own_tokens(
    oauth: tuple[InProcess, InProcess], fake: FakeSlack
) -> None:
    inproc, _ = oauth
    clients = inproc.deps.clients
    assert sorted(w for w in clients.workspaces() if w) == ["T0001", "T0002"]
    assert {clients.client_for(w).token for w in ("T0001", "T0002")} == {  # type: ignore[union-attr]
        fake.bot_token,
        B_TOKEN,
    }
    assert clients.client_for("T9999") is None


def test_a_workspace_is_asked_auth_test_once_not_before_every_ack(
    oauth: tuple[InProcess, InProcess], fake: FakeSlack, workspace_b: FakeSlack
) -> None:
    inproc_a, inproc_b = oauth
    before = len([c for c in fake.calls if c.method == "auth.test"])
    for _ in range(3):
        inproc_a.command("U2", "hjælp", channel_id="C1")
        inproc_b.command("UB2", "hjælp", channel_id="CB1")
    asked = [c.token for c in fake.calls if c.method == "auth.test"][before:]
    # Once per workspace's bot token, however many requests; each still answered.
    assert sorted(asked) == sorted([fake.bot_token, B_TOKEN])
    assert len(fake.ephemerals(user="U2")) == 3 and len(workspace_b.ephemerals(user="UB2")) == 3


def test_uninstalled_after_a_cached_answer_is_refused(
    oauth: tuple[InProcess, InProcess], workspace_b: FakeSlack
) -> None:
    _, inproc_b = oauth
    inproc_b.command("UB2", "hjælp", channel_id="CB1")
    assert len(workspace_b.ephemerals(user="UB2")) == 1
    store = inproc_b.deps.clients.store  # type: ignore[attr-defined]
    store.delete_installation(enterprise_id=None, team_id="T0002")
    store.delete_bot(enterprise_id=None, team_id="T0002")
    inproc_b.command("UB2", "hjælp", channel_id="CB1")
    # Refused by Bolt's authorization (its own "no longer available"), not answered by us.
    helped, refused = workspace_b.ephemerals(user="UB2")
    assert "Sparring" in helped["text"] and "Sparring" not in refused["text"]


def test_a_code_is_exchanged_once(
    oauth: tuple[InProcess, InProcess], fake: FakeSlack, session_factory: sessionmaker
) -> None:
    inproc, _ = oauth
    flow = inproc.app.oauth_flow
    assert flow is not None
    # A callback without the state this browser was given installs nothing.
    forged = BoltRequest(
        body="", query={"code": fake.install_code("U1"), "state": "made-up"}, mode="http"
    )
    assert flow.handle_callback(forged).status >= 400
    with session_factory() as session:
        assert len(session.scalars(select(SlackInstallation)).all()) == 2


def test_tokens_are_encrypted_at_rest(
    oauth: tuple[InProcess, InProcess], session_factory: sessionmaker
) -> None:
    with session_factory() as session:
        for table in ("slack_bots", "slack_installations"):
            stored = session.execute(text(f"SELECT team_id, bot_token FROM {table}")).all()
            assert {team for team, _ in stored} == {"T0001", "T0002"}
            for _, token in stored:
                assert token.startswith("fernet:")
                assert "xoxb-" not in token
    store = oauth[0].deps.clients.store  # type: ignore[attr-defined]
    found = store.find_bot(enterprise_id=None, team_id="T0002")
    assert found is not None and found.bot_token == B_TOKEN
    installation = store.find_installation(enterprise_id=None, team_id="T0002")
    assert installation is not None and installation.bot_token == B_TOKEN


def test_a_workspace_never_sees_another_workspaces_team(
    oauth: tuple[InProcess, InProcess],
    fake: FakeSlack,
    workspace_b: FakeSlack,
    team_a: int,
    session_factory: Sessions,
) -> None:
    inproc_a, inproc_b = oauth
    add_team_b(session_factory)
    # B's admin (a lead anywhere in B) sets up A's channel from B: A's team is not there
    # for them, so its settings are not opened.
    inproc_b.command("UBADMIN", "opsæt", channel_id="C1")
    shown = [str(workspace_b.view(v)) for v in workspace_b.modal_stack("UBADMIN")]
    assert shown and not any("boern-og-familie" in view for view in shown)
    # A member of B asks for the experts from A's channel: the answer is about B's team.
    inproc_b.command("UB2", "eksperter", channel_id="C1")
    answer = workspace_b.ephemerals(user="UB2")[-1]["text"]
    assert "unge-syd" in answer and "boern-og-familie" not in answer
    # The same command in A still finds A's team.
    inproc_a.command("U2", "eksperter", channel_id="C1")
    assert "boern-og-familie" in fake.ephemerals(user="U2")[-1]["text"]
    with session_factory() as session:
        team = session.get(Team, team_a)
        assert team is not None and team.active and team.workspace_id == "T0001"
        assert session.scalar(select(Team).where(Team.channel_id == "C1")) is not None
    # Every lookup in B's sessions: by channel, by user, by id.
    scoped = workspace_sessions(session_factory, "T0002")
    with scoped() as session:
        assert get_team(session, channel_id="C1") is None
        assert teams_for_user(session, user_id="U1") == []
        assert session.get(Team, team_a) is None
        assert [t.channel_id for t in teams_for_user(session, user_id="UB1")] == ["CB1"]


def test_due_work_posts_each_team_with_its_workspaces_token(
    oauth: tuple[InProcess, InProcess],
    fake: FakeSlack,
    workspace_b: FakeSlack,
    session_factory: sessionmaker[Session],
) -> None:
    inproc, _ = oauth
    fake.add_member("C1", fake.bot_user_id)
    add_team(session_factory, lead="U1")
    add_team_b(session_factory)
    report = run_due_work(
        now=MONDAY,
        client=inproc.deps.clients,
        session_factory=session_factory,
        settings=inproc.deps.settings,
    )
    assert report.ok, report.lines()
    posts = {
        call.params["channel"]: call.token
        for call in fake.calls_to("chat.postMessage")
        if call.params.get("channel") in ("C1", "CB1")
    }
    assert posts == {"C1": fake.bot_token, "CB1": B_TOKEN}
    assert fake.messages("C1") and workspace_b.messages("CB1")
    # Workspace A never heard of B's channel.
    assert "CB1" not in fake.workspace.channels


@pytest.mark.parametrize(
    "event",
    [{"type": "app_uninstalled"}, {"type": "tokens_revoked", "tokens": {"bot": ["UBOTB"]}}],
)
def test_uninstall_removes_the_installation_and_stops_posting(
    oauth: tuple[InProcess, InProcess],
    fake: FakeSlack,
    session_factory: sessionmaker[Session],
    event: dict[str, object],
) -> None:
    inproc_a, inproc_b = oauth
    team_b = add_team_b(session_factory)
    first = inproc_b.event(dict(event))
    with session_factory() as session:
        left = {b.team_id for b in session.scalars(select(SlackBot))}
        assert left == {"T0001"}
        assert {i.team_id for i in session.scalars(select(SlackInstallation))} == {"T0001"}
        entry = session.scalars(select(AuditEntry)).one()
        assert (entry.actor, entry.action, entry.subject) == ("slack", event["type"], "T0002")
        # The team's data stays (retention and forgetting take it, as for any team).
        assert session.get(Team, team_b) is not None
    assert inproc_a.deps.clients.client_for("T0002") is None
    # Nothing more is posted there: its queued announcement is dropped, not sent.
    before = len(fake.calls_to("chat.postMessage"))
    run_due_work(
        now=MONDAY,
        client=inproc_a.deps.clients,
        session_factory=session_factory,
        settings=inproc_a.deps.settings,
    )
    assert all(c.token != B_TOKEN for c in fake.calls_to("chat.postMessage")[before:])
    with session_factory() as session:
        dropped = session.scalars(select(OutboxMessage).where(OutboxMessage.team_id == team_b))
        assert {m.last_error for m in dropped} == {"not_installed"}
    # A redelivery changes nothing and is not audited twice.
    inproc_b.event(dict(event), event_id=first.request["event_id"])
    with session_factory() as session:
        assert len(session.scalars(select(AuditEntry)).all()) == 1


def test_operator_commands_need_a_workspace_when_several_are_installed(
    oauth: tuple[InProcess, InProcess],
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in {
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "SLACK_API_URL": oauth[0].fake.api_url,
        "DATABASE_URL": database_url,
        "ENCRYPTION_KEYS": TEST_KEY,
        "LOG_LEVEL": "WARNING",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env
    for argv in (["export", "U1"], ["forget", "U1", "--dry-run"], ["rotate", "--team", "C1"]):
        assert main(argv) == 2
        # The last line (alembic's INFO lines come before it).
        line = capsys.readouterr().err.strip().splitlines()[-1]
        assert line == (
            "sparring-bot: 2 workspaces are installed: add --workspace with one of T0001, T0002"
        )
    assert main(["export", "U1", "--workspace", "T0009"]) == 2
    assert "not installed" in capsys.readouterr().err
    assert main(["export", "U1", "--workspace", "T0001", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "sparring-U1.json").exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"SLACK_CLIENT_ID": CLIENT_ID},
            "invalid settings: many workspaces through OAuth need both SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET; SLACK_CLIENT_SECRET is missing",
        ),
        (
            {"SLACK_CLIENT_SECRET": CLIENT_SECRET},
            "invalid settings: many workspaces through OAuth need both SLACK_CLIENT_ID and "
            "SLACK_CLIENT_SECRET; SLACK_CLIENT_ID is missing",
        ),
        (
            {
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_CLIENT_ID": CLIENT_ID,
                "SLACK_CLIENT_SECRET": CLIENT_SECRET,
            },
            "invalid settings: set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID "
            "and SLACK_CLIENT_SECRET (many workspaces through OAuth), not both",
        ),
    ],
)
def test_bad_oauth_settings_are_refused_with_one_line(
    env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as refused:
        load_settings(env_file=None)
    assert str(refused.value) == expected
    assert "\n" not in str(refused.value)
    assert CLIENT_SECRET not in str(refused.value)


def test_no_way_to_slack_names_both(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SettingsError) as refused:
        load_settings(env_file=None)
    assert str(refused.value).startswith("missing setting SLACK_BOT_TOKEN")
    assert "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET" in str(refused.value)


def test_the_scopes_asked_for_are_the_manifests() -> None:
    manifest = (Path(__file__).parents[1] / "manifest.yml").read_text(encoding="utf-8")
    block = manifest.split("    bot:\n", 1)[1].split("settings:", 1)[0]
    scopes = re.findall(r"^\s+- ([a-z:._]+)\s*$", block, flags=re.MULTILINE)
    assert tuple(scopes) == BOT_SCOPES


def test_single_token_mode_has_one_unnamed_workspace(inproc: InProcess) -> None:
    clients = inproc.deps.clients
    assert not isinstance(clients, InstalledClients)
    assert clients.workspaces() == [None]
    assert clients.client_for("T0002") is inproc.app.client


def test_events_from_another_workspace_never_touch_a_team(
    inproc_b: InProcess, workspace_b: FakeSlack, team_a: int, session_factory: Sessions
) -> None:
    # Ids that workspace A uses too: a deactivated "U1" in B, "U2" leaving a "C1" in B, and
    # B's bot removed from its "C1".
    workspace_b.add_user("U1", "u1-in-b", deleted=True)
    inproc_b.event({"type": "user_change", "user": {"id": "U1", "deleted": True}})
    inproc_b.event({"type": "member_left_channel", "channel": "C1", "user": "U2"})
    inproc_b.event({"type": "member_left_channel", "channel": "C1", "user": "UBOTB"})
    with session_factory() as session:
        team = session.get(Team, team_a)
        assert team is not None and team.active and team.stopped_at is None
        assert {m.user_id for m in team.members if m.left_at is None} >= {"U1", "U2"}


def test_a_channel_shared_with_a_workspace_whose_team_it_is_stays_that_team(
    inproc_b: InProcess, workspace_b: FakeSlack, team_a: int, session_factory: Sessions
) -> None:
    # Slack Connect: A's channel C1 is shared into B, and someone in B invites B's bot.
    workspace_b.add_channel("C1", "delt-kanal", members=["UB1", "UB2", "UBOTB"])
    inproc_b.event(
        {"type": "member_joined_channel", "channel": "C1", "user": "UBOTB", "inviter": "UB1"}
    )
    told = [m["text"] for m in workspace_b.messages() if m["channel"].startswith("D")]
    assert told == [
        "Kanalen er allerede et team i et andet workspace (en delt kanal). Opsæt teamet i en "
        "kanal, der kun hører til jeres workspace."
    ]
    with session_factory() as session:
        team = session.get(Team, team_a)
        assert team is not None and team.name == "boern-og-familie"
        assert {m.user_id for m in team.members} == {"U1", "U2", "U3", "U4", "U5"}
        assert session.scalars(select(Team)).all() == [team]


def test_the_home_published_after_a_listener_shows_that_workspaces_teams_only(
    oauth: tuple[InProcess, InProcess],
    fake: FakeSlack,
    team_a: int,
    session_factory: sessionmaker[Session],
) -> None:
    inproc_a, _ = oauth
    # Mette (U1) is in a team in B too: one user id in several workspaces of a Grid org.
    team_b = add_team_b(session_factory)
    with session_factory.begin() as session:
        found = session.get(Team, team_b)
        assert found is not None
        sync_members(session, team=found, human_ids=[*B_MEMBERS, "U1"])
    mark = fake.mark()
    inproc_a.command("U1", "pause", channel_id="C1")  # marks her home in A
    [published] = [c for c in fake.calls[mark:] if c.method == "views.publish"]
    assert (published.params["user_id"], published.token) == ("U1", fake.bot_token)
    shown = json.dumps(published.params["view"], ensure_ascii=False)
    assert "boern-og-familie" in shown and "unge-syd" not in shown


def test_an_admin_of_one_workspace_is_no_admin_in_another(
    oauth: tuple[InProcess, InProcess],
    fake: FakeSlack,
    workspace_b: FakeSlack,
    team_a: int,
    session_factory: sessionmaker[Session],
) -> None:
    inproc_a, inproc_b = oauth
    # Mette (U1) is an admin in A and a plain member of B's team (one user id across a Grid
    # org's workspaces); B answers users.info about her without is_admin.
    fake.set_user("U1", is_admin=True)
    workspace_b.add_user("U1", "mette", locale="da-DK")
    team_b = add_team_b(session_factory)
    with session_factory.begin() as session:
        found = session.get(Team, team_b)
        assert found is not None
        sync_members(session, team=found, human_ids=[*B_MEMBERS, "U1"])
    inproc_a.command("U1", "eksperter", channel_id="C1")  # A tells the bot she is an admin
    inproc_b.command("U1", "opsæt", channel_id="CB1")
    [shown] = [workspace_b.view(v) for v in workspace_b.modal_stack("U1")]
    text = json.dumps(shown["blocks"], ensure_ascii=False)
    assert "Kun teamlederen" in text and "Faste makkerpar" not in text
    lookups = [c for c in fake.calls_to("users.info") if c.params["user"] == "U1"]
    assert [c.token for c in lookups] == [fake.bot_token, B_TOKEN]
