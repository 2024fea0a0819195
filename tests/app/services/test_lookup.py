"""Look-ups by typed text: text no database can hold finds nothing."""

from __future__ import annotations

import pytest

from app.services.lookup import storable


@pytest.mark.parametrize("text", ["", "anna@example.se", "Råå IF", "Дружба", "🎉", "\t\n"])
def test_ordinary_text_is_storable(text: str) -> None:
    assert storable(text)


@pytest.mark.parametrize("text", ["\x00", "a\x00b", "\ud800", "a\udfffb"])
def test_nul_and_lone_surrogates_are_not(text: str) -> None:
    assert not storable(text)
