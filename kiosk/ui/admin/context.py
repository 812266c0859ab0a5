"""What every admin screen needs: the window, the workers, the language, a toast."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.ui.admin.worker import AdminWorker


@dataclasses.dataclass
class AdminContext:
    window: Any                 # KioskWindow
    db_path: Path
    media_dir: Path
    cfg: Any
    hub: Any
    db: AdminWorker             # serial: every database read and write of the admin screens
    media: AdminWorker          # serial: image imports and bundle export/import
    clock: Callable[[], float] = time.time
    lang: str = "zh"
    toast: Callable[[str], None] = lambda _text: None
    exit_admin: Callable[[str], None] = lambda _reason: None
    # whether the visitor mode shows the mouse pointer (admin mode always shows it)
    visitor_cursor: Callable[[bool], None] = lambda _visible: None
    # a fleet kiosk that is not the author: its content comes from the author (read-only here)
    content_read_only: bool = False
