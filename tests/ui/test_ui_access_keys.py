"""A keyboard-only visitor (arrows, Enter, Back: an EZ Access-style keypad) reaches every
exhibit and the showroom page, and always sees where the focus is."""

from __future__ import annotations

from helpers.access import settle, visible_rect
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.ui.access.keys import reading_order

MAX_STEPS = 40


def press(window, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    QTest.keyClick(window, key)
    settle()


def ring_shows(window) -> None:  # type: ignore[no-untyped-def]
    """The ring surrounds the focused item and nothing of the window is drawn above it."""
    keys = window.keys
    ring, w = keys.ring, keys.current
    assert w is not None and ring.isVisible()
    target = visible_rect(w, window)
    assert not target.isEmpty(), "the focused item is on screen"
    assert ring.geometry().contains(target.adjusted(1, 1, -1, -1)), (ring.geometry(), target)
    siblings = [c for c in window.children() if hasattr(c, "isVisible") and c.isVisible()]
    assert siblings[-1] is ring, "the ring is the topmost child of the window"


def focus_until(window, wanted, *, key: Qt.Key = Qt.Key.Key_Down) -> None:  # type: ignore[no-untyped-def]
    for _ in range(MAX_STEPS):
        if window.keys.current is wanted:
            return
        press(window, key)
        ring_shows(window)
    raise AssertionError(f"never reached {wanted!r}")


def test_a_keyboard_visitor_reaches_every_exhibit_and_the_showroom_page(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert window.current == "attract"
    press(window, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: window.current == "home")
    slugs = [c.slug for c in window.home.cards]
    assert len(slugs) >= 4
    for slug in slugs:
        focus_until(window, window.home.card(slug))
        press(window, Qt.Key.Key_Return)
        qtbot.wait_until(lambda: window.current == "exhibit")
        assert window.exhibit.exhibit.slug == slug
        qtbot.wait_until(lambda: window.keys.current is not None)  # lands on the new page
        ring_shows(window)
        # the reading area scrolls with Down before the focus moves on
        area = window.exhibit.scroll
        focus_until(window, area)
        bar = area.verticalScrollBar()
        if bar.maximum() > 0:
            before = bar.value()
            press(window, Qt.Key.Key_Down)
            assert bar.value() > before and window.keys.current is area
        press(window, Qt.Key.Key_Backspace)
        qtbot.wait_until(lambda: window.current == "home")
    focus_until(window, window.home.topbar.info_btn, key=Qt.Key.Key_Up)
    press(window, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: window.current == "info")
    press(window, Qt.Key.Key_Backspace)
    qtbot.wait_until(lambda: window.current == "home")


def test_the_gallery_pages_with_left_and_right(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    press(window, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: window.current == "home")
    focus_until(window, window.home.card("gc-ms"))
    press(window, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: window.current == "exhibit")
    g = window.exhibit.gallery
    focus_until(window, g)
    press(window, Qt.Key.Key_Right)
    assert g.index == 1 and window.keys.current is g
    press(window, Qt.Key.Key_Left)
    assert g.index == 0


def test_the_access_panel_by_keyboard(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    press(window, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: window.current == "home")
    focus_until(window, window.frame.dock.button, key=Qt.Key.Key_Up)
    press(window, Qt.Key.Key_Return)
    panel = window.access_panel
    assert panel.isVisible() and window.keys.current in panel.buttons()
    ring_shows(window)
    focus_until(window, panel.toggles["high_contrast"])
    press(window, Qt.Key.Key_Return)
    assert window.access.modes.high_contrast
    press(window, Qt.Key.Key_Backspace)  # Back closes the panel, the focus returns
    assert not panel.isVisible() and window.keys.current is window.frame.dock.button


def test_the_lock_still_eats_the_keys_that_would_leave(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.allow_close = False
    press(window, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: window.current == "home")
    focus_until(window, window.home.card("gc-ms"))
    press(window, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: window.current == "exhibit")
    for key, mod in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                     (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                     (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)):
        QTest.keyClick(window, key, mod)
    assert window.isVisible() and window.current == "exhibit"


def test_reading_order_is_rows_then_columns(window) -> None:  # type: ignore[no-untyped-def]
    window.show_page("home")
    settle()
    items = reading_order(window.key_items(), window)
    assert items[:2] == [window.home.topbar.info_btn, window.home.topbar.lang_btn]
    assert items[-1] is window.frame.dock.button
    cards = [w for w in items if w in window.home.cards]
    xs = [c.mapTo(window, QPoint(0, 0)).x() for c in cards]
    assert len(cards) == len(window.home.cards) and xs == sorted(xs)  # one row, left to right
