"""All models, imported so that `Base.metadata` knows every table."""

from db.models.accounts import AuthToken, JoinRequest, LoginAttempt, Membership, User
from db.models.agreement import AgreementMembership, Principle
from db.models.associations import (
    Association,
    AssociationCategory,
    AssociationTargetGroup,
    AssociationTranslation,
    UmbrellaLink,
)
from db.models.cafe import (
    CafeCluster,
    CafeFacilitator,
    CafeNote,
    CafeParticipant,
    CafeRound,
    CafeSession,
    CafeSessionAssociation,
    CafeTable,
    CafeVote,
)
from db.models.events import (
    Event,
    EventMessage,
    EventOrganiser,
    EventSeries,
    EventTranslation,
    Registration,
)
from db.models.live import FeedEvent, FeedPosition
from db.models.premises import (
    Booking,
    BookingSeries,
    OpeningHours,
    Premises,
    PremisesAccessibility,
    PremisesTranslation,
)

__all__ = [
    "AgreementMembership",
    "Association",
    "AssociationCategory",
    "AssociationTargetGroup",
    "AssociationTranslation",
    "AuthToken",
    "Booking",
    "BookingSeries",
    "CafeCluster",
    "CafeFacilitator",
    "CafeNote",
    "CafeParticipant",
    "CafeRound",
    "CafeSession",
    "CafeSessionAssociation",
    "CafeTable",
    "CafeVote",
    "Event",
    "EventMessage",
    "EventOrganiser",
    "EventSeries",
    "EventTranslation",
    "FeedEvent",
    "FeedPosition",
    "JoinRequest",
    "LoginAttempt",
    "Membership",
    "OpeningHours",
    "Premises",
    "PremisesAccessibility",
    "PremisesTranslation",
    "Principle",
    "Registration",
    "UmbrellaLink",
    "User",
]
