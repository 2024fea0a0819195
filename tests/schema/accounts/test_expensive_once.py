"""Log-in and sign-up hash passwords (argon2, slow on purpose): a document may ask for each at
most once, so thirty aliases cost nothing before they are refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.runtime import Runtime
from db.models import LoginAttempt, User
from tests.support.graphql import GraphQLClient

LOG_IN_FIELD = 'logIn(input: {email: "anna@example.se", password: "fel lösenord!!"}) { token }'
SIGN_UP_FIELD = (
    'signUp(input: {email: "%s@example.se", password: "ett långt lösenord", displayName: "X"})'
    " { token }"
)


@pytest.fixture
def hashing(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every argon2 hash or check the server starts."""
    started: list[str] = []
    passwords = runtime.passwords
    verify, hash_password = passwords.verify, passwords.hash

    async def counted_verify(stored: str | None, password: str) -> bool:
        started.append("verify")
        return await verify(stored, password)

    async def counted_hash(password: str) -> str:
        started.append("hash")
        return await hash_password(password)

    monkeypatch.setattr(passwords, "verify", counted_verify)
    monkeypatch.setattr(passwords, "hash", counted_hash)
    return started


async def rows(runtime: Runtime, model: type[LoginAttempt] | type[User]) -> int:
    async with runtime.db.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("logIn", [f"a{n}: {LOG_IN_FIELD}" for n in range(30)]),
        ("signUp", [f"a{n}: {SIGN_UP_FIELD % f'ny{n}'}" for n in range(30)]),
        ("logIn", ["...A ...B", "}\nfragment A on Mutation { a: " + LOG_IN_FIELD,
                   "}\nfragment B on Mutation { b: " + LOG_IN_FIELD]),
    ],
)  # fmt: skip
async def test_an_expensive_field_asked_for_twice_refuses_the_document_unhashed(
    gql: GraphQLClient, runtime: Runtime, hashing: list[str], name: str, fields: list[str]
) -> None:
    attempts, users = await rows(runtime, LoginAttempt), await rows(runtime, User)
    answer = await gql("mutation { " + " ".join(fields) + " }")
    assert answer.body.get("data") is None
    assert [e["message"] for e in answer.errors] == [
        f"`{name}` may be asked for once per request; send one."
    ]
    assert hashing == []
    assert (await rows(runtime, LoginAttempt), await rows(runtime, User)) == (attempts, users)


async def test_one_log_in_with_other_fields_still_runs(
    gql: GraphQLClient, runtime: Runtime, hashing: list[str]
) -> None:
    # the same field twice under one name is merged into one run: not refused
    answer = await gql(
        "mutation { " + LOG_IN_FIELD + " " + LOG_IN_FIELD + " signUp: " + SIGN_UP_FIELD % "en" + "}"
    )
    assert answer.data["logIn"] == {"token": None}  # no such account
    assert answer.data["signUp"]["token"] is not None
    assert hashing.count("verify") == 1
