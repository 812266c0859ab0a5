"""Curator admin mode: secret gesture, PIN pad, editor, preview/publish, settings, bundles.

The gesture, the screens and how admin mode hooks into the window: README.md, "Curator admin mode".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def install_admin(window: Any, *, db_path: Path, cfg: Any, hub: Any = None) -> Any:
    """Attach admin mode to the kiosk window; returns the ``AdminController``."""
    from kiosk.ui.admin.controller import AdminController

    return AdminController(window, db_path=Path(db_path), cfg=cfg, hub=hub)
