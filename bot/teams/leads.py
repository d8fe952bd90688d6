"""Who leads a team: the lead hands the role on (`/sparring leder @navn`), and a team whose
lead left its channel is asked to pick a new one while the workspace's admins are told."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.models.blocks import ActionsBlock, Block, SectionBlock, UserSelectElement
from sqlalchemy.orm import Session, sessionmaker

from bot.core.i18n import Language, t
from bot.privacy import audit
from bot.slack import ids, outbox
from bot.slack.commands import Invocation
from bot.slack.homes import want_home
from bot.slack.mrkdwn import escape
from bot.slack.users import workspace_admins
from bot.teams.participation import is_lead
from bot.teams.service import get_team, teams_for_user
from models import Team, TeamMember, utcnow


@dataclass(frozen=True)
class Handover:
    """The outcome of a handover: a message key for the person who asked, and the outbox key
    of the channel's post when the role changed hands."""

    answer: str
    posted_key: str | None = None


def _active(team: Team, user_id: str) -> TeamMember | None:
    return next((m for m in team.members if m.user_id == user_id and m.left_at is None), None)


def current_leads(team: Team) -> list[str]:
    """The team's leads who are still in its channel."""
    return [m.user_id for m in team.members if m.is_lead and m.left_at is None]


def hand_over(
    session: Session,
    *,
    channel_id: str,
    actor_id: str,
    new_lead: str,
    is_admin: bool,
    may_pick: bool = False,
) -> Handover:
    """Make `new_lead` the team's only lead, if the actor leads it (or is a workspace admin,
    or — `may_pick` — is a member of a team that has no lead left) and they are a member."""
    team = get_team(session, channel_id=channel_id, lock=True)
    if team is None:
        return Handover("lead.only")
    leads = current_leads(team)
    allowed = is_lead(team, user_id=actor_id, is_admin=is_admin) or (
        may_pick and not leads and _active(team, actor_id) is not None
    )
    if not allowed:
        return Handover("lead.pick_taken" if may_pick and leads else "lead.only")
    target = _active(team, new_lead)
    if target is None:
        return Handover("lead.not_member")
    if leads == [new_lead]:
        return Handover("lead.handover_already")
    for member in team.members:
        member.is_lead = member is target
    audit.record(
        session,
        actor=actor_id,
        action=audit.Action.LEAD_HANDED_OVER,
        subject=new_lead,
        channel_id=team.channel_id,
    )
    session.flush()
    # The lead's sections appear on one App Home and go from the others.
    want_home(session, user_ids=[actor_id, new_lead, *leads])
    # One post per handover: the moment makes the key new each time the role changes hands.
    key = f"lead-handover:{team.id}:{new_lead}:{utcnow().isoformat()}"
    text = t("lead.handover_posted", _team_language(team), user=new_lead, by=actor_id)
    _post_in_channel(session, team, key=key, text=text)
    done = "lead.handover_done" if actor_id in leads else "lead.handover_admin_done"
    return Handover(done, key)


def _team_language(team: Team) -> Language:
    return "en" if team.language == "en" else "da"


def _post_in_channel(
    session: Session, team: Team, *, key: str, text: str, blocks: list[Block] | None = None
) -> None:
    """One message in the team channel, through the outbox under `key`."""
    outbox.enqueue(
        session,
        key=key,
        channel_id=team.channel_id,
        team_id=team.id,
        text=text,
        blocks=None if blocks is None else [block.to_dict() for block in blocks],
    )


def lead_is_leaving(session: Session, *, channel_id: str, user_id: str) -> bool:
    """Whether the person is the team's last lead in the channel (read before they leave)."""
    team = get_team(session, channel_id=channel_id)
    return team is not None and current_leads(team) == [user_id]


def teams_led_alone(session: Session, *, user_id: str) -> list[str]:
    """The channels of the active teams the person is the last lead of (read before they
    leave them all, e.g. when their account is deactivated)."""
    return [
        team.channel_id
        for team in teams_for_user(session, user_id=user_id)
        if current_leads(team) == [user_id]
    ]


def ask_teams_for_a_new_lead(
    session: Session,
    *,
    teams: list[Team],
    user_id: str,
    event_id: str,
    admins: list[str],
    language_of: dict[str, Language],
) -> list[int]:
    """After the person left these teams at once: each team they led and that has no lead
    left is asked to pick one, its admins told (see `ask_for_a_new_lead`); those teams' ids."""
    asked = []
    for team in teams:
        # A stopped team's channel is gone for the bot: nobody there to ask.
        if not team.active or not any(m.user_id == user_id and m.is_lead for m in team.members):
            continue
        team_id = ask_for_a_new_lead(
            session,
            channel_id=team.channel_id,
            user_id=user_id,
            event_id=event_id,
            admins=admins,
            language_of=language_of,
        )
        if team_id is not None:
            asked.append(team_id)
    return asked


def ask_for_a_new_lead(
    session: Session,
    *,
    channel_id: str,
    user_id: str,
    event_id: str,
    admins: list[str],
    language_of: dict[str, Language],
) -> int | None:
    """After the last lead left: the team channel gets a message to pick a new lead, each
    workspace admin a DM; once per leaving (keyed by the event). The team's id, or None when
    it still has a lead (someone was made lead meanwhile)."""
    team = get_team(session, channel_id=channel_id)
    if team is None or current_leads(team):
        return None
    language = _team_language(team)
    text = t("lead.left_team", language, user=user_id)
    blocks = [
        SectionBlock(text=text),
        ActionsBlock(
            block_id=ids.Block.LEAD_PICK,
            elements=[
                UserSelectElement(
                    action_id=ids.Action.LEAD_PICK, placeholder=t("lead.pick_label", language)
                )
            ],
        ),
    ]
    key = f"lead-left:{team.id}:{event_id}"
    _post_in_channel(session, team, key=key, text=text, blocks=blocks)
    for admin in admins:
        outbox.enqueue(
            session,
            key=f"{key}:admin:{admin}",
            users=[admin],
            team_id=team.id,
            text=t(
                "lead.left_admin",
                language_of.get(admin, language),
                channel=team.channel_id,
                name=escape(team.name),
                user=user_id,
            ),
        )
    return team.id


def admins_to_tell(client: WebClient) -> list[str]:
    """The workspace admins and owners to tell that a team lost its lead."""
    return workspace_admins(client)


def send_team_posts(
    *, client: WebClient, session_factory: sessionmaker[Session], team_id: int
) -> None:
    """Post what the lead's change queued for the team now (the catch-up retries failures)."""
    outbox.send_pending(client=client, session_factory=session_factory, team_id=team_id)


def lead_text(call: Invocation, client: WebClient) -> str:
    """`/sparring leder @navn` in the team's channel: the lead (or an admin) hands the role on."""
    target, _rest = call.target()
    if target is None:
        return t("lead.handover_who", call.language)
    admin = call.deps.users.is_admin(call.user_id)  # asked before the transaction opens
    with call.deps.session_factory.begin() as session:
        done = hand_over(
            session,
            channel_id=call.channel_id,
            actor_id=call.user_id,
            new_lead=target,
            is_admin=admin,
        )
        team = get_team(session, channel_id=call.channel_id)
        team_id = team.id if team is not None else None
    if done.posted_key is not None and team_id is not None:
        send_team_posts(client=client, session_factory=call.deps.session_factory, team_id=team_id)
    return t(done.answer, call.language, user=target)
