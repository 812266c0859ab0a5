"""Shared test set-up. No Qt here: tests/core must run with PySide6 never imported."""

from __future__ import annotations

import os

# Qt tests always run offscreen, whatever the developer's shell says
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_SCALE_FACTOR", "1")
