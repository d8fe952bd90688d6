"""Saving what the lead and members submit in the team's modals: settings, expert roles, topics.

Each checks on the server who may do it (the modal's metadata only says which team): the lead
(or a workspace admin) for settings, topics and other people's roles, and that whoever gets
expert roles is in the team.
"""

from __future__ import annotations

from bot.core.errors import NotAllowed
from bot.core.i18n import t
from bot.deps import Deps
from bot.pairing.service import apply_settings, next_announcement
from bot.privacy import audit
from bot.slack.homes import want_home
from bot.slack.ids import Action, Block
from bot.slack.payload import State
from bot.slack.state import FormErrors, selected_value, selected_values, text_value
from bot.teams.form import ExpertMetadata, SettingsMetadata, parse_settings_submission
from bot.teams.participation import is_lead, is_member
from bot.teams.topics import (
    TOPIC_NAME_LIMIT,
    TopicNameTaken,
    add_topic,
    expert_topic_ids,
    rename_topic,
    retire_topic,
    set_expert_topics,
    topics_of,
)
from models import Team, Topic, utcnow


def save_settings(
    deps: Deps, *, metadata: SettingsMetadata, state: State, user_id: str
) -> tuple[str, str]:
    """Apply the lead's settings; returns the team channel and what to tell the lead there."""
    language = metadata.language
    form = parse_settings_submission(state, language=language, today=deps.today())
    admin = deps.users.is_admin(user_id)  # asked of Slack before the transaction opens
    with deps.session_factory.begin() as session:
        team = session.get(Team, metadata.team_id)
        # Checked again on submit: the modal may have been open while the lead changed.
        if team is None or not is_lead(team, user_id=user_id, is_admin=admin):
            raise NotAllowed(f"{user_id} saves settings", key="error.not_lead", block=Block.PAIRING)
        apply_settings(team, form)
        audit.record(
            session, actor=user_id, action=audit.Action.SETTINGS_CHANGED, channel_id=team.channel_id
        )
        channel_id, next_at = team.channel_id, next_announcement(team, now=utcnow())
    if next_at is None:
        return channel_id, t("settings.saved_off", language)
    return channel_id, t("settings.saved", language, when=next_at.strftime("%d.%m.%Y %H:%M"))


def save_expert_topics(deps: Deps, *, metadata: ExpertMetadata, state: State, user_id: str) -> str:
    """Set whose topics the modal was about (oneself, or anyone as the lead); returns the
    confirmation text."""
    language = metadata.language
    chosen = selected_values(state, Block.EXPERT_TOPICS, Action.EXPERT_TOPICS)
    admin = deps.users.is_admin(user_id)
    with deps.session_factory.begin() as session:
        team = session.get(Team, metadata.team_id)
        allowed = team is not None and (
            metadata.user_id == user_id or is_lead(team, user_id=user_id, is_admin=admin)
        )
        if team is None or not allowed:
            raise NotAllowed(f"{user_id} sets roles", key="lead.only", block=Block.EXPERT_TOPICS)
        # Only someone in the team covers its topics, whoever the metadata names.
        if not is_member(session, team_id=team.id, user_id=metadata.user_id):
            raise NotAllowed(
                f"roles for a non-member of team {team.id}",
                key="lead.not_member",
                block=Block.EXPERT_TOPICS,
                user=metadata.user_id,
            )
        set_expert_topics(
            session,
            team=team,
            user_id=metadata.user_id,
            topic_ids={int(value) for value in chosen if value.isdigit()},
            assigned_by=user_id,
        )
        audit.record(
            session,
            actor=user_id,
            action=audit.Action.ROLES_CHANGED,
            subject=metadata.user_id,
            channel_id=team.channel_id,
        )
        held = expert_topic_ids(session, team=team, user_id=metadata.user_id)
        covered = [
            topic.name(language) for topic in topics_of(session, team=team) if topic.id in held
        ]
        team_name = team.name
    who = (
        t("expert.you_object", language)
        if metadata.user_id == user_id
        else f"<@{metadata.user_id}>"
    )
    if covered:
        return t("expert.saved", language, who=who, team=team_name, topics=", ".join(covered))
    return t("expert.saved_none", language, who=who, team=team_name)


def save_topics(deps: Deps, *, metadata: SettingsMetadata, state: State, user_id: str) -> str:
    """The lead adds, renames and retires topics; returns the confirmation text."""
    language = metadata.language
    added = text_value(state, Block.TOPIC_ADD, Action.TOPIC_ADD)
    picked = selected_value(state, Block.TOPIC_PICK, Action.TOPIC_PICK)
    new_name = text_value(state, Block.TOPIC_RENAME, Action.TOPIC_RENAME)
    retired = selected_values(state, Block.TOPIC_RETIRE, Action.TOPIC_RETIRE)
    if bool(picked) != bool(new_name):
        block = Block.TOPIC_RENAME if picked else Block.TOPIC_PICK
        raise FormErrors({block: t("error.rename_incomplete", language)})
    too_long = {
        block: t("error.too_long", language, limit=TOPIC_NAME_LIMIT, length=len(name))
        for block, name in ((Block.TOPIC_ADD, added), (Block.TOPIC_RENAME, new_name))
        if name and len(name) > TOPIC_NAME_LIMIT
    }
    if too_long:  # Slack shows at most 75 characters in an option
        raise FormErrors(too_long)
    admin = deps.users.is_admin(user_id)
    with deps.session_factory.begin() as session:
        team = session.get(Team, metadata.team_id)
        if team is None or not is_lead(team, user_id=user_id, is_admin=admin):
            raise NotAllowed(f"{user_id} edits topics", key="lead.only", block=Block.TOPIC_ADD)
        try:
            # A savepoint, so a clash on the rename also undoes the addition.
            with session.begin_nested():
                if added:
                    add_topic(session, team=team, name=added)
                topic = session.get(Topic, int(picked)) if picked and picked.isdigit() else None
                if topic is not None and topic.team_id == team.id and new_name:
                    rename_topic(session, topic=topic, name=new_name)
        except TopicNameTaken:
            block = Block.TOPIC_ADD if added else Block.TOPIC_RENAME
            raise FormErrors({block: t("error.topic_taken", language)}) from None
        for value in retired:
            old = session.get(Topic, int(value)) if value.isdigit() else None
            if old is not None and old.team_id == team.id:
                retire_topic(session, topic=old)
        audit.record(
            session, actor=user_id, action=audit.Action.TOPICS_CHANGED, channel_id=team.channel_id
        )
        # Topic names (and the lead's gaps) are on the team's App Homes.
        want_home(session, user_ids=[m.user_id for m in team.members if m.left_at is None])
    return t("topics.saved", language)
