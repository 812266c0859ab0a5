"""The kiosk window: pages in a stack, short cross-fades, the idle reset and the visitor lock."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPropertyAnimation, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QMainWindow, QStackedWidget, QWidget

from kiosk.content.snapshot import Snapshot
from kiosk.settings import Config
from kiosk.ui import theme
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.pages.attract import AttractPage
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.exhibit import ChartsFactory, ExhibitPage
from kiosk.ui.pages.home import HomePage
from kiosk.ui.pages.info import InfoPage
from kiosk.ui.services import ContentService, ImageLoader
from kiosk.ui.state import UiState

log = logging.getLogger(__name__)

BLOCKED_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_F4, Qt.Key.Key_Q, Qt.Key.Key_W, Qt.Key.Key_Tab,
                Qt.Key.Key_Menu, Qt.Key.Key_F11, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R}


class VisitorLock(QObject):
    """Eats the keys and context menus a visitor could use to leave or confuse the kiosk."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.enabled = True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if not self.enabled:
            return False
        t = event.type()
        if t == QEvent.Type.ContextMenu:
            return True
        if t in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease):
            assert isinstance(event, QKeyEvent)
            if self.blocked(event):
                # accepting the override keeps any shortcut from firing; then the key is eaten
                event.accept()
                return True
        return False

    @staticmethod
    def blocked(event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        mods = event.modifiers()
        if key in (Qt.Key.Key_Escape, Qt.Key.Key_Menu, Qt.Key.Key_F11):
            return True
        if key == Qt.Key.Key_F4 and mods & Qt.KeyboardModifier.AltModifier:
            return True
        if key in (Qt.Key.Key_Q, Qt.Key.Key_W) and mods & Qt.KeyboardModifier.ControlModifier:
            return True
        return event.matches(QKeySequence.StandardKey.Close) or event.matches(
            QKeySequence.StandardKey.Quit)


class KioskWindow(QMainWindow):
    """The one window. ``show_page`` switches at once; a fade only softens what was there."""

    page_changed = Signal(str)

    def __init__(self, cfg: Config, content: ContentService, *,
                 charts_factory: ChartsFactory | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.cfg = cfg
        self.content = content
        self.allow_close = False
        self.setWindowTitle("模速空间（仪电） kiosk")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.state = UiState(cfg["ui.default_language"], self)
        self.loader = ImageLoader(self)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.attract = AttractPage(self.loader, interval_s=cfg["ui.attract_interval_s"])
        self.home = HomePage(self.loader)
        self.exhibit = ExhibitPage(self.loader, charts_factory=charts_factory)
        self.info = InfoPage(self.loader)
        self.pages: dict[str, Page] = {}
        for page in (self.attract, self.home, self.exhibit, self.info):
            self.stack.addWidget(page)
            self.pages[page.name] = page
        self.attract.start.connect(lambda: self.show_page("home"))
        for page in (self.attract, self.home, self.exhibit, self.info):
            page.language.connect(self.state.toggle_language)  # type: ignore[attr-defined]
        self.home.open_exhibit.connect(self.open_exhibit)
        self.home.open_info.connect(lambda: self.show_page("info"))
        self.exhibit.back.connect(lambda: self.show_page("home"))
        self.exhibit.open_info.connect(lambda: self.show_page("info"))
        self.info.back.connect(self.go_back)
        self.state.language_changed.connect(self._on_language)
        self.state.reset_requested.connect(self._on_reset)
        content.changed.connect(self._on_snapshot)
        self.idle = IdleWatcher(cfg["ui.idle_timeout_s"], self)
        self.idle.idle.connect(self.return_to_attract)
        self.lock = VisitorLock(self)
        self._history: list[str] = []
        self._fade_label = QLabel(self)
        self._fade_label.hide()
        self._fade_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._fade_effect = QGraphicsOpacityEffect(self._fade_label)
        self._fade_label.setGraphicsEffect(self._fade_effect)
        self._fade = QPropertyAnimation(self._fade_effect, b"opacity", self)
        self._fade.finished.connect(self._fade_label.hide)
        self._apply_metrics()
        self._on_snapshot(content.snapshot)
        self._on_language(self.state.lang)
        self.stack.setCurrentWidget(self.attract)

    def install_filters(self, app: QObject) -> None:
        """Idle detection and the visitor lock see every event of the application."""
        app.installEventFilter(self.idle)
        app.installEventFilter(self.lock)

    def remove_filters(self, app: QObject) -> None:
        app.removeEventFilter(self.idle)
        app.removeEventFilter(self.lock)

    # navigation ----------------------------------------------------------------------------
    @property
    def current(self) -> str:
        w = self.stack.currentWidget()
        return w.name if isinstance(w, Page) else ""

    def show_page(self, name: str) -> None:
        if name == self.current:
            return
        self._start_fade()
        prev = self.current
        if prev and prev != "attract":
            self._history.append(prev)
            del self._history[:-8]
        self.stack.setCurrentWidget(self.pages[name])
        if name == "attract":
            self.idle.stop()
            self._history.clear()
        else:
            self.idle.start()
        log.info("page %s", name)
        self.page_changed.emit(name)

    def go_back(self) -> None:
        target = self._history.pop() if self._history else "home"
        if target == self.current:
            target = "home"
        self._start_fade()
        self.stack.setCurrentWidget(self.pages[target])
        self.idle.start()
        self.page_changed.emit(target)

    def open_exhibit(self, slug: str) -> None:
        ex = self.content.snapshot.exhibit(slug)
        if ex is None:
            return
        self.exhibit.show_exhibit(ex)
        self.show_page("exhibit")

    def return_to_attract(self) -> None:
        """Idle: a fresh start for the next visitor."""
        self.state.reset()
        self.show_page("attract")

    def _start_fade(self) -> None:
        ms = self.cfg["ui.transition_ms"]
        if ms <= 0 or not self.isVisible():
            return
        self._fade.stop()
        self._fade_label.setPixmap(self.stack.grab())
        self._fade_label.setGeometry(self.stack.geometry())
        self._fade_label.show()
        self._fade_label.raise_()
        self._fade.setDuration(ms)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.start()

    # model → pages -------------------------------------------------------------------------
    def _on_snapshot(self, snap: Snapshot) -> None:
        for page in self.pages.values():
            page.set_snapshot(snap)
        if self.current == "exhibit" and self.exhibit.exhibit is not None:
            if snap.exhibit(self.exhibit.exhibit.slug) is None:  # unpublished while shown
                self.show_page("home")

    def _on_language(self, lang: str) -> None:
        for page in self.pages.values():
            page.set_language(lang)

    def _on_reset(self) -> None:
        for page in self.pages.values():
            page.reset()

    def _apply_metrics(self) -> None:
        m = theme.Metrics(max(1, self.width()), max(1, self.height()))
        self.setStyleSheet(theme.stylesheet(m))
        for page in self.pages.values():
            page.apply_metrics(m)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        old = event.oldSize()
        if old.width() != event.size().width() or old.height() != event.size().height():
            self._apply_metrics()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Alt+F4 from the window manager lands here: visitors cannot close the kiosk
        if self.allow_close:
            event.accept()
        else:
            event.ignore()
