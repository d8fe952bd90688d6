"""Parsing and validating the request modal; pure, no I/O."""

from __future__ import annotations

from datetime import date, time
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.choices import AVAILABLE_ROUTES, FeedbackMode, Form, HelpKind, RequestKind, Route
from bot.i18n import CATALOGUE, Language, t
from bot.ids import Action, Block
from bot.privacy import contains_cpr

ICS_LIMIT = 1500
QUESTION_LIMIT = 500


class RequestModalMetadata(BaseModel):
    """What the request modal carries in `private_metadata` between opening and submitting."""

    model_config = ConfigDict(frozen=True)

    language: Language
    origin_channel_id: str | None = None
    team_ids: list[int] = Field(default_factory=list)
    # The topics offered, with the team each belongs to (an expert request files under it).
    topic_teams: dict[int, int] = Field(default_factory=dict)

    def dump(self) -> str:
        """Serialise for Slack (well under the 3,000-character limit)."""
        return self.model_dump_json(exclude_defaults=True)


class RequestForm(BaseModel):
    """A validated request as the requester filled it in."""

    model_config = ConfigDict(frozen=True)

    team_id: int | None
    kind: RequestKind
    child: str | None = Field(default=None, max_length=ICS_LIMIT)
    parenting: str | None = Field(default=None, max_length=ICS_LIMIT)
    family: str | None = Field(default=None, max_length=ICS_LIMIT)
    question: str = Field(min_length=1, max_length=QUESTION_LIMIT)
    help_kind: HelpKind
    form: Form
    feedback_mode: FeedbackMode
    deadline: date | None = None
    route: Route
    topic_id: int | None = None
    colleague_id: str | None = None

    @field_validator("child", "parenting", "family", "question")
    @classmethod
    def _no_cpr(cls, value: str | None) -> str | None:
        if value and contains_cpr(value):
            raise PydanticCustomError("cpr", "looks like a CPR number")
        return value

    @field_validator("deadline")
    @classmethod
    def _not_past(cls, value: date | None, info: ValidationInfo) -> date | None:
        today = (info.context or {}).get("today")
        if value is not None and today is not None and value < today:
            raise PydanticCustomError("date_past", "the date is in the past")
        return value

    @field_validator("route")
    @classmethod
    def _route_offered(cls, value: Route) -> Route:
        if value not in AVAILABLE_ROUTES:
            raise PydanticCustomError("route_unavailable", "route not offered yet")
        return value

    @field_validator("colleague_id")
    @classmethod
    def _not_self(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and value == (info.context or {}).get("requester_id"):
            raise PydanticCustomError("self", "cannot ask yourself")
        return value

    @model_validator(mode="after")
    def _complete(self) -> RequestForm:
        for problem in _cross_field_problems(self.model_dump()):
            raise PydanticCustomError(problem, "the form is incomplete")
        return self

    @property
    def ics_sides(self) -> dict[str, str]:
        """The ICS sides that were filled in, keyed by field name."""
        sides = {"child": self.child, "parenting": self.parenting, "family": self.family}
        return {name: text for name, text in sides.items() if text}


class FormErrors(Exception):
    """Inline errors for the modal: block_id -> message in the user's language."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(f"{len(errors)} invalid field(s): {', '.join(sorted(errors))}")
        self.errors = errors


# Which modal block shows the error for each form field.
_FIELD_BLOCKS: dict[str, Block] = {
    "team_id": Block.TEAM,
    "kind": Block.KIND,
    "child": Block.CHILD,
    "parenting": Block.PARENTING,
    "family": Block.FAMILY,
    "question": Block.QUESTION,
    "help_kind": Block.HELP_KIND,
    "form": Block.FORM,
    "feedback_mode": Block.FEEDBACK,
    "deadline": Block.DEADLINE,
    "route": Block.ROUTE,
    "topic_id": Block.TOPIC,
    "colleague_id": Block.COLLEAGUE,
}
# Errors raised for the form as a whole, and the block they belong under.
_MODEL_ERROR_BLOCKS: dict[str, Block] = {
    "ics_missing": Block.CHILD,
    "colleague_missing": Block.COLLEAGUE,
    "topic_missing": Block.TOPIC,
}
_MISSING_KEYS: dict[str, str] = {
    "question": "error.question_missing",
    "team_id": "error.team_missing",
    "colleague_id": "error.colleague_missing",
}


def parse_request_submission(
    state_values: dict[str, dict[str, dict[str, Any]]],
    metadata: RequestModalMetadata,
    *,
    requester_id: str,
    today: date,
) -> RequestForm:
    """Turn a view's `state.values` into a RequestForm, or raise FormErrors for the modal."""
    team_id: int | None = None
    if len(metadata.team_ids) == 1:
        team_id = metadata.team_ids[0]
    elif metadata.team_ids:
        selected = _selected(state_values, Block.TEAM, Action.TEAM)
        team_id = int(selected) if selected and selected.isdigit() else None
        if team_id not in metadata.team_ids:
            raise FormErrors({Block.TEAM: t("error.team_missing", metadata.language)})
    raw = {
        "team_id": team_id,
        "kind": _selected(state_values, Block.KIND, Action.KIND) or RequestKind.CASE,
        "child": _text(state_values, Block.CHILD, Action.CHILD),
        "parenting": _text(state_values, Block.PARENTING, Action.PARENTING),
        "family": _text(state_values, Block.FAMILY, Action.FAMILY),
        "question": _text(state_values, Block.QUESTION, Action.QUESTION) or "",
        "help_kind": _selected(state_values, Block.HELP_KIND, Action.HELP_KIND),
        "form": _selected(state_values, Block.FORM, Action.FORM),
        "feedback_mode": _selected(state_values, Block.FEEDBACK, Action.FEEDBACK),
        "deadline": _element(state_values, Block.DEADLINE, Action.DEADLINE).get("selected_date"),
        "route": _selected(state_values, Block.ROUTE, Action.ROUTE),
        "topic_id": _selected_int(state_values, Block.TOPIC, Action.TOPIC),
        "colleague_id": selected_colleague(state_values),
    }
    try:
        return RequestForm.model_validate(
            raw, context={"today": today, "requester_id": requester_id}
        )
    except ValidationError as error:
        messages = _messages(error, metadata.language)
        for problem in _cross_field_problems(raw):
            messages.setdefault(
                _MODEL_ERROR_BLOCKS[problem], t(f"error.{problem}", metadata.language)
            )
        raise FormErrors(messages) from None


def _cross_field_problems(values: dict[str, Any]) -> list[str]:
    """Rules that span fields; checked on raw input too, so every error shows at once."""
    problems = []
    sides = (values.get("child"), values.get("parenting"), values.get("family"))
    if values.get("kind") == RequestKind.CASE and not any(sides):
        problems.append("ics_missing")
    if values.get("route") == Route.COLLEAGUE and not values.get("colleague_id"):
        problems.append("colleague_missing")
    if values.get("route") == Route.EXPERT and not values.get("topic_id"):
        problems.append("topic_missing")
    return problems


def _messages(error: ValidationError, language: Language) -> dict[str, str]:
    """One message per block, in the user's language; never echoes what was typed."""
    messages: dict[str, str] = {}
    for problem in error.errors(include_input=True, include_url=False):
        kind = problem["type"]
        field = str(problem["loc"][0]) if problem["loc"] else ""
        block = _FIELD_BLOCKS.get(field) or _MODEL_ERROR_BLOCKS.get(kind, Block.QUESTION)
        if kind == "string_too_long":
            text = t(
                "error.too_long",
                language,
                limit=problem["ctx"]["max_length"],
                length=len(problem["input"]),
            )
        elif kind in ("missing", "string_too_short", "enum", "string_type", "none_required"):
            text = t(_MISSING_KEYS.get(field, "error.choice_missing"), language)
        elif f"error.{kind}" in CATALOGUE:  # our own PydanticCustomError types
            text = t(f"error.{kind}", language)
        else:
            text = t("error.choice_missing", language)
        messages.setdefault(block, text)
    return messages


def selected_colleague(state: dict[str, dict[str, dict[str, Any]]]) -> str | None:
    """The colleague picked in the form, if any."""
    return selected_user(state, Block.COLLEAGUE, Action.COLLEAGUE)


def _element(state: dict[str, dict[str, dict[str, Any]]], block: str, action: str) -> dict:
    return (state.get(block) or {}).get(action) or {}


def _selected(state: dict[str, dict[str, dict[str, Any]]], block: str, action: str) -> str | None:
    option = _element(state, block, action).get("selected_option")
    return option.get("value") if option else None


def _selected_int(
    state: dict[str, dict[str, dict[str, Any]]], block: str, action: str
) -> int | None:
    # Literal[1, 2, …] fields do not coerce Slack's option strings.
    value = _selected(state, block, action)
    return int(value) if value and value.isdigit() else None


def _text(state: dict[str, dict[str, dict[str, Any]]], block: str, action: str) -> str | None:
    value = _element(state, block, action).get("value")
    value = value.strip() if isinstance(value, str) else None
    return value or None


class SettingsMetadata(BaseModel):
    """What the settings modal carries in `private_metadata`."""

    model_config = ConfigDict(frozen=True)

    team_id: int
    language: Language


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

    @field_validator("paused_until")
    @classmethod
    def _not_past(cls, value: date | None, info: ValidationInfo) -> date | None:
        today = (info.context or {}).get("today")
        if value is not None and today is not None and value < today:
            raise PydanticCustomError("date_past", "the date is in the past")
        return value


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
    holidays = _element(state_values, Block.HOLIDAYS, Action.HOLIDAYS).get("selected_options")
    raw = {
        "pairing_enabled": _selected(state_values, Block.PAIRING, Action.PAIRING) == "on",
        "period_weeks": _selected_int(state_values, Block.PERIOD, Action.PERIOD),
        "announce_weekday": _selected(state_values, Block.WEEKDAY, Action.WEEKDAY),
        "announce_time": _element(state_values, Block.TIME, Action.TIME).get("selected_time"),
        "announce_every_week": _selected(state_values, Block.EVERY_WEEK, Action.EVERY_WEEK) != "no",
        "skip_holidays": bool(holidays),
        "reminder_days": _selected_int(state_values, Block.REMINDER, Action.REMINDER),
        "retention_days": _selected_int(state_values, Block.RETENTION, Action.RETENTION),
        "paused_until": _element(state_values, Block.TEAM_PAUSE, Action.TEAM_PAUSE).get(
            "selected_date"
        ),
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


class RequestRef(BaseModel):
    """`private_metadata` of the modals that act on one request (reply, close, hand over)."""

    model_config = ConfigDict(frozen=True)

    request_id: int
    language: Language
    generation: int | None = None


class ExpertMetadata(BaseModel):
    """`private_metadata` of the expert-topics modal: whose roles, in which team."""

    model_config = ConfigDict(frozen=True)

    team_id: int
    user_id: str
    language: Language


def text_value(state: dict[str, dict[str, dict[str, Any]]], block: str, action: str) -> str | None:
    """A trimmed text input, or None when empty."""
    return _text(state, block, action)


def selected_value(
    state: dict[str, dict[str, dict[str, Any]]], block: str, action: str
) -> str | None:
    """The value of a selected option, or None."""
    return _selected(state, block, action)


def selected_values(
    state: dict[str, dict[str, dict[str, Any]]], block: str, action: str
) -> list[str]:
    """The values of a multi-select's or checkboxes' selected options."""
    options = _element(state, block, action).get("selected_options") or []
    return [str(option["value"]) for option in options]


def selected_user(
    state: dict[str, dict[str, dict[str, Any]]], block: str, action: str
) -> str | None:
    """The user picked in a users_select."""
    return _element(state, block, action).get("selected_user")
