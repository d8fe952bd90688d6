"""The request form: its private metadata, its validated model, and parsing a submission."""

from __future__ import annotations

from datetime import date
from typing import Any

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

from bot.core.i18n import CATALOGUE, Language, t
from bot.privacy.cpr import contains_cpr
from bot.requests.choices import AVAILABLE_ROUTES, FeedbackMode, Form, HelpKind, RequestKind, Route
from bot.slack.ids import Action, Block
from bot.slack.metadata import Metadata
from bot.slack.state import (
    FormErrors,
    not_in_past,
    selected_date,
    selected_int,
    selected_user,
    selected_value,
    text_value,
)

ICS_LIMIT = 1500
QUESTION_LIMIT = 500


class RequestModalMetadata(Metadata):
    """What the request modal carries in `private_metadata` between opening and submitting."""

    origin_channel_id: str | None = None
    team_ids: list[int] = Field(default_factory=list)
    # The topics offered, with the team each belongs to (an expert request files under it).
    topic_teams: dict[int, int] = Field(default_factory=dict)


# The form's fields stored as they are, and those stored as `<name>_text` (case text).
_PLAIN_COLUMNS = {"topic_id", "route", "kind", "help_kind", "form", "feedback_mode", "deadline"}
_TEXT_FIELDS = ("child", "parenting", "family", "question")


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

    _not_past = field_validator("deadline")(not_in_past)

    def request_columns(self) -> dict[str, Any]:
        """The request's columns as this form fills them (the ICS sides and the question go
        into the `*_text` columns); the team and the colleague are the caller's to place."""
        columns = self.model_dump(include=_PLAIN_COLUMNS)
        return columns | {f"{name}_text": getattr(self, name) for name in _TEXT_FIELDS}

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
        selected = selected_value(state_values, Block.TEAM, Action.TEAM)
        team_id = int(selected) if selected and selected.isdigit() else None
        if team_id not in metadata.team_ids:
            raise FormErrors({Block.TEAM: t("error.team_missing", metadata.language)})
    raw = {
        "team_id": team_id,
        "kind": selected_value(state_values, Block.KIND, Action.KIND) or RequestKind.CASE,
        "child": text_value(state_values, Block.CHILD, Action.CHILD),
        "parenting": text_value(state_values, Block.PARENTING, Action.PARENTING),
        "family": text_value(state_values, Block.FAMILY, Action.FAMILY),
        "question": text_value(state_values, Block.QUESTION, Action.QUESTION) or "",
        "help_kind": selected_value(state_values, Block.HELP_KIND, Action.HELP_KIND),
        "form": selected_value(state_values, Block.FORM, Action.FORM),
        "feedback_mode": selected_value(state_values, Block.FEEDBACK, Action.FEEDBACK),
        "deadline": selected_date(state_values, Block.DEADLINE, Action.DEADLINE),
        "route": selected_value(state_values, Block.ROUTE, Action.ROUTE),
        "topic_id": selected_int(state_values, Block.TOPIC, Action.TOPIC),
        "colleague_id": selected_colleague(state_values),
    }
    if raw["route"] == Route.MEETING:
        raw["form"] = Form.MEETING  # the form shows no choice of form for the meeting
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


class RequestRef(Metadata):
    """`private_metadata` of the modals that act on one request (reply, close, hand over)."""

    request_id: int
    generation: int | None = None
