"""Content negotiation for GraphQL over HTTP."""

from __future__ import annotations

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header, or None if we can offer nothing acceptable.

    No Accept header (or only wildcards) means application/json, for legacy clients. At equal
    quality an explicitly named type beats a wildcard, and graphql-response+json beats json.
    """
    if accept is None or not accept.strip():
        return JSON
    best: tuple[float, int, int] | None = None
    chosen: str | None = None
    for part in accept.split(","):
        media, _, parameters = part.strip().partition(";")
        media = media.strip().lower()
        quality = _quality(parameters)
        if quality <= 0:
            continue
        if media == GRAPHQL_RESPONSE_JSON:
            candidate, rank = GRAPHQL_RESPONSE_JSON, (quality, 1, 1)
        elif media == JSON:
            candidate, rank = JSON, (quality, 1, 0)
        elif media in ("*/*", "application/*"):
            candidate, rank = JSON, (quality, 0, 0)
        else:
            continue
        if best is None or rank > best:
            best, chosen = rank, candidate
    return chosen


def _quality(parameters: str) -> float:
    for parameter in parameters.split(";"):
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value)))
            except ValueError:
                return 0.0
    return 1.0


def accepts_html(accept: str | None) -> bool:
    return accept is not None and "text/html" in accept.lower()
