"""Garbage-collector settings for a serving process (measured in docs/performance.md).

With hundreds of open subscriptions a full collection walks every tracked object and held
the event loop for 100–260 ms several times a minute, which set the live cafés' p99. After
start-up we freeze what start-up made (modules, schema, mappers: never garbage) so that
collections skip it, and full collections wait for 1,000 instead of 10 middle-generation
collections. Young collections are unchanged, so short-lived cycles still go at once.
"""

from __future__ import annotations

import gc

YOUNG = 700  # CPython's default
MIDDLE = 10  # CPython's default
FULL = 1000  # CPython's default is 10

_tuned = False


def tune_for_serving() -> bool:
    """Freeze the start-up heap and space out full collections; once per process.
    Returns whether this call did it."""
    global _tuned
    if _tuned:
        return False
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, MIDDLE, FULL)
    _tuned = True
    return True
