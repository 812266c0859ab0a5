"""Where things are: bundled files (frozen-aware) and the user's database."""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk import settings


def bundle_root() -> Path:
    """The folder holding ``assets/`` and ``content/``: the repo, or the PyInstaller bundle."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    return bundle_root() / "assets"


def content_dir() -> Path:
    return bundle_root() / "content"


def db_path(arg: Path | None) -> Path:
    return Path(arg) if arg is not None else settings.default_db_path()
