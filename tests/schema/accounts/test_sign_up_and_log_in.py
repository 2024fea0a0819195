"""signUp, logIn and logOut: argon2id, opaque revocable tokens, rate limits."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from starlette.applications import Starlette

from app.runtime import Runtime
from app.services.accounts.attempts import clip_address, record_attempt
from app.services.clock import now
from db.models import AuthToken, LoginAttempt, User
from tests.support.graphql import GraphQLClient, codes, ok, send_escaped
from tests.support.people import make_person

SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token user { id displayName email } errors { field message code } }
}"""
LOG_IN = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { token user { displayName email } errors { field message code } }
}"""
LOG_OUT = "mutation { logOut { ok errors { code } } }"
VIEWER = "{ viewer { displayName email isCoordinator } }"


async def sign_up(
    gql: GraphQLClient, email: str = "anna@example.se", password: str = "ett långt lösenord"
) -> dict[str, Any]:
    return await gql.mutate(
        SIGN_UP, {"input": {"email": email, "password": password, "displayName": "Anna"}}
    )


async def log_in(gql: GraphQLClient, email: str, password: str) -> dict[str, Any]:
    return await gql.mutate(LOG_IN, {"input": {"email": email, "password": password}})


async def count(runtime: Runtime, model: type) -> int:
    async with runtime.db.read() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_sign_up_gives_a_token_that_authenticates(gql: GraphQLClient) -> None:
    payload = ok(await sign_up(gql, email="Anna@Example.SE"))
    assert payload["token"].startswith("svk_")
    assert payload["user"] == {
        "id": payload["user"]["id"],
        "displayName": "Anna",
        "email": "anna@example.se",
    }
    viewer = await gql.as_(payload["token"]).data(VIEWER)
    assert viewer == {
        "viewer": {"displayName": "Anna", "email": "anna@example.se", "isCoordinator": False}
    }


async def test_passwords_are_stored_as_argon2id_and_tokens_as_hashes(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    token = ok(await sign_up(gql))["token"]
    async with runtime.db.read() as session:
        user = await session.scalar(select(User))
        stored = (await session.scalars(select(AuthToken.token_hash))).all()
    assert user is not None
    assert user.password_hash.startswith("$argon2id$")
    assert "ett långt lösenord" not in user.password_hash
    assert token not in stored
    assert len(stored) == 1
    assert len(stored[0]) == 64


async def test_anonymous_viewer_is_null(gql: GraphQLClient) -> None:
    assert await gql.data(VIEWER) == {"viewer": None}


@pytest.mark.parametrize(
    ("field_values", "field", "code"),
    [
        ({"email": "not-an-email"}, "email", "INVALID"),
        ({"email": ""}, "email", "REQUIRED"),
        ({"email": "a" * 250 + "@x.se"}, "email", "TOO_LONG"),
        # 250 characters as typed, 495 lower-cased ("İ" lowers to i + a combining dot)
        ({"email": "İ" * 245 + "@x.se"}, "email", "TOO_LONG"),
        ({"password": "kort"}, "password", "INVALID"),
        ({"password": "x" * 257}, "password", "TOO_LONG"),
        ({"displayName": "  "}, "displayName", "REQUIRED"),
        ({"displayName": "x" * 81}, "displayName", "TOO_LONG"),
        ({"displayName": "Anna\x00"}, "displayName", "INVALID"),
    ],
)
async def test_sign_up_rejects_bad_input_and_stores_nothing(
    gql: GraphQLClient, runtime: Runtime, field_values: dict[str, Any], field: str, code: str
) -> None:
    values = {
        "email": "anna@example.se",
        "password": "ett långt lösenord",
        "displayName": "Anna",
    } | field_values
    payload = await gql.mutate(SIGN_UP, {"input": values})
    assert payload["token"] is None
    assert payload["user"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert await count(runtime, User) == 0


async def test_sign_up_refuses_a_lone_surrogate_and_stores_nothing(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    values = {"email": "anna\ud800@example.se", "password": "ett långt lösenord"}
    answer = await send_escaped(gql, SIGN_UP, {"input": values | {"displayName": "Anna\udc00"}})
    payload = answer.data["signUp"]
    assert sorted((e["field"], e["code"]) for e in payload["errors"]) == [
        ("displayName", "INVALID"),
        ("email", "INVALID"),
    ]
    assert await count(runtime, User) == 0


async def test_sign_up_reports_every_bad_field_at_once(gql: GraphQLClient) -> None:
    payload = await gql.mutate(
        SIGN_UP, {"input": {"email": "x", "password": "y", "displayName": ""}}
    )
    assert sorted(e["field"] for e in payload["errors"]) == ["displayName", "email", "password"]


async def test_sign_up_with_a_taken_email_in_any_case_is_a_duplicate(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    ok(await sign_up(gql, email="anna@example.se"))
    payload = await sign_up(gql, email="ANNA@example.se")
    assert codes(payload) == ["DUPLICATE"]
    assert await count(runtime, User) == 1


async def test_concurrent_sign_ups_with_one_email_make_one_account(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    payloads = await asyncio.gather(*(sign_up(gql, email="same@example.se") for _ in range(5)))
    assert sorted(len(p["errors"]) for p in payloads) == [0, 1, 1, 1, 1]
    assert await count(runtime, User) == 1


async def test_log_in_with_the_right_password(gql: GraphQLClient) -> None:
    ok(await sign_up(gql))
    payload = ok(await log_in(gql, " ANNA@example.se ", "ett långt lösenord"))
    assert payload["user"]["email"] == "anna@example.se"
    assert (await gql.as_(payload["token"]).data(VIEWER))["viewer"]["displayName"] == "Anna"


async def test_wrong_password_and_unknown_email_get_the_same_answer(gql: GraphQLClient) -> None:
    ok(await sign_up(gql))
    wrong_password = await log_in(gql, "anna@example.se", "fel lösenord!!")
    unknown_email = await log_in(gql, "nobody@example.se", "fel lösenord!!")
    assert wrong_password == unknown_email
    assert wrong_password["errors"] == [
        {"field": None, "message": "Wrong email or password.", "code": "INVALID_CREDENTIALS"}
    ]


@pytest.mark.parametrize(
    "email", ["anna@example.se\x00", "\x00", "anna\ud800@example.se", " \udfff "]
)
async def test_log_in_with_an_email_no_account_can_have_is_wrong_credentials(
    gql: GraphQLClient, runtime: Runtime, email: str
) -> None:
    # PostgreSQL cannot compare text with NUL, and no database takes a lone surrogate
    ok(await sign_up(gql))
    answer = await send_escaped(
        gql, LOG_IN, {"input": {"email": email, "password": "ett långt lösenord"}}
    )
    assert answer.data["logIn"] == {
        "token": None,
        "user": None,
        "errors": [
            {"field": None, "message": "Wrong email or password.", "code": "INVALID_CREDENTIALS"}
        ],
    }
    assert await count(runtime, AuthToken) == 1  # the sign-up's


async def test_a_password_with_a_lone_surrogate_works_like_any_other(gql: GraphQLClient) -> None:
    password = "ett långt \ud800 lösenord"
    sign_up_input = {"email": "anna@example.se", "password": password, "displayName": "Anna"}
    ok((await send_escaped(gql, SIGN_UP, {"input": sign_up_input})).data["signUp"])
    log_in_input = {"email": "anna@example.se", "password": password}
    ok((await send_escaped(gql, LOG_IN, {"input": log_in_input})).data["logIn"])
    log_in_input["password"] = "ett långt \udc00 lösenord"
    wrong = (await send_escaped(gql, LOG_IN, {"input": log_in_input})).data["logIn"]
    assert codes(wrong) == ["INVALID_CREDENTIALS"]


@pytest.mark.parametrize("length", [257, 200_000])
async def test_a_password_longer_than_any_account_can_have_is_wrong_and_counted(
    gql: GraphQLClient, runtime: Runtime, length: int
) -> None:
    ok(await sign_up(gql))
    attempts = await count(runtime, LoginAttempt)
    too_long = "ett långt lösenord" + "x" * length
    assert (await log_in(gql, "anna@example.se", too_long))["errors"] == [
        {"field": None, "message": "Wrong email or password.", "code": "INVALID_CREDENTIALS"}
    ]
    assert await count(runtime, LoginAttempt) == attempts + 1  # a guess like any other
    assert await count(runtime, AuthToken) == 1  # the sign-up's


def client_at(app: Starlette, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 4711))
    return httpx.AsyncClient(transport=transport, base_url="http://samverka.test")


async def test_log_in_is_rate_limited_per_account_and_address(
    gql: GraphQLClient, runtime: Runtime, app: Starlette
) -> None:
    ok(await sign_up(gql))
    for _ in range(runtime.settings.accounts.login_max_failures_per_account_and_address):
        assert codes(await log_in(gql, "anna@example.se", "fel lösenord!!")) == [
            "INVALID_CREDENTIALS"
        ]
    # now even the right password is refused from there for a while
    assert codes(await log_in(gql, "anna@example.se", "ett långt lösenord")) == ["RATE_LIMITED"]
    # other accounts from the same address are not locked by it
    ok(await sign_up(gql, email="bo@example.se"))
    ok(await log_in(gql, "bo@example.se", "ett långt lösenord"))
    # nor is the account's owner, elsewhere: a stranger alone cannot lock them out
    async with client_at(app, "198.51.100.1") as home:
        ok(await log_in(GraphQLClient(home), "anna@example.se", "ett långt lösenord"))


async def test_log_in_is_rate_limited_per_account_from_many_addresses(
    gql: GraphQLClient, runtime: Runtime, app: Starlette
) -> None:
    ok(await sign_up(gql))
    settings = runtime.settings
    each = settings.accounts.login_max_failures_per_account_and_address
    addresses = -(-settings.accounts.login_max_failures_per_account // each)  # rounded up
    guesses = 0
    for n in range(addresses):
        async with client_at(app, f"198.51.100.{n + 1}") as guesser:
            while (
                guesses < (n + 1) * each
                and guesses < settings.accounts.login_max_failures_per_account
            ):
                wrong = await log_in(GraphQLClient(guesser), "anna@example.se", "fel lösenord!!")
                assert codes(wrong) == ["INVALID_CREDENTIALS"]
                guesses += 1
    # guessed at from everywhere, the account is closed to log-ins for the window
    async with client_at(app, "192.0.2.200") as home:
        right = await log_in(GraphQLClient(home), "anna@example.se", "ett långt lösenord")
        assert codes(right) == ["RATE_LIMITED"]


async def test_log_in_is_rate_limited_per_address(gql: GraphQLClient, runtime: Runtime) -> None:
    for attempt in range(runtime.settings.accounts.login_max_failures_per_address):
        assert codes(await log_in(gql, f"guess{attempt}@example.se", "fel lösenord!!")) == [
            "INVALID_CREDENTIALS"
        ]
    assert codes(await log_in(gql, "another@example.se", "fel lösenord!!")) == ["RATE_LIMITED"]


async def test_rate_limit_window_passes(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(await sign_up(gql))
    for _ in range(runtime.settings.accounts.login_max_failures_per_account_and_address):
        await log_in(gql, "anna@example.se", "fel lösenord!!")
    assert codes(await log_in(gql, "anna@example.se", "ett långt lösenord")) == ["RATE_LIMITED"]
    import app.services.accounts.attempts as attempts_module

    later = now() + timedelta(minutes=runtime.settings.accounts.login_window_minutes + 1)
    monkeypatch.setattr(attempts_module, "now", lambda: later)
    ok(await log_in(gql, "anna@example.se", "ett långt lösenord"))


async def test_login_attempts_store_no_email_addresses(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    await log_in(gql, "secret.person@example.se", "fel lösenord!!")
    async with runtime.db.read() as session:
        attempts = (await session.scalars(select(LoginAttempt))).all()
    assert len(attempts) == 1
    assert "secret" not in attempts[0].account_key
    assert attempts[0].address == "203.0.113.7"


async def test_log_out_revokes_the_token(gql: GraphQLClient) -> None:
    token = ok(await sign_up(gql))["token"]
    other = ok(await log_in(gql, "anna@example.se", "ett långt lösenord"))["token"]
    assert (await gql.as_(token).mutate(LOG_OUT, {}))["ok"] is True
    # the revoked token is refused; the other session still works
    assert (await gql.as_(token)(VIEWER)).status == 401
    assert (await gql.as_(other).data(VIEWER))["viewer"]["displayName"] == "Anna"


async def test_log_out_without_a_token_is_unauthenticated(gql: GraphQLClient) -> None:
    assert await gql.mutate(LOG_OUT, {}) == {"ok": False, "errors": [{"code": "UNAUTHENTICATED"}]}


async def test_expired_tokens_are_refused(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = ok(await sign_up(gql))["token"]
    import app.services.viewer as authentication

    later = now() + timedelta(days=runtime.settings.accounts.token_ttl_days, minutes=1)
    monkeypatch.setattr(authentication, "now", lambda: later)
    assert (await gql.as_(token)(VIEWER)).status == 401


async def test_parallel_guesses_are_limited_like_sequential_ones(
    gql: GraphQLClient, runtime: Runtime
) -> None:
    ok(await sign_up(gql))
    answers = await asyncio.gather(
        *(log_in(gql, "anna@example.se", f"gissning {i}!") for i in range(20))
    )
    outcomes = sorted(codes(answer)[0] for answer in answers)
    limit = runtime.settings.accounts.login_max_failures_per_account_and_address
    assert outcomes == ["INVALID_CREDENTIALS"] * limit + ["RATE_LIMITED"] * (20 - limit)


async def test_sign_ups_are_limited_per_address(gql: GraphQLClient, runtime: Runtime) -> None:
    for n in range(runtime.settings.accounts.sign_ups_per_address):
        ok(await sign_up(gql, email=f"person{n}@example.se"))
    assert codes(await sign_up(gql, email="one.more@example.se")) == ["RATE_LIMITED"]
    assert await count(runtime, User) == runtime.settings.accounts.sign_ups_per_address


async def test_asking_about_taken_emails_counts_towards_the_limit_and_stops_hashing(
    gql: GraphQLClient, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = await make_person(runtime.db)
    limit = runtime.settings.accounts.sign_ups_per_address
    for _ in range(limit):
        assert codes(await sign_up(gql, email=taken.email)) == ["DUPLICATE"]
    hashed: list[str] = []
    hash_password = runtime.passwords.hash

    async def counting(password: str) -> str:
        hashed.append(password)
        return await hash_password(password)

    monkeypatch.setattr(runtime.passwords, "hash", counting)
    # over the limit: not a word about whether the email has an account, and no argon2
    assert codes(await sign_up(gql, email=taken.email)) == ["RATE_LIMITED"]
    assert codes(await sign_up(gql, email="ny.person@example.se")) == ["RATE_LIMITED"]
    assert hashed == []
    assert await count(runtime, User) == 1


async def test_after_log_out_the_rest_of_the_document_runs_anonymous(gql: GraphQLClient) -> None:
    token = ok(await sign_up(gql))["token"]
    data = await gql.as_(token).data(
        'mutation { logOut { ok } associationCreate(input: {name: "X", organisationNumber: "212000-1124"}) { errors { code } } }'
    )
    assert data == {
        "logOut": {"ok": True},
        "associationCreate": {"errors": [{"code": "UNAUTHENTICATED"}]},
    }


def test_limits_count_an_ipv6_network_as_one_address() -> None:
    assert (
        clip_address("2001:db8:1:2::1")
        == clip_address("2001:db8:1:2:ffff::9")
        == ("2001:db8:1:2::/64")
    )
    assert clip_address("2001:db8:1:3::1") != clip_address("2001:db8:1:2::1")
    assert clip_address("::ffff:203.0.113.7") == clip_address("203.0.113.7") == "203.0.113.7"
    assert clip_address("unknown") == "unknown"


async def test_sign_ups_from_one_ipv6_network_share_its_limit(
    app: Starlette, runtime: Runtime
) -> None:
    limit = runtime.settings.accounts.sign_ups_per_address
    async with (
        client_at(app, "2001:db8:7::1") as first,
        client_at(app, "2001:db8:8::1") as elsewhere,
    ):
        for n in range(limit):
            async with client_at(app, f"2001:db8:7::{n + 2:x}") as rotating:
                ok(await sign_up(GraphQLClient(rotating), email=f"v6.{n}@example.se"))
        assert codes(await sign_up(GraphQLClient(first), email="one.more@example.se")) == [
            "RATE_LIMITED"
        ]
        ok(await sign_up(GraphQLClient(elsewhere), email="other.network@example.se"))


async def test_old_attempts_of_an_ipv6_network_are_forgotten_with_its_next_attempt(
    runtime: Runtime,
) -> None:
    window = timedelta(minutes=15)
    async with runtime.db.write() as session:
        await record_attempt(session, "a", "2001:db8:1:2::1", succeeded=False, window=window)
        await session.execute(update(LoginAttempt).values(created_at=now() - 2 * window))
    async with runtime.db.write() as session:
        await record_attempt(session, "b", "2001:db8:1:2::99", succeeded=False, window=window)
    async with runtime.db.read() as session:
        kept = (await session.execute(select(LoginAttempt.account_key, LoginAttempt.address))).all()
    assert kept == [("b", "2001:db8:1:2::/64")]
