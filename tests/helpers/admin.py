"""Admin-mode steps for the Qt tests (tests/ui only): a long press, the PIN, the editor."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from helpers.clock import WALL_START, FakeClock
from helpers.touch import device, tap
from kiosk.content import store
from kiosk.curation import pin


def long_press(widget: QWidget, pos: QPoint, clock: FakeClock, seconds: float) -> None:
    """A finger held still at ``pos`` for ``seconds`` of the injected clock, then lifted."""
    win = widget.window()
    p = widget.mapTo(win, pos)
    QTest.touchEvent(win, device(), False).press(0, p, win).commit()
    QTest.touchEvent(win, device(), False).stationary(0).commit()
    clock.advance(seconds)
    QTest.touchEvent(win, device(), False).release(0, p, win).commit()


def type_text(widget: QWidget, text: str) -> None:
    """Typing: ASCII as key presses (a USB keyboard), the rest as an input-method commit,
    which is how Chinese arrives from a pinyin IME."""
    if text.isascii():
        QTest.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def set_pin(db_path: object, value: str) -> None:
    with store.opened(db_path) as db:  # type: ignore[arg-type]
        pin.set_pin(db, value, via="test")


def use_clock(window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window.admin.clock = clock
    window.admin.gesture.clock = clock


def secret_gesture(window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    long_press(window, QPoint(40, 40), clock, 3.2)
    tap(window, QPoint(window.width() - 40, window.height() - 40))


def type_pin(window, qtbot, value: str) -> None:  # type: ignore[no-untyped-def]
    pad = window.admin.pinpad
    for d in value:
        qtbot.wait_until(lambda d=d: pad.digit_buttons[d].isEnabled())
        tap(pad.digit_buttons[d])
    tap(pad.ok_btn)


def enter_admin(window, qtbot, db_path, value: str = "2468") -> None:  # type: ignore[no-untyped-def]
    """The real way in: gesture and PIN (clock injected so no test waits 3 s)."""
    set_pin(db_path, value)
    clock = FakeClock(WALL_START)
    use_clock(window, clock)
    secret_gesture(window, clock)
    qtbot.wait_until(lambda: window.admin.pinpad.isVisible())
    type_pin(window, qtbot, value)
    qtbot.wait_until(lambda: window.current == "admin", timeout=10_000)
    list_screen = window.admin.shell.exhibits
    qtbot.wait_until(lambda: list_screen.loads > 0 and bool(list_screen.rows))
    qtbot.wait_until(lambda: laid_out(list_screen.rows[-1].edit))


def laid_out(widget: QWidget) -> bool:
    """Shown where the layout put it (a fresh row sits at 0,0 until the layout runs)."""
    win = widget.window()
    top_left = widget.mapTo(win, QPoint(0, 0))
    return widget.isVisible() and top_left.x() > 0 and top_left.y() > 0 and \
        win.rect().contains(top_left + widget.rect().center())


def open_editor(window, qtbot, slug: str):  # type: ignore[no-untyped-def]
    screen = window.admin.shell.exhibits
    qtbot.wait_until(lambda: any(r.row.slug == slug for r in screen.rows))
    qtbot.wait_until(lambda: laid_out(screen.row(slug).edit))
    tap(screen.row(slug).edit)
    editor = window.admin.shell.editor
    qtbot.wait_until(lambda: editor.data is not None and editor.slug == slug)
    return editor


def tap_ready(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Tap once the layout has placed the widget (screens lay out after they are shown)."""
    qtbot.wait_until(lambda: laid_out(widget))
    tap(widget)
