from __future__ import annotations

from pathlib import Path

import pytest
from helpers.bundles import make_content

from kiosk.content.seed import seed


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A database seeded from a small content folder (2 exhibits, the second hidden)."""
    path = tmp_path / "data" / "kiosk.db"
    seed(path, make_content(tmp_path / "content"))
    return path
