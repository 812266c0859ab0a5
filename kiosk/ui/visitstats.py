"""The window's visitor statistics: its signals turned into ``kiosk.stats.visits`` events.

A visit starts with the tap that leaves the attract loop and ends when the idle reset brings
the attract loop back (or admin mode opens). Changes that the reset itself makes (language
back to default, galleries back to the first picture) are not the visitor's: language and
swipe events are taken after the current event has been handled, and only if the visit still
runs then.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtGui import QInputDevice, QMouseEvent, QTouchEvent, QWindow
from PySide6.QtWidgets import QWidget

from kiosk.stats.visits import VisitLog

TOUCH_START = (QEvent.Type.TouchBegin, QEvent.Type.MouseButtonPress)


def on_widget(target: QWidget, window: QWidget, global_pos: QPoint) -> bool:
    """Whether a finger at ``global_pos`` is on the visible part of ``target``: inside it and
    every parent (a part scrolled out of a column is not), and under none of the window's
    overlays (the still-there warning, the access panel). A plot, a chart's title and the gap
    between two plots all count, whichever widget then takes the touch."""
    w: QWidget | None = target
    while w is not None:
        if not w.rect().contains(w.mapFromGlobal(global_pos)):
            return False
        w = w.parentWidget()
    at = window.mapFromGlobal(global_pos)
    for child in window.children():
        if (isinstance(child, QWidget) and child.isVisible() and not child.isAncestorOf(target)
                and child.geometry().contains(at)):
            return False
    return True


class VisitTracker(QObject):
    def __init__(self, window: QObject, log: VisitLog, parent: QObject | None = None):
        super().__init__(parent or window)
        self.window = window
        self.log = log
        self._hooked: set[str] = set()
        w = self.window
        w.attract.start.connect(self._start)  # type: ignore[attr-defined]
        w.page_changed.connect(self._page)  # type: ignore[attr-defined]
        w.state.language_changed.connect(  # type: ignore[attr-defined]
            lambda lang: QTimer.singleShot(0, lambda: self._language(lang)))
        sound = getattr(w, "sound", None)  # narrations play through the window's Sound
        if sound is not None:
            sound.started.connect(self._narration_started)

    # --- the visit ------------------------------------------------------------------------
    def _start(self) -> None:
        w = self.window
        self.log.start(w.state.lang)  # type: ignore[attr-defined]
        # the tap has already switched the page (that slot was connected first)
        self.log.page(w.current)  # type: ignore[attr-defined]
        for name in ("exhibit", "info"):  # each visit counts the codes it sees again
            page = w.pages.get(name)  # type: ignore[attr-defined]
            for tile in (getattr(page, "takeaway", None), getattr(page, "contact", None)):
                if tile is not None:
                    tile.forget()

    def _page(self, name: str) -> None:
        w = self.window
        if name == "attract":  # the idle reset: the visitor left an idle timeout ago
            self.log.end(idle_s=w.idle.interval_ms / 1000)  # type: ignore[attr-defined]
            return
        if name not in ("home", "exhibit", "info"):  # admin mode, preview
            self.log.end()
            return
        self._hook(name)
        slug = ""
        if name == "exhibit":
            ex = w.exhibit.exhibit  # type: ignore[attr-defined]
            slug = ex.slug if ex is not None else ""
        self.log.page(name, slug)

    def _hook(self, name: str) -> None:
        """Pages are built lazily: connect to their parts on first showing."""
        if name in self._hooked:
            return
        self._hooked.add(name)
        w = self.window
        if name == "exhibit":
            page = w.exhibit  # type: ignore[attr-defined]
            page.gallery.index_changed.connect(self._gallery_moved)
            page.takeaway.shown.connect(lambda _kind, target: self._qr(f"exhibit:{target}"))
        elif name == "info":
            w.info.contact.shown.connect(lambda _kind, target: self._qr(target))  # type: ignore[attr-defined]

    def _current_slug(self) -> str:
        w = self.window
        if w.current != "exhibit" or w.exhibit.exhibit is None:  # type: ignore[attr-defined]
            return ""
        return str(w.exhibit.exhibit.slug)  # type: ignore[attr-defined]

    def _language(self, lang: str) -> None:
        if self.log.active:
            self.log.language(lang)

    def _gallery_moved(self, index: int) -> None:
        # the page must be on screen when the gallery moves (a new exhibit's gallery goes back
        # to its first picture before its page shows), and the visit still on afterwards
        slug = self._current_slug()
        if slug:
            QTimer.singleShot(0, lambda: self._swipe(slug, index))

    def _swipe(self, slug: str, index: int) -> None:
        if self.log.active:
            self.log.swipe(slug, index)

    def _qr(self, target: str) -> None:
        if self.log.active:
            self.log.qr_shown(target)

    def _narration_started(self, _path: str) -> None:
        slug = self._current_slug()
        if slug:
            self.narration_played(slug, self.window.state.lang)  # type: ignore[attr-defined]

    def narration_played(self, slug: str, lang: str) -> None:
        """The narration player's hook (``window.stats.narration_played(slug, lang)``)."""
        self.log.narration_played(slug, lang)

    # --- chart touches: a finger (or a mouse) going down inside the charts region -------------
    def install(self, app: QObject) -> None:
        app.installEventFilter(self)

    def remove(self, app: QObject) -> None:
        app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        t = event.type()
        # each press is seen once, where it enters the application: at the window. Which
        # widget then takes it does not matter (a touch on a chart's title or between two
        # plots is handed to a widget outside the charts region, or to none)
        if t not in TOUCH_START or not self.log.active or not isinstance(obj, QWindow):
            return False
        if t == QEvent.Type.MouseButtonPress:
            assert isinstance(event, QMouseEvent)
            if event.pointingDevice().type() != QInputDevice.DeviceType.Mouse:
                return False  # a mouse press made from a touch: the touch counted already
        slug = self._current_slug()
        charts = self.window.exhibit.charts if slug else None  # type: ignore[attr-defined]
        if charts is None or not charts.isVisible():
            return False
        if isinstance(event, QMouseEvent):
            where = event.globalPosition()
        else:
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if not points:
                return False
            where = points[0].globalPosition()
        if on_widget(charts, self.window, where.toPoint()):  # type: ignore[arg-type]
            self.log.chart_touch(slug)
        return False
