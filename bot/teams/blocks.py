"""Block Kit builders of the lead's settings, topics and expert-role modals."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    Block,
    Option,
    SectionBlock,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.core.periods import PERIOD_WEEKS, REMINDER_DAYS, RETENTION_DAYS
from bot.slack import ids
from bot.slack.mrkdwn import escape
from bot.slack.widgets import (
    ModalForm,
    checkbox,
    choice_options,
    date_input,
    field,
    multi_input,
    radio_input,
    select_input,
    text_input,
)
from bot.teams.form import ExpertMetadata, SettingsMetadata
from bot.teams.topics import TopicName
from models import (
    Team,
    Topic,
)

SETTINGS_FORM = ModalForm(ids.Callback.SETTINGS, "settings.title", "settings.submit")


def build_settings_modal(language: Language, *, team: Team, metadata: SettingsMetadata) -> View:
    """The lead's modal for the team's buddy pairs."""

    def select(block: ids.Block, label: str, prefix: str, values: list[str], value: str) -> Block:
        options = choice_options(language, prefix, values)
        return select_input(language, block, label, options, initial=value)

    holidays = Option(value="skip", text=t("holidays.skip", language))
    time_picker = TimePickerElement(
        action_id=ids.Action.TIME, initial_time=team.announce_time.strftime("%H:%M")
    )
    paused = team.paused_until.isoformat() if team.paused_until else None
    reminder = team.reminder_days if team.reminder_days in REMINDER_DAYS else 1
    retention = team.retention_days if team.retention_days in RETENTION_DAYS else 14
    blocks: list[Block] = [
        SectionBlock(text=t("settings.intro", language, name=escape(team.name))),
        _on_off(language, ids.Block.PAIRING, "settings.pairing", "pairing", team.pairing_enabled),
        select(
            ids.Block.PERIOD,
            "settings.period",
            "period",
            [str(weeks) for weeks in PERIOD_WEEKS],
            str(team.period_weeks),
        ),
        select(
            ids.Block.WEEKDAY,
            "settings.weekday",
            "weekday",
            [str(day) for day in range(5)],
            str(min(team.announce_weekday, 4)),
        ),
        field(language, ids.Block.TIME, "settings.time", time_picker),
        _on_off(
            language,
            ids.Block.EVERY_WEEK,
            "settings.every_week",
            "every_week",
            team.announce_every_week,
        ),
        checkbox(
            language, ids.Block.HOLIDAYS, "settings.holidays", holidays, ticked=team.skip_holidays
        ),
        select(
            ids.Block.REMINDER,
            "settings.reminder",
            "reminder",
            [str(days) for days in REMINDER_DAYS],
            str(reminder),
        ),
        select(
            ids.Block.RETENTION,
            "settings.retention",
            "retention",
            [str(days) for days in RETENTION_DAYS],
            str(retention),
        ),
        date_input(language, ids.Block.TEAM_PAUSE, "settings.pause", paused, "hint.pause"),
    ]
    return SETTINGS_FORM.view(language, metadata, blocks)


def _on_off(language: Language, block: ids.Block, label: str, prefix: str, on: bool) -> Block:
    """A yes/no radio field; `pairing` says on/off, the others yes/no."""
    values = ["on", "off"] if prefix == "pairing" else ["yes", "no"]
    return radio_input(language, block, label, prefix, values, initial=values[0 if on else 1])


def topic_options(language: Language, topics: Sequence[Topic | TopicName]) -> list[Option]:
    return [Option(value=str(topic.id), text=topic.name(language)[:75]) for topic in topics]


EXPERT_FORM = ModalForm(ids.Callback.EXPERT, "expert.title", "settings.submit")


def build_expert_modal(
    language: Language,
    *,
    topics: Sequence[Topic],
    chosen: set[int],
    metadata: ExpertMetadata,
    for_self: bool,
) -> View:
    """Choosing the topics someone covers as an expert."""
    options = topic_options(language, topics)
    who = t("expert.you", language) if for_self else f"<@{metadata.user_id}>"
    ticked = {str(topic_id) for topic_id in chosen}
    expert_topics = multi_input(
        language,
        ids.Block.EXPERT_TOPICS,
        "field.expert_topics",
        options,
        chosen=ticked,
        optional=True,
    )
    intro = SectionBlock(text=t("expert.intro", language, who=who))
    return EXPERT_FORM.view(language, metadata, [intro, expert_topics])


TOPICS_FORM = ModalForm(ids.Callback.TOPICS, "topics.title", "settings.submit")


def build_topics_modal(language: Language, *, topics: Sequence[Topic], metadata: str) -> View:
    """The lead's modal to add, rename and retire the team's topics."""
    options = topic_options(language, topics)
    blocks: list[Block] = [
        _name_input(language, ids.Block.TOPIC_ADD, "topics.add"),
        select_input(language, ids.Block.TOPIC_PICK, "topics.pick", options, optional=True),
        _name_input(language, ids.Block.TOPIC_RENAME, "topics.rename"),
        multi_input(language, ids.Block.TOPIC_RETIRE, "topics.retire", options, optional=True),
    ]
    return TOPICS_FORM.view(language, metadata, blocks)


def _name_input(language: Language, block: ids.Block, label: str) -> Block:
    """A topic's name: one line, as long as an option's text may be."""
    return text_input(language, block, label, optional=True, max_length=75, multiline=False)
