from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.clock import WALL_START, FakeClock
from sqlite_utils import Database

from kiosk.content import store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "kiosk.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    conn = store.open_db(db_path)
    try:
        yield conn
    finally:
        conn.close()


@pytest.fixture
def clock() -> FakeClock:
    """A wall clock the test moves by hand."""
    return FakeClock(WALL_START)
