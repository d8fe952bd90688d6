"""The content of a team's rules: the practice's questions, each with a free-text part; the
template a new team starts from; and the rules told in brief, in full and as a diff."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.core.i18n import Language, t
from bot.core.privacy import contains_cpr
from bot.requests.choices import FeedbackMode
from bot.slack.mrkdwn import escape

TEXT_LIMIT = 500


class SparringForm(StrEnum):
    """When and in what forms sparring happens."""

    BUDDIES = "buddies"
    EXPERTS = "experts"
    MEETINGS = "meetings"
    JUST_ASK = "just_ask"


class Rhythm(StrEnum):
    """Systematic (set times, cases two by two) or ad hoc."""

    SYSTEMATIC = "systematic"
    AD_HOC = "ad_hoc"
    BOTH = "both"


class Rules(BaseModel):
    """One version of a team's rules."""

    model_config = ConfigDict(frozen=True)

    forms: list[SparringForm] = Field(default_factory=list)
    forms_text: str = Field(default="", max_length=TEXT_LIMIT)
    topics_text: str = Field(default="", max_length=TEXT_LIMIT)
    asking_text: str = Field(default="", max_length=TEXT_LIMIT)
    rhythm: Rhythm = Rhythm.BOTH
    rhythm_text: str = Field(default="", max_length=TEXT_LIMIT)
    feedback_modes: list[FeedbackMode] = Field(min_length=1)
    recognition_expected: bool = False
    feedback_text: str = Field(default="", max_length=TEXT_LIMIT)

    @field_validator("forms_text", "topics_text", "asking_text", "rhythm_text", "feedback_text")
    @classmethod
    def _no_cpr(cls, value: str) -> str:
        # Rules are team policy and not encrypted, but a CPR number has no place in them.
        if value and contains_cpr(value):
            raise ValueError("looks like a CPR number")
        return value

    @classmethod
    def stored(cls, raw: dict[str, Any]) -> Rules | None:
        """Rules read back from the database; None if a row cannot be read (never crash)."""
        try:
            return cls.model_validate(raw)
        except ValidationError:
            return None

    def allows(self, mode: str) -> bool:
        """Whether the rules allow this feedback mode."""
        return mode in self.feedback_modes


def template(language: Language) -> Rules:
    """A short, sensible start a new team is invited to make its own."""
    return Rules(
        forms=[SparringForm.BUDDIES, SparringForm.MEETINGS, SparringForm.JUST_ASK],
        forms_text=t("rules.template.forms", language),
        topics_text=t("rules.template.topics", language),
        asking_text=t("rules.template.asking", language),
        rhythm=Rhythm.BOTH,
        rhythm_text=t("rules.template.rhythm", language),
        feedback_modes=list(FeedbackMode),
        recognition_expected=True,
        feedback_text=t("rules.template.feedback", language),
    )


def _list(language: Language, prefix: str, values: list[str]) -> str:
    return ", ".join(t(f"{prefix}.{value}", language) for value in values) or "–"


def _with_text(head: str, text: str) -> str:
    return f"{head}\n_{escape(text)}_" if text else head


def feedback_rule(rules: Rules, language: Language) -> str:
    """The team's rule on feedback in one line, for whoever answers a request."""
    modes = _list(language, "feedback", list(rules.feedback_modes))
    line = t("rules.feedback_rule", language, modes=modes)
    if rules.recognition_expected:
        line += " " + t("rules.recognition_expected", language)
    if rules.feedback_text:
        line += f" {escape(rules.feedback_text[:300])}"
    return line[:1000]


def brief(rules: Rules, language: Language) -> list[str]:
    """The rules in at most three short lines (the request form shows them)."""
    lines = [
        f"*{t('rules.q.forms', language)}* {_list(language, 'rules.form', list(rules.forms))}",
        f"*{t('rules.q.feedback', language)}* "
        + _list(language, "feedback", list(rules.feedback_modes)),
    ]
    if rules.asking_text:
        text = rules.asking_text if len(rules.asking_text) <= 120 else rules.asking_text[:119] + "…"
        lines.append(f"*{t('rules.q.asking', language)}* {escape(text)}")
    return lines[:3]


def full(rules: Rules, language: Language) -> list[str]:
    """Every answer of the rules, one paragraph per question of the practice."""
    recognition = t(
        "rules.recognition_expected" if rules.recognition_expected else "rules.recognition_free",
        language,
    )
    return [
        _with_text(
            f"*{t('rules.q.forms', language)}* {_list(language, 'rules.form', list(rules.forms))}",
            rules.forms_text,
        ),
        _with_text(f"*{t('rules.q.topics', language)}*", rules.topics_text),
        _with_text(f"*{t('rules.q.asking', language)}*", rules.asking_text),
        _with_text(
            f"*{t('rules.q.rhythm', language)}* {t(f'rules.rhythm.{rules.rhythm}', language)}",
            rules.rhythm_text,
        ),
        _with_text(
            f"*{t('rules.q.feedback', language)}* "
            f"{_list(language, 'feedback', list(rules.feedback_modes))}. {recognition}",
            rules.feedback_text,
        ),
    ]


def diff(old: Rules, new: Rules, language: Language) -> list[str]:
    """What a proposal changes, in plain words; empty when nothing changes."""
    changes: list[str] = []
    for field, prefix, question in (
        ("forms", "rules.form", "rules.q.forms"),
        ("feedback_modes", "feedback", "rules.q.feedback"),
    ):
        before, after = list(getattr(old, field)), list(getattr(new, field))
        added = [value for value in after if value not in before]
        removed = [value for value in before if value not in after]
        if added:
            changes.append(
                t("rules.diff.added", language, question=t(question, language))
                + " "
                + _list(language, prefix, added)
            )
        if removed:
            changes.append(
                t("rules.diff.removed", language, question=t(question, language))
                + " "
                + _list(language, prefix, removed)
            )
    if old.rhythm != new.rhythm:
        changes.append(
            t(
                "rules.diff.changed",
                language,
                question=t("rules.q.rhythm", language),
                before=t(f"rules.rhythm.{old.rhythm}", language),
                after=t(f"rules.rhythm.{new.rhythm}", language),
            )
        )
    if old.recognition_expected != new.recognition_expected:
        key = "rules.recognition_expected" if new.recognition_expected else "rules.recognition_free"
        changes.append(t("rules.diff.now", language) + " " + t(key, language))
    for field, question in (
        ("forms_text", "rules.q.forms"),
        ("topics_text", "rules.q.topics"),
        ("asking_text", "rules.q.asking"),
        ("rhythm_text", "rules.q.rhythm"),
        ("feedback_text", "rules.q.feedback"),
    ):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            said = escape(after[:300]) if after else t("rules.diff.empty", language)
            changes.append(
                t("rules.diff.text", language, question=t(question, language)) + f" _{said}_"
            )
    return changes
