"""Guard against the PySide6 6.12.0 bug that corrupts None's reference count on CPython 3.11."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QImage, QPainter, QPen


def test_void_methods_do_not_leak_none_references(qapp) -> None:  # type: ignore[no-untyped-def]
    img = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(img)
    pen = QPen()
    color = QColor(10, 20, 30)
    before = sys.getrefcount(None)
    for _ in range(10_000):
        painter.setPen(pen)        # each returns None: a broken binding decrefs it every time
        color.setAlpha(128)
    after = sys.getrefcount(None)
    painter.end()
    # refcounts of None wobble by a few as objects come and go; the bug drops it by ~20,000
    assert after >= before - 100, f"None refcount fell from {before} to {after}"


def test_installed_pyside6_is_not_the_known_bad_release() -> None:
    import PySide6
    assert PySide6.__version__ != "6.12.0"


def test_essentials_and_addons_are_the_same_version_everywhere() -> None:
    """Addons (QtMultimedia…) built against another Essentials fail at import on a kiosk."""
    import re
    from importlib import metadata
    from pathlib import Path

    installed = {name: metadata.version(name) for name in ("PySide6-Essentials", "PySide6-Addons")}
    assert len(set(installed.values())) == 1, installed
    locks = sorted((Path(__file__).resolve().parents[2] / "requirements").glob("*.txt"))
    assert {p.name for p in locks} >= {"run.txt", "test.txt", "dist.txt"}
    for lock in locks:
        text = lock.read_text(encoding="utf-8").lower()
        pinned = {name: re.findall(rf"^{name.lower()}==([^\s\\]+)", text, re.M)
                  for name in installed}
        assert pinned == {name: [v] for name, v in installed.items()}, (lock.name, pinned)
