"""Protection on by default: limits on depth, aliases and tokens; masked unexpected errors;
no introspection or suggestions in production; and logs that never carry personal data."""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable
from functools import partial

from graphql import GraphQLError
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)

from app.services.errors import PublicError
from app.services.live.follower import ResyncRequired
from app.services.settings import Settings
from db.session import LockTimeout
from schema.expensive import ExpensiveOnce
from schema.limits import limits_rule
from schema.result_size import result_size_rule

logger = logging.getLogger("samverka.graphql")

UNEXPECTED_MESSAGE = "Unexpected error."
_SUGGESTION = re.compile(r"\s*Did you mean .*$", re.DOTALL)


def is_expected(error: GraphQLError) -> bool:
    """Errors about the request itself, or raised on purpose with a safe message."""
    original = error.original_error
    return original is None or isinstance(
        original, GraphQLError | PublicError | ResyncRequired | LockTimeout
    )


def without_suggestions(message: str) -> str:
    return _SUGGESTION.sub("", message)


# graphql-core repeats a variable's invalid value in its message ("…, found: {'email': …,
# 'password': …}"); the client knows what it sent, and a password must not travel back
_FOUND = re.compile(r"(?:,\s*|\s+)[Ff]ound: .*$", re.DOTALL)
_REPRESENTED = re.compile(r"(cannot represent [^:]*value): .*$", re.DOTALL)
_NO_SUCH_VALUE = re.compile(r"Value '.*' does not exist in ('[^']*' enum)", re.DOTALL)


def without_echoed_values(message: str) -> str:
    """A variable's error without the value that was sent."""
    if not message.startswith("Variable '$"):
        return message
    trimmed = _REPRESENTED.sub(r"\1", _FOUND.sub("", message))
    trimmed = _NO_SUCH_VALUE.sub(r"The value does not exist in \1", trimmed)
    return trimmed if trimmed.endswith((".", "?")) else trimmed + "."


def log_unexpected(error: GraphQLError) -> None:
    """Log where and what kind of failure, never the message: it may hold personal data."""
    original = error.original_error
    frames = traceback.extract_tb(original.__traceback__) if original else []
    logger.error(
        "unexpected %s at %s\n%s",
        type(original).__name__,
        ".".join(str(p) for p in error.path or []) or "(operation)",
        "".join(traceback.format_list(frames)).rstrip(),
    )


# distinct documents whose parse and validation are remembered (clients repeat theirs)
DOCUMENT_CACHE = 512


def validation_rules(settings: Settings) -> list[type[ASTValidationRule]]:
    """The protection rules, made once: validation results are cached per document *and*
    rule set, so the same rule classes must come back on every request."""
    rules = [
        limits_rule(settings.max_query_depth, settings.max_aliases),
        result_size_rule(settings.max_page_size, settings.max_result_items),
        ExpensiveOnce,
    ]
    if settings.is_production:
        rules.append(NoSchemaIntrospectionCustomRule)
    return rules


def extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """Factories: Strawberry builds fresh extensions for every operation."""
    rules = validation_rules(settings)
    return [
        partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        partial(ParserCache, maxsize=DOCUMENT_CACHE),
        partial(AddValidationRules, rules),
        partial(ValidationCache, maxsize=DOCUMENT_CACHE),
        partial(
            MaskErrors,
            should_mask_error=lambda error: not is_expected(error),
            error_message=UNEXPECTED_MESSAGE,
        ),
    ]
