"""The team settings form and the expert modal's metadata."""

from __future__ import annotations

from datetime import date, time
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from bot.core.i18n import Language, t
from bot.slack.ids import Action, Block
from bot.slack.metadata import Metadata
from bot.slack.state import (
    FormErrors,
    not_in_past,
    selected_date,
    selected_int,
    selected_time,
    selected_value,
    selected_values,
)


class SettingsMetadata(Metadata):
    """What the settings and topics modals carry in `private_metadata`: which team."""

    team_id: int


class TeamSettingsForm(BaseModel):
    """A team's buddy-pair settings as the lead submitted them."""

    model_config = ConfigDict(frozen=True)

    pairing_enabled: bool
    period_weeks: Literal[1, 2, 4, 8, 13]
    announce_weekday: int = Field(ge=0, le=4)
    announce_time: time
    announce_every_week: bool
    skip_holidays: bool
    reminder_days: Literal[1, 2, 3, 5] = 1
    retention_days: Literal[7, 14, 30] = 14
    paused_until: date | None = None

    _not_past = field_validator("paused_until")(not_in_past)


_SETTINGS_BLOCKS: dict[str, Block] = {
    "pairing_enabled": Block.PAIRING,
    "period_weeks": Block.PERIOD,
    "announce_weekday": Block.WEEKDAY,
    "announce_time": Block.TIME,
    "announce_every_week": Block.EVERY_WEEK,
    "skip_holidays": Block.HOLIDAYS,
    "reminder_days": Block.REMINDER,
    "retention_days": Block.RETENTION,
    "paused_until": Block.TEAM_PAUSE,
}


def parse_settings_submission(
    state_values: dict[str, dict[str, dict[str, Any]]], *, language: Language, today: date
) -> TeamSettingsForm:
    """Turn the settings modal's state into a TeamSettingsForm, or raise FormErrors."""
    holidays = selected_values(state_values, Block.HOLIDAYS, Action.HOLIDAYS)
    raw = {
        "pairing_enabled": selected_value(state_values, Block.PAIRING, Action.PAIRING) == "on",
        "period_weeks": selected_int(state_values, Block.PERIOD, Action.PERIOD),
        "announce_weekday": selected_value(state_values, Block.WEEKDAY, Action.WEEKDAY),
        "announce_time": selected_time(state_values, Block.TIME, Action.TIME),
        "announce_every_week": selected_value(state_values, Block.EVERY_WEEK, Action.EVERY_WEEK)
        != "no",
        "skip_holidays": bool(holidays),
        "reminder_days": selected_int(state_values, Block.REMINDER, Action.REMINDER),
        "retention_days": selected_int(state_values, Block.RETENTION, Action.RETENTION),
        "paused_until": selected_date(state_values, Block.TEAM_PAUSE, Action.TEAM_PAUSE),
    }
    try:
        return TeamSettingsForm.model_validate(raw, context={"today": today})
    except ValidationError as error:
        messages: dict[str, str] = {}
        for problem in error.errors(include_input=False, include_url=False):
            field = str(problem["loc"][0]) if problem["loc"] else ""
            if problem["type"] == "date_past":
                key = "error.date_past"
            elif field == "announce_time":
                key = "error.time_invalid"
            else:
                key = "error.choice_missing"
            messages.setdefault(_SETTINGS_BLOCKS.get(field, Block.PAIRING), t(key, language))
        raise FormErrors(messages) from None


class ExpertMetadata(Metadata):
    """`private_metadata` of the expert-topics modal: whose roles, in which team."""

    team_id: int
    # A Slack user id: anything else is a forged payload (and never reaches the database).
    user_id: str = Field(pattern=r"^[UW][A-Z0-9]{1,31}$")
