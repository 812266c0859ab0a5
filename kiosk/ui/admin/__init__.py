"""Curator admin mode: secret gesture, PIN pad, editor, preview/publish, settings, bundles."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def install_admin(window: Any, *, db_path: Path, cfg: Any, hub: Any = None) -> Any:
    """Attach admin mode to the kiosk window; returns the admin controller (or None)."""
    return None
