"""Rights (level 2, SQLite and PostgreSQL): export holds everything about a person, forget
leaves nothing of them that is not required (every table scanned), both are audited, and the
audit log names a forgotten person only by a keyed pseudonym."""

from __future__ import annotations

import json
import re
from datetime import date, time
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from bot.meetings.service import queue_request, save_settings
from bot.privacy import audit
from bot.privacy.export import as_json, as_text, collect
from bot.privacy.forget import forget
from bot.requests.choices import FeedbackMode, RequestKind
from bot.requests.service import create_request
from bot.rules.model import Rules
from bot.rules.service import decide, propose, support
from bot.slack import outbox
from bot.teams.topics import add_topic, set_expert_topics
from models import (
    AuditEntry,
    MeetingItem,
    PairCheckin,
    PairingRound,
    PairSkip,
    PairWish,
    Reply,
    RoundMember,
    RulesProposal,
    RulesVersion,
    SparringRequest,
    Team,
    utcnow,
)
from tests.conftest import add_team, request_form
from tests.testkeys import TEST_KEY

CASE = "Lillebror-sagen med hemmeligt indhold"
RULE = "Vi sparrer tirsdag efter frokost"


def scenario(session_factory: sessionmaker[Session]) -> int:
    """Mette (U1) leads C1, covers a topic, was paired with U2, asked U2 about a case, and got
    an answer; Jonas (U2) asked U3. Mette proposed rules (which she adopted) and supported
    Jonas's proposal, set up the team meeting, queued her case for it and marked Jonas's case
    there. Returns Mette's request's id."""
    team_id = add_team(session_factory, lead="U1")
    with session_factory.begin() as session:
        team = session.get(Team, team_id)
        assert team is not None
        topic = add_topic(session, team=team, name="Skolefravær")
        session.flush()
        set_expert_topics(session, team=team, user_id="U1", topic_ids={topic.id}, assigned_by="U1")
        team.members[0].paused, team.members[0].paused_until = True, date(2030, 1, 1)
        round_ = PairingRound(
            team_id=team_id,
            period_start=date(2026, 1, 5),
            period_end=date(2026, 1, 11),
            number=1,
            circle_offset=0,
        )
        round_.members = [
            RoundMember(group_no=0, user_id="U1"),
            RoundMember(group_no=0, user_id="U2"),
        ]
        session.add(round_)
        session.flush()
        # Mette answered "did you meet?", wishes never to be paired with Sara (U3), skips a
        # period; Ali (U4) wishes never to be paired with her.
        session.add(PairCheckin(round_id=round_.id, group_no=0, outcome="no", answered_by="U1"))
        session.add_all(
            [PairWish(user_id="U1", other_id="U3"), PairWish(user_id="U4", other_id="U1")]
        )
        session.add(PairSkip(team_id=team_id, user_id="U1", period_start=date(2026, 1, 12)))
        mine = create_request(
            session,
            form=request_form(kind=RequestKind.CASE, child=CASE, question=f"{CASE}?"),
            requester_id="U1",
            recipient_ids=["U2"],
            language="da",
            view_id="V1",
            origin_channel_id="C1",
            team_id=team_id,
        )
        theirs = create_request(
            session,
            form=request_form(question="Jonas' eget spørgsmål", colleague_id="U3"),
            requester_id="U2",
            recipient_ids=["U3", "U1"],
            language="da",
            view_id="V2",
            origin_channel_id="C1",
            team_id=team_id,
        )
        assert mine is not None and theirs is not None
        mine.channel_id, mine.message_ts = "G1", "100.1"
        session.add(Reply(request_id=mine.id, author_id="U2", ts="100.2", channel_id="G1"))
        session.add(
            Reply(
                request_id=theirs.id,
                author_id="U1",
                ts="200.2",
                channel_id="G2",
                posted_by_bot=True,
            )
        )
        outbox.enqueue(
            session,
            key="pairs:1",
            channel_id="C1",
            text="Makkerpar: <@U1> og <@U2>",
            blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "<@U1> og <@U2>"}}],
        )
        audit.record(session, actor="U1", action=audit.Action.SETTINGS_CHANGED, channel_id="C1")
        audit.record(session, actor="U1", action=audit.Action.ROLES_CHANGED, subject="U2")
        rules = Rules(feedback_modes=[next(iter(FeedbackMode))], rhythm_text=RULE)
        hers = propose(session, team=team, user_id="U1", rules=rules)
        jonas = propose(session, team=team, user_id="U2", rules=rules.model_copy())
        support(session, proposal_id=hers.id, user_id="U2")
        support(session, proposal_id=jonas.id, user_id="U1")
        decide(session, proposal_id=hers.id, user_id="U1", is_admin=False, adopt=True)
        save_settings(
            session,
            team=team,
            user_id="U1",
            weekdays=[1],
            at=time(9),
            case_minutes=30,
            minutes_before=60,
            cancelled=[],
            now=utcnow(),
        )
        queued = [
            queue_request(session, request=r, team=team, now=utcnow()) for r in (mine, theirs)
        ]
        assert queued[0] is not None and queued[1] is not None
        queued[1].marked_by, queued[1].marked_at = "U1", utcnow()
        return mine.id


