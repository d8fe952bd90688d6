"""SQLAlchemy models, and nothing else."""

from models.audit import AuditEntry
from models.base import Base, UTCDateTime, utcnow
from models.event import ProcessedEvent
from models.installation import SlackBot, SlackInstallation, SlackOAuthState
from models.meeting import ItemState, MeetingItem, MeetingSettings
from models.outbox import MessageUpdate, OutboxMessage
from models.pairing import PairingRound, RoundMember
from models.request import (
    LIVE_STATUSES,
    RecipientState,
    Reply,
    RequestEvent,
    RequestRecipient,
    RequestStatus,
    SparringRequest,
)
from models.rules import ProposalStatus, RulesProposal, RulesVersion
from models.team import Team, TeamMember
from models.topic import ExpertRole, Topic

__all__ = [
    "LIVE_STATUSES",
    "AuditEntry",
    "Base",
    "ExpertRole",
    "ItemState",
    "MeetingItem",
    "MeetingSettings",
    "MessageUpdate",
    "OutboxMessage",
    "PairingRound",
    "ProcessedEvent",
    "ProposalStatus",
    "RecipientState",
    "Reply",
    "RequestEvent",
    "RequestRecipient",
    "RequestStatus",
    "RoundMember",
    "RulesProposal",
    "RulesVersion",
    "SlackBot",
    "SlackInstallation",
    "SlackOAuthState",
    "SparringRequest",
    "Team",
    "TeamMember",
    "Topic",
    "UTCDateTime",
    "utcnow",
]
