"""Block Kit builders of the lead's settings, topics and expert-role modals."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.core.i18n import Language, t
from bot.core.periods import PERIOD_WEEKS, REMINDER_DAYS, RETENTION_DAYS
from bot.slack import ids
from bot.slack.mrkdwn import escape
from bot.slack.widgets import choice_options, form_modal, radio_input
from bot.teams.form import ExpertMetadata, SettingsMetadata
from models import (
    Team,
    Topic,
)


def build_settings_modal(language: Language, *, team: Team, metadata: SettingsMetadata) -> View:
    """The lead's modal for the team's buddy pairs."""

    def select(
        block: ids.Block,
        action: ids.Action,
        label: str,
        prefix: str,
        values: Sequence[str],
        initial: str,
    ) -> InputBlock:
        options = choice_options(language, prefix, values)
        return InputBlock(
            block_id=block,
            label=t(label, language),
            element=StaticSelectElement(
                action_id=action,
                options=options,
                initial_option=next(o for o in options if o.value == initial),
            ),
        )

    holiday_option = Option(value="skip", text=t("holidays.skip", language))
    return form_modal(
        language,
        callback=ids.Callback.SETTINGS,
        title="settings.title",
        submit="settings.submit",
        metadata=metadata.dump(),
        blocks=[
            SectionBlock(text=t("settings.intro", language, name=escape(team.name))),
            radio_input(
                language,
                block=ids.Block.PAIRING,
                action=ids.Action.PAIRING,
                label="settings.pairing",
                prefix="pairing",
                values=["on", "off"],
                initial="on" if team.pairing_enabled else "off",
            ),
            select(
                ids.Block.PERIOD,
                ids.Action.PERIOD,
                "settings.period",
                "period",
                [str(weeks) for weeks in PERIOD_WEEKS],
                str(team.period_weeks),
            ),
            select(
                ids.Block.WEEKDAY,
                ids.Action.WEEKDAY,
                "settings.weekday",
                "weekday",
                [str(day) for day in range(5)],
                str(min(team.announce_weekday, 4)),
            ),
            InputBlock(
                block_id=ids.Block.TIME,
                label=t("settings.time", language),
                element=TimePickerElement(
                    action_id=ids.Action.TIME, initial_time=team.announce_time.strftime("%H:%M")
                ),
            ),
            radio_input(
                language,
                block=ids.Block.EVERY_WEEK,
                action=ids.Action.EVERY_WEEK,
                label="settings.every_week",
                prefix="every_week",
                values=["yes", "no"],
                initial="yes" if team.announce_every_week else "no",
            ),
            InputBlock(
                block_id=ids.Block.HOLIDAYS,
                label=t("settings.holidays", language),
                optional=True,
                element=CheckboxesElement(
                    action_id=ids.Action.HOLIDAYS,
                    options=[holiday_option],
                    initial_options=[holiday_option] if team.skip_holidays else None,
                ),
            ),
            select(
                ids.Block.REMINDER,
                ids.Action.REMINDER,
                "settings.reminder",
                "reminder",
                [str(days) for days in REMINDER_DAYS],
                str(team.reminder_days if team.reminder_days in REMINDER_DAYS else 1),
            ),
            select(
                ids.Block.RETENTION,
                ids.Action.RETENTION,
                "settings.retention",
                "retention",
                [str(days) for days in RETENTION_DAYS],
                str(team.retention_days if team.retention_days in RETENTION_DAYS else 14),
            ),
            InputBlock(
                block_id=ids.Block.TEAM_PAUSE,
                label=t("settings.pause", language),
                hint=t("hint.pause", language),
                optional=True,
                element=DatePickerElement(
                    action_id=ids.Action.TEAM_PAUSE,
                    initial_date=team.paused_until.isoformat() if team.paused_until else None,
                ),
            ),
        ],
    )


def topic_options(language: Language, topics: Sequence[Topic]) -> list[Option]:
    return [Option(value=str(topic.id), text=topic.name(language)[:75]) for topic in topics]


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
    return form_modal(
        language,
        callback=ids.Callback.EXPERT,
        title="expert.title",
        submit="settings.submit",
        metadata=metadata.dump(),
        blocks=[
            SectionBlock(text=t("expert.intro", language, who=who)),
            InputBlock(
                block_id=ids.Block.EXPERT_TOPICS,
                label=t("field.expert_topics", language),
                optional=True,
                element=StaticMultiSelectElement(
                    action_id=ids.Action.EXPERT_TOPICS,
                    options=options,
                    initial_options=[o for o in options if int(o.value) in chosen] or None,
                ),
            ),
        ],
    )


def build_topics_modal(language: Language, *, topics: Sequence[Topic], metadata: str) -> View:
    """The lead's modal to add, rename and retire the team's topics."""
    options = topic_options(language, topics)
    return form_modal(
        language,
        callback=ids.Callback.TOPICS,
        title="topics.title",
        submit="settings.submit",
        metadata=metadata,
        blocks=[
            InputBlock(
                block_id=ids.Block.TOPIC_ADD,
                label=t("topics.add", language),
                optional=True,
                element=PlainTextInputElement(action_id=ids.Action.TOPIC_ADD, max_length=75),
            ),
            InputBlock(
                block_id=ids.Block.TOPIC_PICK,
                label=t("topics.pick", language),
                optional=True,
                element=StaticSelectElement(action_id=ids.Action.TOPIC_PICK, options=options),
            ),
            InputBlock(
                block_id=ids.Block.TOPIC_RENAME,
                label=t("topics.rename", language),
                optional=True,
                element=PlainTextInputElement(action_id=ids.Action.TOPIC_RENAME, max_length=75),
            ),
            InputBlock(
                block_id=ids.Block.TOPIC_RETIRE,
                label=t("topics.retire", language),
                optional=True,
                element=StaticMultiSelectElement(
                    action_id=ids.Action.TOPIC_RETIRE, options=options
                ),
            ),
        ],
    )
