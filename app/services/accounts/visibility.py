"""Who may see what about people: emails, member lists, join requests."""

from __future__ import annotations

from collections.abc import Iterable

from app.services.viewer import Viewer


def can_see_email(viewer: Viewer, user_id: int) -> bool:
    """A person's email, memberships and join requests: for them and the coordinator."""
    return viewer.user_id == user_id or viewer.is_coordinator


def can_see_members(viewer: Viewer, association_id: int) -> bool:
    """The member list is for the association's own members and the coordinator."""
    return viewer.is_coordinator or viewer.role_in(association_id) is not None


def can_see_join_requests(viewer: Viewer, association_id: int) -> bool:
    return viewer.can_manage_association(association_id)


def can_see_user(viewer: Viewer, user_id: int, association_ids: Iterable[int]) -> bool:
    """Oneself, the coordinator, and fellow members of an association."""
    if viewer.user_id == user_id or viewer.is_coordinator:
        return True
    return viewer.is_authenticated and any(viewer.role_in(a) is not None for a in association_ids)


def can_see_membership(viewer: Viewer, user_id: int, association_id: int) -> bool:
    return viewer.user_id == user_id or can_see_members(viewer, association_id)


def can_see_join_request(viewer: Viewer, user_id: int, association_id: int) -> bool:
    return viewer.user_id == user_id or can_see_join_requests(viewer, association_id)
