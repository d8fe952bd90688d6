"""SQLAlchemy models, and nothing else."""

from models.base import Base, UTCDateTime, utcnow
from models.event import ProcessedEvent
from models.request import Reply, RequestEvent, RequestRecipient, RequestStatus, SparringRequest
from models.team import Team, TeamMember

__all__ = [
    "Base",
    "ProcessedEvent",
    "Reply",
    "RequestEvent",
    "RequestRecipient",
    "RequestStatus",
    "SparringRequest",
    "Team",
    "TeamMember",
    "UTCDateTime",
    "utcnow",
]
