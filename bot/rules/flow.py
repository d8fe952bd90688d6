"""What the rules' command, buttons and modals do: open the rules, propose a change, support
it, and the lead's decision, each posted in the team channel exactly once (the outbox)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import SectionBlock
from slack_sdk.models.views import View
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.errors import NotAllowed
from bot.core.i18n import Language, t
from bot.deps import Deps
from bot.rules.blocks import (
    build_proposal_post,
    build_propose_modal,
    build_rules_modal,
    history_text,
)
from bot.rules.form import RulesMetadata, parse_proposal
from bot.rules.service import (
    base_rules,
    current_rules,
    decide,
    give_reason,
    history,
    latest_version,
    propose,
    support,
    team_language,
)
from bot.slack import outbox
from bot.slack.commands import Invocation
from bot.slack.modals import open_then_fill
from bot.slack.payload import State
from bot.slack.widgets import build_notice_modal
from bot.teams.participation import is_member
from bot.teams.service import no_team_key, team_in_context
from models import OutboxMessage, ProposalStatus, RulesProposal, Team

log = logging.getLogger(__name__)


def _team_view(
    deps: Deps,
    user_id: str,
    channel_id: str,
    language: Language,
    build: Callable[[Session, Team], View],
) -> View:
    """The view `build` makes for the team the command means, if the person is in it."""
    with deps.session_factory() as session:
        team = team_in_context(session, user_id=user_id, channel_id=channel_id)
        if team is None:
            return build_notice_modal(language, t(no_team_key(session, user_id), language))
        if not is_member(session, team_id=team.id, user_id=user_id):
            return build_notice_modal(language, t("rules.not_member", language))
        return build(session, team)


def rules_view(session: Session, team: Team, language: Language) -> View:
    """The rules modal of a team."""
    rules, version = current_rules(session, team=team)
    metadata = RulesMetadata(team_id=team.id, language=language)
    return build_rules_modal(
        language, team_name=team.name, rules=rules, version=version, metadata=metadata
    )


def propose_view(session: Session, team: Team, language: Language) -> View:
    """The propose modal, prefilled with the rules in force."""
    rules, _version = current_rules(session, team=team)
    return build_propose_modal(
        language, rules=rules, metadata=RulesMetadata(team_id=team.id, language=language)
    )


def open_rules(
    *, client: WebClient, deps: Deps, trigger_id: str, user_id: str, channel_id: str, propose: bool
) -> None:
    """`/sparring spilleregler [foreslå]`: the rules, or the modal to propose a change."""
    build = propose_view if propose else rules_view

    def fill(language: Language) -> View:
        return _team_view(
            deps,
            user_id,
            channel_id,
            language,
            lambda session, team: build(session, team, language),
        )

    open_then_fill(client=client, deps=deps, trigger_id=trigger_id, user_id=user_id, fill=fill)


def push_rules(
    *, client: WebClient, deps: Deps, trigger_id: str, user_id: str, team_id: int, propose: bool
) -> None:
    """A button in a modal: push the rules (or the propose modal) on top, for members only."""
    language = deps.users.cached_language(user_id)
    with deps.session_factory() as session:
        team = session.get(Team, team_id)
        if team is None or not is_member(session, team_id=team_id, user_id=user_id):
            raise NotAllowed(f"{user_id} not in team {team_id}", key="rules.not_member")
        view = (propose_view if propose else rules_view)(session, team, language)
    client.views_push(trigger_id=trigger_id, view=view)


def _post_key(proposal_id: int) -> str:
    return f"rules-proposal:{proposal_id}"


def submit_proposal(
    deps: Deps, *, client: WebClient, metadata: RulesMetadata, state: State, user_id: str
) -> str:
    """Store a member's proposal and post it in the team channel; the text for the modal."""
    rules = parse_proposal(state, metadata)
    with deps.session_factory.begin() as session:
        team = session.get(Team, metadata.team_id)
        if team is None:
            raise NotAllowed(f"team {metadata.team_id} gone", key="rules.not_member")
        proposal = propose(session, team=team, user_id=user_id, rules=rules)
        language = team_language(team)
        before = base_rules(session, proposal=proposal, team=team)
        key = _post_key(proposal.id)
        outbox.enqueue(
            session,
            key=key,
            channel_id=team.channel_id,
            team_id=team.id,
            text=t("rules.proposal", language, proposer=user_id),
            blocks=[
                b.to_dict() for b in build_proposal_post(language, proposal=proposal, before=before)
            ],
        )
        channel_id = team.channel_id
    outbox.send_key(client=client, session_factory=deps.session_factory, key=key)
    return t("rules.proposed", metadata.language, channel=channel_id)


