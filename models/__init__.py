"""SQLAlchemy models, and nothing else."""

from models.base import Base, UTCDateTime, utcnow
from models.event import ProcessedEvent
from models.outbox import OutboxMessage
from models.pairing import PairingRound, RoundMember
from models.request import Reply, RequestEvent, RequestRecipient, RequestStatus, SparringRequest
from models.team import Team, TeamMember

__all__ = [
    "Base",
    "OutboxMessage",
    "PairingRound",
    "ProcessedEvent",
    "Reply",
    "RequestEvent",
    "RequestRecipient",
    "RequestStatus",
    "RoundMember",
    "SparringRequest",
    "Team",
    "TeamMember",
    "UTCDateTime",
    "utcnow",
]
