"""The event calendar's words: types, states, registration states, the kinds of its feed."""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    MEETING = "MEETING"
    TRAINING = "TRAINING"
    STUDY_CIRCLE = "STUDY_CIRCLE"
    LECTURE = "LECTURE"
    CONFERENCE = "CONFERENCE"
    DIALOGUE_MEETING = "DIALOGUE_MEETING"
    FAIR = "FAIR"
    OPEN_HOUSE = "OPEN_HOUSE"
    VOLUNTEERING = "VOLUNTEERING"
    SPORT = "SPORT"
    CULTURE = "CULTURE"
    OTHER = "OTHER"


# the training catalogue: what the study associations, umbrellas and associations teach
TRAINING_TYPES = (EventType.TRAINING, EventType.STUDY_CIRCLE, EventType.LECTURE)


class EventStatus(StrEnum):
    SCHEDULED = "SCHEDULED"
    CANCELLED = "CANCELLED"
    POSTPONED = "POSTPONED"  # no new time yet
    RESCHEDULED = "RESCHEDULED"
    DELETED = "DELETED"  # only as a tombstone, in `modifiedSince`


class RegistrationStatus(StrEnum):
    ATTENDING = "ATTENDING"
    WAITLISTED = "WAITLISTED"
    CANCELLED = "CANCELLED"


class EventEventKind(StrEnum):
    EVENT_CHANGED = "EVENT_CHANGED"
    EVENT_CANCELLED = "EVENT_CANCELLED"
    REGISTRATION_ADDED = "REGISTRATION_ADDED"
    REGISTRATION_CANCELLED = "REGISTRATION_CANCELLED"
    REGISTRATION_PROMOTED = "REGISTRATION_PROMOTED"
    MESSAGE_SENT = "MESSAGE_SENT"
