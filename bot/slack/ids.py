"""Every Slack callback_id, block_id and action_id, declared once."""

from __future__ import annotations

from enum import StrEnum, unique


# Each enum is @unique: a repeated value would silently make the second name an alias of the
# first, and one listener would catch the other's payloads.
@unique
class Callback(StrEnum):
    """callback_id of each modal."""

    LOADING = "sparring_loading"
    NOTICE = "sparring_notice"
    REQUEST = "sparring_request"
    SETTINGS = "team_settings"
    REPLY = "reply_modal"
    CLOSE = "close_modal"
    HAND_OVER = "hand_over_modal"
    EXPERT = "expert_modal"
    TOPICS = "topics_modal"


@unique
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
    TOPIC = "topic"
    COLLEAGUE = "colleague"
    ANSWER = "answer"
    THANKS = "thanks"
    NEW_HOLDER = "new_holder"
    EXPERT_TOPICS = "expert_topics"
    TOPIC_ADD = "topic_add"
    TOPIC_PICK = "topic_pick"
    TOPIC_RENAME = "topic_rename"
    TOPIC_RETIRE = "topic_retire"
    PAIRING = "pairing"
    PERIOD = "period"
    WEEKDAY = "weekday"
    TIME = "time"
    EVERY_WEEK = "every_week"
    HOLIDAYS = "holidays"
    TEAM_PAUSE = "team_pause"
    REMINDER = "reminder"
    RETENTION = "retention"
    REQUEST_ACTIONS = "request_actions"
    NOTICE_ACTIONS = "notice_actions"
    RETRY_ACTIONS = "retry_actions"
    HOME_ACTIONS = "home_actions"


@unique
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
    TOPIC = "topic_select"
    COLLEAGUE = "colleague_select"
    ANSWER = "answer_input"
    THANKS = "thanks_input"
    NEW_HOLDER = "new_holder_select"
    EXPERT_TOPICS = "expert_topics_select"
    TOPIC_ADD = "topic_add_input"
    TOPIC_PICK = "topic_pick_select"
    TOPIC_RENAME = "topic_rename_input"
    TOPIC_RETIRE = "topic_retire_select"
    PAIRING = "pairing_select"
    PERIOD = "period_select"
    WEEKDAY = "weekday_select"
    TIME = "time_picker"
    EVERY_WEEK = "every_week_select"
    HOLIDAYS = "holidays_check"
    TEAM_PAUSE = "team_pause_picker"
    REMINDER = "reminder_select"
    RETENTION = "retention_select"
    ACCEPT = "request_accept"
    DECLINE = "request_decline"
    HAND_OVER = "request_hand_over"
    REPLY = "request_reply"
    CLOSE_REQUEST = "request_close"
    WITHDRAW = "request_withdraw"
    I_CAN_HELP = "team_notice_help"
    RETRY_DELIVERY = "delivery_retry"
    OPEN_REQUEST_MODAL = "open_request_modal"
