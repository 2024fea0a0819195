"""Account mutations: signing up and in, and membership of associations."""

from __future__ import annotations

from functools import partial

import strawberry
from strawberry import relay

from app.services.accounts import memberships
from app.services.accounts.login import log_in
from app.services.accounts.registration import (
    TOO_MANY_SIGN_UPS,
    SignedIn,
    check_sign_up,
    sign_up,
    sign_ups_from,
)
from app.services.accounts.roles import MembershipRole
from app.services.accounts.tokens import log_out
from app.services.clock import now
from app.services.errors import DomainError, ErrorCode, Problem
from app.services.viewer import ANONYMOUS, load_viewer
from db.models import Association
from schema.accounts.inputs import (
    JoinRequestCreateInput,
    JoinRequestIdInput,
    LogInInput,
    MembershipRemoveInput,
    MembershipUpdateInput,
    SignUpInput,
)
from schema.accounts.payloads import (
    AuthPayload,
    JoinRequestPayload,
    LogOutPayload,
    MembershipPayload,
    MembershipRemovePayload,
)
from schema.accounts.types import MembershipNode, UserNode
from schema.associations.loaders import associations_by_id
from schema.associations.types import AssociationNode
from schema.context import Info
from schema.errors import UserError, user_errors
from schema.expensive import expensive_mutation
from schema.loading import loader
from schema.mutation import mutate, mutation, run_mutation
from schema.relay import decode_id


async def _signed_in(info: Info, signed_in: SignedIn) -> AuthPayload:
    """The payload of a successful sign-up or log-in; the rest of the request sees the new user."""
    async with info.context.db.read() as session:
        info.context.viewer = await load_viewer(session, signed_in.token, now())
    return AuthPayload(token=signed_in.token, user=UserNode.from_row(signed_in.user), errors=[])


@strawberry.type
class AccountMutations:
    @expensive_mutation(description="Create an account; the payload carries a token.")
    async def sign_up(self, info: Info, input: SignUpInput) -> AuthPayload:
        shared = info.context.shared
        try:
            account = check_sign_up(input.email, input.password, input.display_name)
        except DomainError as error:
            return AuthPayload(token=None, user=None, errors=user_errors(error))
        limits = shared.settings.accounts.login_limits
        address = info.context.client_address
        # argon2 is slow on purpose: not for an address over its limit, nor in a transaction
        async with shared.db.read() as session:
            tried = await sign_ups_from(session, address, limits.window)
        if tried >= limits.max_sign_ups_per_address:
            problem = Problem(ErrorCode.RATE_LIMITED, TOO_MANY_SIGN_UPS)
            return AuthPayload(token=None, user=None, errors=[UserError.from_problem(problem)])
        password_hash = await shared.passwords.hash(input.password)

        outcome = await run_mutation(
            info,
            partial(
                sign_up,
                account=account,
                password_hash=password_hash,
                address=address,
                window=limits.window,
                max_per_address=limits.max_sign_ups_per_address,
                token_ttl_days=shared.settings.accounts.token_ttl_days,
            ),
        )
        if outcome.value is None:
            return AuthPayload(token=None, user=None, errors=outcome.errors)
        return await _signed_in(info, outcome.value)

    @expensive_mutation(description="Exchange email and password for a token.")
    async def log_in(self, info: Info, input: LogInInput) -> AuthPayload:
        shared = info.context.shared
        result = await log_in(
            shared.writes,
            shared.passwords,
            shared.settings.accounts.login_limits,
            email=input.email,
            password=input.password,
            address=info.context.client_address,
            token_ttl_days=shared.settings.accounts.token_ttl_days,
        )
        if isinstance(result, Problem):
            return AuthPayload(token=None, user=None, errors=[UserError.from_problem(result)])
        return await _signed_in(info, result)

    @mutation(description="Revoke the token this request was made with.")
    async def log_out(self, info: Info) -> LogOutPayload:
        outcome = await mutate(info, log_out)
        if outcome.value:
            # the rest of this document runs without the revoked token
            info.context.viewer = ANONYMOUS
        return LogOutPayload(ok=bool(outcome.value), errors=outcome.errors)

    @mutation(description="Ask to become a member of an association.")
    async def join_request_create(
        self, info: Info, input: JoinRequestCreateInput
    ) -> JoinRequestPayload:
        association_id = decode_id(input.association_id, "Association", "association_id")
        outcome = await mutate(info, memberships.request_to_join, association_id, input.message)
        return JoinRequestPayload.of(outcome)

    @mutation(description="An association admin lets the person in as a member.")
    async def join_request_approve(
        self, info: Info, input: JoinRequestIdInput
    ) -> JoinRequestPayload:
        return await _decide(info, input, approve=True)

    @mutation(description="An association admin says no.")
    async def join_request_decline(
        self, info: Info, input: JoinRequestIdInput
    ) -> JoinRequestPayload:
        return await _decide(info, input, approve=False)

    @mutation(description="The person who asked withdraws the request.")
    async def join_request_cancel(
        self, info: Info, input: JoinRequestIdInput
    ) -> JoinRequestPayload:
        request_id = decode_id(input.id, "JoinRequest")
        outcome = await mutate(info, memberships.cancel_join_request, request_id)
        return JoinRequestPayload.of(outcome)

    @mutation(description="An association admin changes a member's role.")
    async def membership_update(
        self, info: Info, input: MembershipUpdateInput
    ) -> MembershipPayload:
        membership_id = decode_id(input.id, "Membership")
        role = MembershipRole(input.role)
        outcome = await mutate(info, memberships.set_member_role, membership_id, role)
        return MembershipPayload(
            membership=MembershipNode.from_row(outcome.value) if outcome.value else None,
            errors=outcome.errors,
        )

    @mutation(description="An admin removes a member, or a member leaves.")
    async def membership_remove(
        self, info: Info, input: MembershipRemoveInput
    ) -> MembershipRemovePayload:
        membership_id = decode_id(input.id, "Membership")
        outcome = await mutate(info, memberships.remove_member, membership_id)
        if outcome.value is None:
            return MembershipRemovePayload(
                removed_membership_id=None, association=None, errors=outcome.errors
            )
        association: Association | None = await loader(info, associations_by_id).load(
            outcome.value.association_id
        )
        return MembershipRemovePayload(
            removed_membership_id=relay.GlobalID("Membership", str(outcome.value.id)),
            association=AssociationNode.from_row(association) if association else None,
            errors=[],
        )


async def _decide(info: Info, input: JoinRequestIdInput, *, approve: bool) -> JoinRequestPayload:
    request_id = decode_id(input.id, "JoinRequest")
    outcome = await mutate(info, memberships.decide_join_request, request_id, approve=approve)
    return JoinRequestPayload.of(outcome)
