"""In process: the team's ground rules written together — propose, comment, support, the lead
adopts — and the request form then offering and accepting only what the rules allow."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import t
from bot.playground.slack import FakeSlack
from bot.slack.ids import Action, Block
from models import AuditEntry, ProposalStatus, RulesProposal, RulesVersion, SparringRequest
from tests.inprocess import InProcess

RULES = {
    Action.RULES_FEEDBACK: ["answer_only"],
    Action.RULES_ASKING_TEXT: "Skriv i teamkanalen, og nævn din makker.",
}


def shown(blob: dict[str, Any]) -> str:
    return json.dumps(blob.get("blocks") or [], ensure_ascii=False)


def proposal_post(fake: FakeSlack) -> dict[str, Any]:
    [post] = [m for m in fake.messages("C1") if "foreslår nye spilleregler" in shown(m)]
    return post


def propose(fake: FakeSlack, inproc: InProcess, user: str = "U2") -> dict[str, Any]:
    acked = inproc.command(user, "spilleregler foreslå", channel_id="C1")
    modal = fake.open_view_for(acked.trigger_id, timeout=0)
    # Prefilled with today's rules: the template allows all three modes.
    assert "answer_only" in shown(modal) and "Den, der spørger" in shown(modal)
    assert inproc.submit_view(user, modal["id"], RULES).payload is None
    return proposal_post(fake)


def test_propose_comment_support_and_the_lead_adopts_a_new_version(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    # Before anything is adopted everyone sees the template, and the history is empty.
    acked = inproc.command("U3", "rules", channel_id="C1")
    rules_modal = fake.open_view_for(acked.trigger_id, timeout=0)
    assert "skabelon" in shown(rules_modal).lower() or "template" in shown(rules_modal).lower()
    inproc.command("U2", "spilleregler historik", channel_id="C1")
    assert fake.ephemerals(user="U2")[-1]["text"].startswith("Teamet har ikke vedtaget")

    post = propose(fake, inproc)
    text = shown(post)
    # The diff in plain words: the two modes no longer allowed, the new text on asking.
    assert "fjernet" in text and "Svar og anerkendelse" in text
    assert "Skriv i teamkanalen" in text

    # Colleagues comment in the thread and support it; who supported is shown.
    inproc.user_message("U3", "C1", "Godt forslag", thread_ts=post["ts"])
    inproc.click("U3", Action.RULES_SUPPORT, message=post)
    assert "<@U3>" in shown(proposal_post(fake)) and "Støttes af" in shown(proposal_post(fake))

    # A colleague pressing *Vedtag* changes nothing and is told why.
    inproc.click("U2", Action.RULES_ADOPT, message=proposal_post(fake))
    assert fake.ephemerals(user="U2")[-1]["text"] == t("rules.only_lead", "da")
    with session_factory() as session:
        assert session.scalars(select(RulesVersion)).all() == []

    # The lead adopts with one click, and may give a reason.
    acked = inproc.click("U1", Action.RULES_ADOPT, message=proposal_post(fake))
    reason = fake.open_view_for(acked.trigger_id, timeout=0)
    assert inproc.submit_view("U1", reason["id"], {Action.RULES_REASON: "God idé"}).payload is None
    with session_factory() as session:
        [version] = session.scalars(select(RulesVersion)).all()
        [proposal] = session.scalars(select(RulesProposal)).all()
        assert (version.version, version.proposed_by, version.adopted_by) == (1, "U2", "U1")
        assert proposal.status == ProposalStatus.ADOPTED and proposal.reason == "God idé"
        # The audit log says who adopted whose proposal, and nothing of the rules' text.
        [entry] = [e for e in session.scalars(select(AuditEntry)) if e.action == "rules_adopted"]
        assert (entry.actor, entry.subject, entry.channel_id) == ("U1", "U2", "C1")
    after = shown(proposal_post(fake))
    assert "Vedtaget af <@U1> som version 1" in after and Action.RULES_ADOPT not in after
    thread = [m for m in fake.messages("C1") if m.get("thread_ts") == post["ts"]]
    assert any("version 1" in m["text"] for m in thread)
    assert any("God idé" in m["text"] for m in thread)

    # A second click (an old copy of the post) changes nothing and says why.
    inproc.click("U1", Action.RULES_DECLINE, channel_id="C1", value=str(proposal.id))
    assert fake.ephemerals(user="U1")[-1]["text"] == t("rules.decided", "da")
    with session_factory() as session:
        assert len(session.scalars(select(RulesVersion)).all()) == 1

    inproc.command("U2", "rules history", channel_id="C1")
    assert "Version 1" in fake.ephemerals(user="U2")[-1]["text"]


def test_a_cpr_number_in_the_rules_is_refused_inline(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    acked = inproc.command("U2", "rules propose", channel_id="C1")
    modal = fake.open_view_for(acked.trigger_id, timeout=0)
    acked = inproc.submit_view("U2", modal["id"], {Action.RULES_TOPICS_TEXT: "fx 010203-1234"})
    assert Block.RULES_TOPICS_TEXT in acked.view_errors
    with session_factory() as session:
        assert session.scalars(select(RulesProposal)).all() == []


def test_the_request_form_offers_only_the_allowed_modes_and_refuses_a_forbidden_one(
    fake: FakeSlack, inproc: InProcess, team: int, session_factory: sessionmaker[Session]
) -> None:
    # A form opened while the template (all modes) is in force ...
    acked = inproc.command("U2", channel_id="C1")
    stale = fake.open_view_for(acked.trigger_id, timeout=0)
    assert "Teamets spilleregler kort" in shown(stale)
    inproc.click("U2", Action.ROUTE, view_id=stale["id"], value="colleague")
    propose(fake, inproc)
    inproc.click("U1", Action.RULES_ADOPT, message=proposal_post(fake))

    # ... a fresh form offers only what the rules now allow, with the rules in brief.
    acked = inproc.command("U2", channel_id="C1")
    fresh = fake.open_view_for(acked.trigger_id, timeout=0)
    [feedback] = [b for b in fresh["blocks"] if b.get("block_id") == Block.FEEDBACK]
    assert [o["value"] for o in feedback["element"]["options"]] == ["answer_only"]
    assert "Skriv i teamkanalen" in shown(fresh)
    # The full rules are one click away.
    inproc.click("U2", Action.RULES_SHOW, view_id=fresh["id"])
    assert "Sådan beder vi om sparring" in shown(fake.view(fake.modal_stack("U2")[-1]))

    request = {
        Action.CHILD: "Dreng, 9 år.",
        Action.QUESTION: "Hvordan griber I det an?",
        Action.HELP_KIND: "idea",
        Action.FORM: "written",
        Action.ROUTE: "colleague",
    }
    # The stale form still has "assess": the submission is refused inline.
    values = request | {Action.FEEDBACK: "assess", Action.COLLEAGUE: "U3"}
    acked = inproc.submit_view("U2", stale["id"], values)
    assert acked.view_errors[Block.FEEDBACK].startswith("Teamets spilleregler tillader ikke")
    with session_factory() as session:
        assert session.scalars(select(SparringRequest)).all() == []

    # An allowed mode goes through, and the responder sees what was asked and the team's rule.
    acked = inproc.submit_view("U2", stale["id"], values | {Action.FEEDBACK: "answer_only"})
    assert acked.payload is None
    [message] = [
        m for m in fake.messages(fake.open_mpim(["U2", "U3"])) if m.get("thread_ts") is None
    ]
    text = shown(message)
    assert "Der bedes om:* Svar kun på mit konkrete spørgsmål" in text
    assert "Teamets spilleregel for feedback:* Tilladt: Svar kun på mit konkrete spørgsmål" in text
    assert "endnu ikke skrevet sine spilleregler" not in text
