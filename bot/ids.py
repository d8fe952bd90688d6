"""Every Slack callback_id, block_id and action_id, declared once."""

from __future__ import annotations

from enum import StrEnum


class Callback(StrEnum):
    """callback_id of each modal."""

    LOADING = "sparring_loading"
    NOTICE = "sparring_notice"
    REQUEST = "sparring_request"
    SETTINGS = "team_settings"


class Block(StrEnum):
    """block_id of input blocks whose values we read, and of message blocks we address."""

    TEAM = "team"
    KIND = "kind"
    CHILD = "ics_child"
    PARENTING = "ics_parenting"
    FAMILY = "ics_family"
    QUESTION = "question"
    HELP_KIND = "help_kind"
    FORM = "form"
    FEEDBACK = "feedback"
    DEADLINE = "deadline"
    ROUTE = "route"
    COLLEAGUE = "colleague"
    PAIRING = "pairing"
    PERIOD = "period"
    WEEKDAY = "weekday"
    TIME = "time"
    EVERY_WEEK = "every_week"
    HOLIDAYS = "holidays"
    TEAM_PAUSE = "team_pause"
    REQUEST_ACTIONS = "request_actions"
    RETRY_ACTIONS = "retry_actions"
    HOME_ACTIONS = "home_actions"


class Action(StrEnum):
    """action_id of every interactive element."""

    TEAM = "team_select"
    KIND = "kind_select"
    CHILD = "ics_child_input"
    PARENTING = "ics_parenting_input"
    FAMILY = "ics_family_input"
    QUESTION = "question_input"
    HELP_KIND = "help_kind_select"
    FORM = "form_select"
    FEEDBACK = "feedback_select"
    DEADLINE = "deadline_picker"
    ROUTE = "route_select"
    COLLEAGUE = "colleague_select"
    PAIRING = "pairing_select"
    PERIOD = "period_select"
    WEEKDAY = "weekday_select"
    TIME = "time_picker"
    EVERY_WEEK = "every_week_select"
    HOLIDAYS = "holidays_check"
    TEAM_PAUSE = "team_pause_picker"
    CLOSE_REQUEST = "request_close"
    RETRY_DELIVERY = "delivery_retry"
    OPEN_REQUEST_MODAL = "open_request_modal"
