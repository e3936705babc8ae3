"""Shared fixtures: one gazetteer per test session, the reference article when present."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
REFERENCE = SHARED_CORPUS / "000_3bf0b783fa0966cb.txt"


@pytest.fixture(scope="session")
def gz():
    from gazetteer import Gazetteer

    return Gazetteer.default()


@pytest.fixture(scope="session")
def reference_text() -> str:
    if not REFERENCE.exists():
        pytest.skip(f"reference article not present ({REFERENCE})")
    return REFERENCE.read_text(encoding="utf-8")
