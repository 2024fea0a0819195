"""The café's compiled reads (schema/compiled/): `cafeSessions(…)`, a session's clusters and
a cluster's notes, with the fields that come from their own rows."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from sqlalchemy import Select

from app.services.agreement.principles import PrincipleCode
from app.services.cafe.listing import ORDER, readable
from app.services.cafe.vocabulary import SessionStatus
from app.services.viewer import Viewer
from db.models import CafeCluster, CafeNote, CafeSession
from schema.cafe.loaders import cluster_notes, session_clusters
from schema.compiled.spec import (
    Catalogue,
    ListRoot,
    Nested,
    NodeSpec,
    column,
    computed,
    enum,
    global_id,
    time,
)


def _sessions(arguments: Mapping[str, Any], viewer: Viewer) -> Select[Any]:
    status = arguments.get("status")
    return readable(viewer, SessionStatus(status) if status else None)


def _for_anyone(arguments: Mapping[str, Any], viewer: Viewer) -> Hashable | None:
    """What anonymous readers see is one select for all of them (per status asked for)."""
    if viewer.is_authenticated or viewer.is_guest or viewer.is_coordinator:
        return None
    return ("published", arguments.get("status"))


SESSION = NodeSpec(
    name="CafeSession",
    key=CafeSession.id,
    fields={
        "id": global_id("CafeSession", CafeSession.id),
        "title": column(CafeSession.title),
        "description": column(CafeSession.description),
        "place": column(CafeSession.place),
        "startsAt": time(CafeSession.starts_at),
        "endsAt": time(CafeSession.ends_at),
        "status": enum(CafeSession.status, SessionStatus),
        "isPublic": column(CafeSession.is_public),
        "anonymousNotes": column(CafeSession.anonymous_notes),
        "voteBudget": column(CafeSession.vote_budget),
        "clusters": Nested(session_clusters.relation, "CafeCluster"),
    },
)

CLUSTER = NodeSpec(
    name="CafeCluster",
    key=CafeCluster.id,
    fields={
        "id": global_id("CafeCluster", CafeCluster.id),
        "name": column(CafeCluster.name),
        "notes": Nested(cluster_notes.relation, "CafeNote"),
    },
)

NOTE = NodeSpec(
    name="CafeNote",
    key=CafeNote.id,
    fields={
        "id": global_id("CafeNote", CafeNote.id),
        # a deleted note keeps no text (as CafeNoteNode.from_row shows it)
        "text": computed(
            CafeNote.text, CafeNote.deleted_at, value=lambda text, deleted: "" if deleted else text
        ),
        "version": column(CafeNote.version),
        "clientId": column(CafeNote.client_id),
        "principle": enum(CafeNote.principle, PrincipleCode),
        "deleted": computed(CafeNote.deleted_at, value=lambda deleted: deleted is not None),
        "createdAt": time(CafeNote.created_at),
        "editedAt": time(CafeNote.edited_at),
    },
)

READS = Catalogue(
    nodes={"CafeSession": SESSION, "CafeCluster": CLUSTER, "CafeNote": NOTE},
    roots={
        "cafeSessions": ListRoot(
            "CafeSession",
            _sessions,
            ORDER,
            descending=True,
            arguments=frozenset({"first", "after", "status"}),
            shape=_for_anyone,
        )
    },
)
