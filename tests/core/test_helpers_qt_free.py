"""The shared test helpers that tests/core uses load no Qt (only ``touch``, ``visitor``,
``admin`` and ``access`` may)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
QT_HELPERS = {"touch", "visitor", "admin", "access"}


def test_core_helpers_import_no_qt() -> None:
    core = sorted(p.stem for p in (TESTS / "helpers").glob("*.py")
                  if p.stem != "__init__" and p.stem not in QT_HELPERS)
    assert {"ops", "bundles", "curation", "sensors", "fleet", "media", "pulse"} <= set(core)
    # a fresh interpreter: this one may already hold whatever other tests imported
    code = ("import sys\n"
            f"for name in {core!r}:\n"
            "    __import__('helpers.' + name)\n"
            "    qt = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyqtgraph', 'qasync'))\n"
            "    assert not qt, f'helpers.{name} loads {qt[:3]}'\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=TESTS, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_qt_helpers_do_load_qt() -> None:
    """The check above can fail: the Qt helpers, imported the same way, are caught."""
    done = subprocess.run([sys.executable, "-c", "import sys, helpers.touch; "
                           "assert 'PySide6' in sys.modules"], cwd=TESTS,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