def test_export_holds_requests_roles_pairs_pauses_answers_and_audit(
    session_factory: sessionmaker[Session],
) -> None:
    request_id = scenario(session_factory)
    with session_factory() as session:
        data = collect(session, user_id="U1")
    [made] = data["requests_made"]
    assert made["id"] == request_id and made["case_text"]["child"] == CASE
    [received] = data["requests_received"]
    assert received["requester"] == "U2" and received["case_text"]["question"]
    [membership] = data["teams"]
    assert membership["lead"] and membership["paused"] and membership["paused_until"]
    assert data["expert_roles"][0]["topic"] == "Skolefravær"
    assert data["buddy_rounds"][0]["with"] == ["U2"]
    assert data["buddy_rounds"][0]["did_you_meet"] == "no"
    # Her own not-with wish is in her export; Ali's wish about her is his, not hers.
    assert [wish["user"] for wish in data["not_paired_with"]] == ["U3"]
    assert data["periods_skipped"] == [
        {"team_id": data["periods_skipped"][0]["team_id"], "period_start": date(2026, 1, 12)}
    ]
    assert data["answers_recorded"][0]["posted_by_bot"] is True
    assert {e["action"] for e in data["audit_log"]} == {
        "settings_changed",
        "roles_changed",
        "rules_adopted",
        "meeting_changed",
    }
    [proposal] = data["rule_proposals"]
    assert proposal["rules"]["rhythm_text"] == RULE and proposal["status"] == "adopted"
    assert proposal["supporters"] == 1
    [supported] = data["rule_supports"]
    assert supported["proposed_by"] == "U2" and supported["id"] != proposal["id"]
    assert [d["id"] for d in data["rule_decisions"]] == [proposal["id"]]
    [version] = data["rule_versions"]
    assert (version["version"], version["proposed_by"], version["adopted_by"]) == (1, "U1", "U1")
    cases = data["meeting_cases"]
    assert [c["request_id"] for c in cases] == [request_id, received["id"]]
    assert cases[0]["marked_by"] is None and cases[1]["marked_by"] == "U1"
    assert data["meeting_settings_changed"] == [{"team": "C1"}]
    assert json.loads(as_json(data))["user_id"] == "U1"
    readable = as_text(data)
    assert CASE in readable and "Makkerpar" in readable and "Skolefravær" in readable
    assert RULE in readable and "Sager til teammødet" in readable


def test_export_leaves_out_case_text_that_retention_deleted(
    session_factory: sessionmaker[Session],
) -> None:
    request_id = scenario(session_factory)
    with session_factory.begin() as session:
        request = session.get(SparringRequest, request_id)
        assert request is not None
        request.child_text = request.question_text = None
        request.content_deleted_at = utcnow()
    with session_factory() as session:
        data = collect(session, user_id="U1")
    assert data["requests_made"][0]["case_text"] is None
    assert CASE not in as_text(data)


