"""A small GraphQL client over HTTP for tests, and assertions on its answers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

GRAPHQL_RESPONSE = "application/graphql-response+json"


@dataclass
class Answer:
    status: int
    body: dict[str, Any]

    @property
    def data(self) -> Any:
        assert "errors" not in self.body, f"unexpected errors: {self.body['errors']}"
        assert self.status == 200, self.body
        return self.body["data"]

    @property
    def errors(self) -> list[dict[str, Any]]:
        assert "errors" in self.body, f"expected errors, got {self.body}"
        errors: list[dict[str, Any]] = self.body["errors"]
        return errors


class GraphQLClient:
    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.token = token

    def as_(self, token: str | None) -> GraphQLClient:
        return GraphQLClient(self.http, token)

    async def __call__(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        accept: str = GRAPHQL_RESPONSE,
    ) -> Answer:
        headers = {"accept": accept}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        return Answer(response.status_code, response.json())

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        return (await self(query, variables)).data

    async def mutate(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """The payload of a one-field mutation (asserting there are no top-level errors)."""
        data = await self.data(query, variables)
        (payload,) = data.values()
        assert isinstance(payload, dict)
        return payload


def codes(payload: dict[str, Any]) -> list[str]:
    """The codes of a payload's user errors."""
    return [error["code"] for error in payload["errors"]]


def ok(payload: dict[str, Any]) -> dict[str, Any]:
    assert payload["errors"] == [], payload["errors"]
    return payload


async def send_escaped(gql: GraphQLClient, query: str, variables: dict[str, Any]) -> Answer:
    """Send the body as ASCII JSON with \\uXXXX escapes, as any client may: only so can a test
    send text Python cannot encode, such as a lone surrogate ("\\ud800")."""
    headers = {"accept": GRAPHQL_RESPONSE, "content-type": "application/json"}
    if gql.token:
        headers["authorization"] = f"Bearer {gql.token}"
    body = json.dumps({"query": query, "variables": variables})  # ensure_ascii by default
    response = await gql.http.post("/graphql", content=body, headers=headers)
    return Answer(response.status_code, response.json())
