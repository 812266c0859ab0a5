"""Keyboard and keypad operation (EZ Access style): arrows move, Enter activates, Back goes back.

The navigator keeps its own notion of the focused item (touch widgets take no Qt focus, so a
tap never leaves a stray focus frame) and a ring drawn above everything shows it. Items are
every visible button and tappable card of the active layer (the "still there?" overlay, the
access panel, or the page with the dock), in reading order, plus the page's reading areas and
gallery, which arrow keys scroll and page before moving on.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QScrollArea,
    QWidget,
)

from kiosk.ui import theme

NEXT_KEYS = {Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Tab}
PREV_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Left, Qt.Key.Key_Backtab}
ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_Select}
BACK_KEYS = {Qt.Key.Key_Backspace, Qt.Key.Key_Back}
NAV_KEYS = NEXT_KEYS | PREV_KEYS | ENTER_KEYS | BACK_KEYS

TEXT_INPUTS = ("QLineEdit", "QAbstractSpinBox", "QTextEdit", "QPlainTextEdit")
KEY_NAV = "keyNav"  # a widget with this property set True is an item (reading areas, gallery)


def is_item(w: QWidget) -> bool:
    if w.property(KEY_NAV) is False:
        return False
    if isinstance(w, QAbstractButton):
        return w.isEnabled()
    return bool(w.property(KEY_NAV)) or hasattr(w, "tapped")


def rect_in(w: QWidget, top: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def reading_order(items: list[QWidget], top: QWidget) -> list[QWidget]:
    """Rows top to bottom (a row: items whose vertical centres are close), left to right."""
    def key(w: QWidget) -> tuple[int, int]:
        r = rect_in(w, top)
        return (r.center().y() // max(1, top.height() // 24), r.left())
    return sorted(items, key=key)


class FocusRing(QWidget):
    """A thick ring around the focused item, above every other widget of the window."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.width_px = 6
        self.hide()

    def follow(self, target: QRect | None, width_px: int) -> None:
        if target is None:
            self.hide()
            return
        self.width_px = width_px
        grow = width_px + 2
        parent = self.parentWidget()
        bounds = parent.rect() if parent is not None else target
        self.setGeometry(target.adjusted(-grow, -grow, grow, grow).intersected(bounds))
        self.show()
        self.raise_()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        pal = theme.palette()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        w = self.width_px
        r = QRectF(self.rect()).adjusted(w / 2 + 1, w / 2 + 1, -w / 2 - 1, -w / 2 - 1)
        radius = min(r.height() / 2, w * 4.0)
        p.setPen(QPen(QColor(pal.focus), w))
        p.drawRoundedRect(r, radius, radius)
        halo = max(2, w // 3)  # inner outline: the ring shows on a background of its own colour
        p.setPen(QPen(QColor(pal.focus_halo), halo))
        inner = r.adjusted(w / 2 + halo / 2, w / 2 + halo / 2, -w / 2 - halo / 2, -w / 2 - halo / 2)
        p.drawRoundedRect(inner, max(0.0, radius - w), max(0.0, radius - w))
        p.end()


class KeyNavigator(QObject):
    """Install on the QApplication. ``items`` returns the active layer's items; ``back`` and
    ``start`` are the window's; ``spoken`` fires with each newly focused item."""

    moved = Signal(object)  # the newly focused widget

    def __init__(self, window: QWidget, *, items: Callable[[], list[QWidget]],
                 back: Callable[[], None], on_attract: Callable[[], bool],
                 start: Callable[[], None], ring_px: Callable[[], int],
                 active: Callable[[], bool] = lambda: True):
        super().__init__(window)
        self.window = window
        self._items = items
        self._back = back
        self._on_attract = on_attract
        self._start = start
        self._ring_px = ring_px
        self._active = active
        self.enabled = True
        self.current: QWidget | None = None
        self.ring = FocusRing(window)

    # --- items ------------------------------------------------------------------------------
    def items(self) -> list[QWidget]:
        return reading_order([w for w in self._items() if w.isVisible() and is_item(w)],
                             self.window)

    def focus(self, w: QWidget | None) -> None:
        self.current = w
        if w is not None:
            self._reveal(w)
            self.moved.emit(w)
        self.update_ring()

    def clear(self) -> None:
        self.current = None
        self.ring.hide()

    def update_ring(self) -> None:
        w = self.current
        if w is None or not w.isVisible():
            self.ring.hide()
            return
        r = rect_in(w, self.window)
        area = self._scroll_parent(w)
        if area is not None:  # only the part that shows: never a ring around hidden text
            r = r.intersected(rect_in(area.viewport(), self.window))
        self.ring.follow(r, self._ring_px())

    @staticmethod
    def _scroll_parent(w: QWidget) -> QScrollArea | None:
        p = w.parentWidget()
        while p is not None:
            inner = p.widget() if isinstance(p, QScrollArea) else None
            if isinstance(p, QScrollArea) and inner is not None and inner.isAncestorOf(w):
                return p
            p = p.parentWidget()
        return None

    def _reveal(self, w: QWidget) -> None:
        area = self._scroll_parent(w)
        if area is not None:
            area.ensureWidgetVisible(w, 0, 0)

    # --- moving -----------------------------------------------------------------------------
    def step(self, forward: bool) -> None:
        items = self.items()
        if not items:
            self.clear()
            return
        if self.current not in items:
            self.focus(items[0] if forward else items[-1])
            return
        i = items.index(self.current)
        self.focus(items[(i + (1 if forward else -1)) % len(items)])

    def _scroll(self, w: QWidget, forward: bool) -> bool:
        """A reading area scrolls by most of a screen before the focus moves on."""
        if not isinstance(w, QAbstractScrollArea):
            return False
        bar = w.verticalScrollBar()
        if (forward and bar.value() >= bar.maximum()) or (not forward and bar.value() <= 0):
            return False
        page = max(1, int(w.viewport().height() * 0.8))
        bar.setValue(bar.value() + (page if forward else -page))
        self.moved.emit(w)
        return True

    def _page(self, w: QWidget, key: Qt.Key) -> bool:
        """A gallery pages with left and right."""
        if not hasattr(w, "set_index") or key not in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            return False
        step = 1 if key == Qt.Key.Key_Right else -1
        target = w.index + step  # type: ignore[attr-defined]
        if not 0 <= target < w.count():  # type: ignore[attr-defined]
            return False
        w.set_index(target)
        self.moved.emit(w)
        return True

    def activate(self) -> None:
        w = self.current
        if w is None or not w.isVisible():
            self.step(True)
            return
        if isinstance(w, QAbstractButton):
            w.click()
        elif hasattr(w, "tapped"):
            w.tapped.emit()
        elif hasattr(w, "set_index") and w.count() > 1:  # type: ignore[attr-defined]
            w.set_index((w.index + 1) % w.count())  # type: ignore[attr-defined]
            self.moved.emit(w)

    def handle(self, key: Qt.Key) -> bool:
        if key not in NAV_KEYS:
            return False
        if self._on_attract():
            if key not in BACK_KEYS:
                self._start()
            return True
        if key in BACK_KEYS:
            self._back()
            return True
        if key in ENTER_KEYS:
            self.activate()
            return True
        forward = key in NEXT_KEYS
        w = self.current
        if w is not None and w.isVisible() and w in self.items():
            if self._page(w, key):
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._scroll(w, forward):
                self.update_ring()
                return True
        self.step(forward)
        return True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.enabled or event.type() != QEvent.Type.KeyPress:
            return False
        if not self.window.isVisible() or not isinstance(event, QKeyEvent) or not self._active():
            return False
        focus = QApplication.focusWidget()
        if focus is not None and any(focus.inherits(c) for c in TEXT_INPUTS):
            return False  # typing into a field (admin mode) is never navigation
        chords = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if event.modifiers() & chords:
            return False
        return self.handle(Qt.Key(event.key()))
