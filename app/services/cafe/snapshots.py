"""What an event says about the objects it changed, as JSON-ready dicts.

Events carry snapshots rather than ids alone, so that replaying the log shows each change as
it was when it happened, and rendering an event needs no query for the changed object.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db.models import CafeCluster, CafeNote, CafeParticipant, CafeRound, CafeSession, CafeTable

Snapshot = dict[str, Any]


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def note_snapshot(note: CafeNote, votes: int) -> Snapshot:
    return {
        "id": note.id,
        "sessionId": note.session_id,
        "roundId": note.round_id,
        "tableId": note.table_id,
        "principle": note.principle,
        "authorId": note.author_id,
        "clientId": note.client_id,
        "text": note.text,
        "version": note.version,
        "clusterId": note.cluster_id,
        "votes": votes,
        "createdAt": _time(note.created_at),
        "editedAt": _time(note.edited_at),
        "deleted": note.deleted_at is not None,
    }


def round_snapshot(round_: CafeRound) -> Snapshot:
    return {
        "id": round_.id,
        "sessionId": round_.session_id,
        "position": round_.position,
        "question": round_.question,
        "principle": round_.principle,
        "timeboxSeconds": round_.timebox_seconds,
        "startedAt": _time(round_.started_at),
        "endsAt": _time(round_.ends_at),
        "endedAt": _time(round_.ended_at),
    }


def table_snapshot(table: CafeTable) -> Snapshot:
    return {
        "id": table.id,
        "sessionId": table.session_id,
        "name": table.name,
        "position": table.position,
    }


def participant_snapshot(participant: CafeParticipant) -> Snapshot:
    return {
        "id": participant.id,
        "sessionId": participant.session_id,
        "displayName": participant.display_name,
        "tableId": participant.table_id,
        "guest": participant.user_id is None,
        "hosting": participant.seated_by_hosting,
        "joinedAt": _time(participant.joined_at),
        "leftAt": _time(participant.left_at),
    }


def cluster_snapshot(cluster: CafeCluster) -> Snapshot:
    return {"id": cluster.id, "sessionId": cluster.session_id, "name": cluster.name}


def session_snapshot(cafe: CafeSession) -> Snapshot:
    return {"id": cafe.id, "title": cafe.title, "status": cafe.status}
