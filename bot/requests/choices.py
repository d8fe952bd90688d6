"""The fixed choices of a request; labels live in the catalogue under `<kind>.<value>`."""

from __future__ import annotations

from enum import StrEnum


class RequestKind(StrEnum):
    """A case described with the ICS triangle, or a quick question without it."""

    CASE = "case"
    QUICK = "quick"


class HelpKind(StrEnum):
    """How the requester wants the sparring."""

    EXPERIENCE = "experience"
    KNOWLEDGE = "knowledge"
    IDEA = "idea"
    OTHER = "other"


class Form(StrEnum):
    """The form the sparring takes. MEETING was a choice of the form until the team meeting
    became a route of its own; requests sent there carry it, and old ones stay readable."""

    WRITTEN = "written"
    TALK = "talk"
    MEETING = "meeting"


class FeedbackMode(StrEnum):
    """How feedback may be given."""

    ANSWER_ONLY = "answer_only"
    RECOGNITION = "recognition"
    ASSESS = "assess"


class Route(StrEnum):
    """Whom the request goes to; AVAILABLE_ROUTES says which the modal offers."""

    BUDDY = "buddy"
    EXPERT = "expert"
    COLLEAGUE = "colleague"
    TEAM = "team"
    MEETING = "meeting"


# The routes the request modal offers today, in the order it shows them.
AVAILABLE_ROUTES: tuple[Route, ...] = (
    Route.BUDDY,
    Route.EXPERT,
    Route.COLLEAGUE,
    Route.TEAM,
    Route.MEETING,
)

# The forms the request modal offers (the meeting is a route).
FORM_CHOICES: tuple[Form, ...] = (Form.WRITTEN, Form.TALK)