def proposal_blocks(session: Session, proposal: RulesProposal) -> list[dict[str, object]]:
    """The proposal post as it should look now."""
    team = session.get(Team, proposal.team_id)
    assert team is not None
    language = team_language(team)
    version = latest_version(session, team_id=team.id)
    number = version.version if version and version.proposal_id == proposal.id else None
    before = base_rules(session, proposal=proposal, team=team)
    return [
        b.to_dict()
        for b in build_proposal_post(language, proposal=proposal, before=before, version=number)
    ]


def act_on_proposal(
    deps: Deps, *, client: WebClient, proposal_id: int, user_id: str, action: str
) -> tuple[list[dict[str, object]], RulesProposal, str]:
    """Support, adopt or decline a proposal; the post's new blocks and the proposal. A decision
    is announced in the post's thread through the outbox."""
    admin = deps.users.is_admin(user_id) if action != "support" else False
    with deps.session_factory.begin() as session:
        if action == "support":
            proposal = support(session, proposal_id=proposal_id, user_id=user_id)
        else:
            proposal = decide(
                session,
                proposal_id=proposal_id,
                user_id=user_id,
                is_admin=admin,
                adopt=action == "adopt",
            )
            _announce(session, proposal)
        team = session.get(Team, proposal.team_id)
        language = team_language(team) if team else "da"
        text = t("rules.proposal", language, proposer=proposal.proposed_by)
        blocks = proposal_blocks(session, proposal)
    if action != "support":
        outbox.send_key(
            client=client, session_factory=deps.session_factory, key=f"rules-decided:{proposal_id}"
        )
    return blocks, proposal, text


def _announce(session: Session, proposal: RulesProposal) -> None:
    """The decision in the proposal's thread, once."""
    team = session.get(Team, proposal.team_id)
    posted = session.scalar(
        select(OutboxMessage).where(OutboxMessage.key == _post_key(proposal.id))
    )
    if team is None or posted is None or posted.ts is None:
        return
    language = team_language(team)
    adopted = proposal.status == ProposalStatus.ADOPTED
    version = latest_version(session, team_id=team.id) if adopted else None
    text = (
        t("rules.adopted", language, lead=proposal.decided_by, version=version.version)
        if version
        else t("rules.declined", language, lead=proposal.decided_by)
    )
    outbox.enqueue(
        session,
        key=f"rules-decided:{proposal.id}",
        channel_id=posted.posted_channel_id or team.channel_id,
        thread_ts=posted.ts,
        team_id=team.id,
        text=text,
    )


def add_reason(
    deps: Deps, *, client: WebClient, proposal_id: int, user_id: str, reason: str
) -> None:
    """The lead's reason: on the proposal post and in its thread."""
    with deps.session_factory.begin() as session:
        proposal = give_reason(session, proposal_id=proposal_id, user_id=user_id, reason=reason)
        team = session.get(Team, proposal.team_id)
        posted = session.scalar(
            select(OutboxMessage).where(OutboxMessage.key == _post_key(proposal.id))
        )
        blocks = proposal_blocks(session, proposal)
        fallback = t(
            "rules.proposal", team_language(team) if team else "da", proposer=proposal.proposed_by
        )
        where = (posted.posted_channel_id, posted.ts) if posted and posted.ts else None
        key = f"rules-reason:{proposal.id}"
        if where and team is not None:
            language = team_language(team)
            text = t("rules.reason_line", language, reason=reason)
            outbox.enqueue(
                session,
                key=key,
                channel_id=where[0],
                thread_ts=where[1],
                team_id=team.id,
                text=text,
                blocks=[SectionBlock(text=text[:3000]).to_dict()],
            )
    if where and where[0]:
        update_post(client, channel_id=where[0], ts=where[1], blocks=blocks, text=fallback)
    outbox.send_key(client=client, session_factory=deps.session_factory, key=key)


def update_post(
    client: WebClient,
    *,
    channel_id: str,
    ts: str,
    blocks: list[dict[str, object]],
    text: str | None = None,
) -> None:
    """Show the proposal's state on its post; chat.update is idempotent, so a failure only
    leaves the post behind until the next change."""
    try:
        client.chat_update(channel=channel_id, ts=ts, blocks=blocks, text=text)
    except SlackApiError as error:
        log.info("proposal post not updated: %s", error.response.get("error"))


def rules_history_text(call: Invocation) -> str:
    """`/sparring spilleregler historik`: every adopted version of the team's rules."""
    with call.deps.session_factory() as session:
        team = team_in_context(session, user_id=call.user_id, channel_id=call.channel_id)
        if team is None:
            return t(no_team_key(session, call.user_id), call.language)
        if not is_member(session, team_id=team.id, user_id=call.user_id):
            return t("rules.not_member", call.language)
        return history_text(call.language, history(session, team_id=team.id))
