"""SQLAlchemy models, and nothing else."""

from models.audit import AuditEntry
from models.base import Base, UTCDateTime, utcnow
from models.event import ProcessedEvent
from models.home import HomeRefresh, StatsChart
from models.meeting import ItemState, MeetingItem, MeetingSettings
from models.outbox import MessageUpdate, OutboxMessage
from models.pairing import PairCheckin, PairingRound, PairSkip, PairWish, RoundMember
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
    "HomeRefresh",
    "ItemState",
    "MeetingItem",
    "MeetingSettings",
    "MessageUpdate",
    "OutboxMessage",
    "PairCheckin",
    "PairSkip",
    "PairWish",
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
    "SparringRequest",
    "StatsChart",
    "Team",
    "TeamMember",
    "Topic",
    "UTCDateTime",
    "utcnow",
]
