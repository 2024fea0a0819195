"""Contact details are personal data: for logged-in users, or for all if the association says so."""

from __future__ import annotations

from app.services.viewer import Viewer


def can_see_contact(viewer: Viewer, contact_public: bool) -> bool:
    return contact_public or viewer.is_authenticated
