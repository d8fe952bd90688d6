"""Submissions of the expert-topics modal and the lead's topics modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.core.i18n import t
from bot.deps import Deps
from bot.slack.ids import Action, Block, Callback
from bot.slack.state import selected_value, selected_values, text_value
from bot.slack.widgets import build_notice_modal
from bot.teams.form import ExpertMetadata, SettingsMetadata
from bot.teams.participation import is_lead
from bot.teams.topics import (
    TopicNameTaken,
    add_topic,
    expert_topic_ids,
    rename_topic,
    retire_topic,
    set_expert_topics,
    topics_of,
)
from models import Team, Topic


def register(app: App, deps: Deps) -> None:
    """Register the expert and topic modals' submission listeners."""

    @app.view(Callback.EXPERT)
    def handle_expert_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        meta = ExpertMetadata.model_validate_json(view["private_metadata"])
        user_id = body["user"]["id"]
        chosen = selected_values(view["state"]["values"], Block.EXPERT_TOPICS, Action.EXPERT_TOPICS)
        admin = deps.users.is_admin(user_id)
        with deps.session_factory.begin() as session:
            team = session.get(Team, meta.team_id)
            allowed = team is not None and (
                meta.user_id == user_id or is_lead(team, user_id=user_id, is_admin=admin)
            )
            if team is None or not allowed:
                errors = {Block.EXPERT_TOPICS: t("lead.only", meta.language)}
                ack(response_action="errors", errors=errors)
                return
            set_expert_topics(
                session,
                team=team,
                user_id=meta.user_id,
                topic_ids={int(value) for value in chosen},
                assigned_by=user_id,
            )
            covered = [
                topic.name(meta.language)
                for topic in topics_of(session, team=team)
                if topic.id in expert_topic_ids(session, team=team, user_id=meta.user_id)
            ]
            team_name = team.name
        who = (
            t("expert.you_object", meta.language)
            if meta.user_id == user_id
            else f"<@{meta.user_id}>"
        )
        if covered:
            text = t(
                "expert.saved", meta.language, who=who, team=team_name, topics=", ".join(covered)
            )
        else:
            text = t("expert.saved_none", meta.language, who=who, team=team_name)
        ack(response_action="update", view=build_notice_modal(meta.language, text))

    @app.view(Callback.TOPICS)
    def handle_topics_submission(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        meta = SettingsMetadata.model_validate_json(view["private_metadata"])
        language, state = meta.language, view["state"]["values"]
        added = text_value(state, Block.TOPIC_ADD, Action.TOPIC_ADD)
        picked = selected_value(state, Block.TOPIC_PICK, Action.TOPIC_PICK)
        new_name = text_value(state, Block.TOPIC_RENAME, Action.TOPIC_RENAME)
        retired = selected_values(state, Block.TOPIC_RETIRE, Action.TOPIC_RETIRE)
        if bool(picked) != bool(new_name):
            block = Block.TOPIC_RENAME if picked else Block.TOPIC_PICK
            ack(response_action="errors", errors={block: t("error.rename_incomplete", language)})
            return
        admin = deps.users.is_admin(body["user"]["id"])
        with deps.session_factory.begin() as session:
            team = session.get(Team, meta.team_id)
            if team is None or not is_lead(team, user_id=body["user"]["id"], is_admin=admin):
                ack(response_action="errors", errors={Block.TOPIC_ADD: t("lead.only", language)})
                return
            try:
                # A savepoint, so a clash on the rename also undoes the addition.
                with session.begin_nested():
                    if added:
                        add_topic(session, team=team, name=added)
                    topic = session.get(Topic, int(picked)) if picked else None
                    if topic is not None and topic.team_id == team.id and new_name:
                        rename_topic(session, topic=topic, name=new_name)
            except TopicNameTaken:
                block = Block.TOPIC_ADD if added else Block.TOPIC_RENAME
                ack(response_action="errors", errors={block: t("error.topic_taken", language)})
                return
            for value in retired:
                old = session.get(Topic, int(value))
                if old is not None and old.team_id == team.id:
                    retire_topic(session, topic=old)
        ack(
            response_action="update", view=build_notice_modal(language, t("topics.saved", language))
        )
