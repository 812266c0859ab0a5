"""Fixtures for the fleet: a seeded content database, a signing key, the broker recipe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.bundles import make_content
from helpers.fleet import FleetBroker, write_keys

from kiosk.content.seed import seed


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded database (2 exhibits) that every kiosk of a test copies."""
    root = tmp_path_factory.mktemp("template")
    path = root / "data" / "kiosk.db"
    seed(path, make_content(root / "content"))
    return path


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, str]:
    """The author's private key file and its public key text."""
    return write_keys(tmp_path / "author-secrets")


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[FleetBroker]:
    """The recipe's broker, not yet started: add identities, then ``broker.start()``."""
    b = FleetBroker(tmp_path)
    b.add_user("author", "")  # the recipe's ACL already has the author's block
    try:
        yield b
    finally:
        b.kill()
