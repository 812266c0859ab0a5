"""A visitor's steps by touch for the Qt tests (tests/ui only): start, open an exhibit."""

from __future__ import annotations

from PySide6.QtCore import QPoint

from helpers.touch import tap


def open_exhibit(window, qtbot, slug: str):  # type: ignore[no-untyped-def]
    """Tap the card, then wait until the exhibit page is laid out at its final size."""
    tap(window.home.card(slug))
    qtbot.wait_until(lambda: window.current == "exhibit")
    g = window.exhibit.gallery
    qtbot.wait_until(lambda: g.isVisible() and g.width() >= 400 and g.height() >= 200)
    return g


def start(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.current == "attract"
    tap(window.attract, QPoint(300, 300))
    qtbot.wait_until(lambda: window.current == "home")