def everything(engine: Engine, session_factory: sessionmaker[Session]) -> str:
    """Every row of every table: raw, and decrypted through the models' column types."""
    rows = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            rows += [repr(tuple(r)) for r in connection.execute(text(f'SELECT * FROM "{table}"'))]
    with session_factory() as session:
        from models import Base

        for table in Base.metadata.sorted_tables:
            rows += [repr(tuple(r)) for r in session.execute(select(table))]
    return "\n".join(rows)


def test_forget_leaves_nothing_of_the_person_in_any_table(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    scenario(session_factory)
    alias = audit.pseudonym(TEST_KEY, "U1")
    forget_mette = partial(
        forget, session_factory=session_factory, client=None, user_id="U1", alias=alias
    )
    dry = forget_mette(now=utcnow(), dry_run=True)
    assert dry.counts["requests made (case text deleted, pseudonymised)"] == 1
    assert dry.counts["rule proposals supported"] == 1
    assert dry.counts["meeting cases marked"] == 1
    assert re.search(r"\bU1\b", everything(engine, session_factory))  # a dry run changes nothing
    done = forget_mette(now=utcnow(), dry_run=False)
    assert ("G1", "100.1") in done.slack_messages and ("G2", "200.2") in done.slack_messages
    dump = everything(engine, session_factory)
    assert not re.search(r"\bU1\b", dump), [line for line in dump.splitlines() if "U1" in line]
    assert CASE not in dump
    # What others need stays: Jonas's request, its history, the pair round (pseudonymised).
    assert "Jonas' eget spørgsmål" in dump and "U2" in dump and alias in dump
    # The rules stay (they are the team's), proposed, supported and adopted by the pseudonym.
    assert RULE in dump
    with session_factory() as session:
        for proposal in session.scalars(select(RulesProposal)):
            assert alias in (proposal.proposed_by, *proposal.supporters)
        [version] = session.scalars(select(RulesVersion))
        assert version.proposed_by == version.adopted_by == alias
        assert session.scalars(select(MeetingItem.marked_by)).all().count(alias) == 1
    with session_factory() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and last.action == "person_forgotten" and last.subject == alias
    again = forget_mette(now=utcnow(), dry_run=False)
    assert not any(again.counts.values()) and not again.slack_messages
    assert again.lines(dry_run=False)[0].startswith("nothing stored")


def test_the_pseudonym_is_keyed_and_stable() -> None:
    other = "ZmFrZS1rZXktZm9yLXRlc3RzLW9ubHktMzItYnl0ZXM="
    assert audit.pseudonym(TEST_KEY, "U1") == audit.pseudonym(TEST_KEY, "U1")
    assert audit.pseudonym(TEST_KEY, "U1") != audit.pseudonym(other, "U1")
    assert audit.pseudonym(TEST_KEY, "U1") != audit.pseudonym(TEST_KEY, "U2")
    assert "U1" not in audit.pseudonym(TEST_KEY, "U1")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str, engine: Engine) -> Path:
    """The command line on the test database, with the run's key."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # nothing listens
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("ENCRYPTION_KEYS", TEST_KEY)
    return tmp_path


def test_export_forget_and_audit_commands(
    cli: Path, session_factory: sessionmaker[Session], capsys: pytest.CaptureFixture[str]
) -> None:
    scenario(session_factory)
    assert main(["export", "U1", "--out", str(cli / "out")]) == 0
    assert CASE in (cli / "out" / "sparring-U1.txt").read_text()
    assert json.loads((cli / "out" / "sparring-U1.json").read_text())["user_id"] == "U1"
    assert main(["forget", "U1", "--dry-run"]) == 0
    assert "would be replaced by pseudonym p:" in capsys.readouterr().out
    main(["forget", "U1"])  # Slack is unreachable here: its messages are reported, not lost
    out = capsys.readouterr().out
    assert "replaced by pseudonym p:" in out and "not deleted" in out
    assert main(["forget", "U1"]) == 0
    assert "nothing stored" in capsys.readouterr().out
    assert main(["audit", "--since", "2000-01-01"]) == 0
    log = capsys.readouterr().out
    assert "data_exported" in log and "person_forgotten" in log and "settings_changed" in log
    assert not re.search(r"\bU1\b", log)
