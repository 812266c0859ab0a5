"""Fixtures for the ops tests: a tiny real content folder and a database seeded from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.ops import make_content


@pytest.fixture
def tiny_content(tmp_path: Path) -> Path:
    return make_content(tmp_path / "content")


@pytest.fixture
def seeded_db(tmp_path: Path, tiny_content: Path) -> Path:
    from kiosk.content.seed import seed
    db = tmp_path / "data" / "kiosk.db"
    seed(db, tiny_content)
    return db
