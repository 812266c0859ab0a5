"""The kiosk window: pages in a stack, short cross-fades, the idle reset and the visitor lock."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QPoint, QPropertyAnimation, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QGraphicsOpacityEffect,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.messages import Clock, Message, system_clock, winner
from kiosk.content.snapshot import Snapshot
from kiosk.ops import memory
from kiosk.settings import Config
from kiosk.ui import theme
from kiosk.ui.access.frame import AccessDock, VisitorFrame
from kiosk.ui.access.geometry import PanelGeometry
from kiosk.ui.access.keys import KeyNavigator
from kiosk.ui.access.modes import AccessModes, Modes
from kiosk.ui.access.panel import AccessPanel
from kiosk.ui.access.read_aloud import ReadAloud, TapWatcher
from kiosk.ui.access.speaking import item_pieces, page_pieces, still_there_pieces
from kiosk.ui.access.still_there import StillThere
from kiosk.ui.access.strings import t as access_t
from kiosk.ui.banner import MessageStrip
from kiosk.ui.idle import IdleWatcher
from kiosk.ui.pages.attract import AttractPage
from kiosk.ui.pages.base import Page
from kiosk.ui.pages.exhibit import ChartsFactory, ExhibitPage
from kiosk.ui.pages.home import HomePage
from kiosk.ui.pages.info import InfoPage
from kiosk.ui.schedule import ScheduleClock
from kiosk.ui.services import ContentService, ImageLoader
from kiosk.ui.sound import Sound
from kiosk.ui.state import UiState
from kiosk.ui.supervision import FirstPaint

log = logging.getLogger(__name__)
P = TypeVar("P", bound=Page)


class VisitorLock(QObject):
    """Eats the keys and context menus a visitor could use to leave or confuse the kiosk."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.enabled = True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
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
    page_painted = Signal()  # once, after the first page has been painted
    admin: Any  # the curator mode (kiosk.ui.admin), installed by kiosk.ui.app.build_window

    # the pages that show the message strip (attract paints its own band)
    STRIP_PAGES = ("home", "exhibit", "info")

    def __init__(self, cfg: Config, content: ContentService, *,
                 charts_factory: ChartsFactory | None = None, clock: Clock | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.cfg = cfg
        self.content = content
        self.allow_close = False
        self.setWindowTitle("模速空间（仪电） kiosk")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.state = UiState(cfg["ui.default_language"], self)
        self.loader = ImageLoader(self)
        # publish windows and scheduled messages follow the showroom's wall clock
        self.schedule = ScheduleClock(cfg["engage.timezone"], clock or system_clock, self)
        self.visible: Snapshot = content.snapshot
        self.messages: tuple[Message | None, Message | None] = (None, None)
        # the page area: the message strip above the page stack
        central = QWidget(self)
        self.stack = QStackedWidget(central)
        self.strip = MessageStrip(central)
        cl = self.central_layout = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.strip)
        cl.addWidget(self.stack, 1)
        self.access = AccessModes(Modes.from_config(cfg), self)
        theme.use_palette(theme.NORMAL)
        # the frame around it: the access dock and, in reach mode, the picture above the band
        self.frame = VisitorFrame(central, self.loader, self)
        self.frame.access_clicked.connect(self.toggle_access_panel)
        self.setCentralWidget(self.frame)
        self.geometry_mm = PanelGeometry.from_config(cfg, 1920, 1080)
        self.window_metrics = theme.Metrics(1920, 1080)
        # the one sound output; any change of screen (page, idle reset, admin) silences it
        self.sound = Sound(cfg, self)
        self.stack.currentChanged.connect(self.sound.stop)
        self._charts_factory = charts_factory
        self._metrics: theme.Metrics | None = None
        self.pages: dict[str, Page] = {}
        self.attract = self._add(AttractPage(self.loader, interval_s=cfg["ui.attract_interval_s"]))
        self.home = self._add(HomePage(self.loader))
        # the exhibit and info pages are built on first use (or by build_remaining_pages after
        # the first paint): the first page paints sooner
        self._exhibit: ExhibitPage | None = None
        self._info: InfoPage | None = None
        self.attract.start.connect(lambda: self.show_page("home"))
        self.home.open_exhibit.connect(self.open_exhibit)
        self.home.open_info.connect(lambda: self.show_page("info"))
        self.state.language_changed.connect(self._on_language)
        self.state.reset_requested.connect(self._on_reset)
        content.changed.connect(self._on_snapshot)
        self.schedule.changed.connect(self._on_schedule)
        self.page_changed.connect(lambda _n: self._update_messages())
        self.idle = IdleWatcher(cfg["ui.idle_timeout_s"], self,
                                warning_s=cfg["access.idle_warning_s"])
        self.idle.idle.connect(self.return_to_attract)
        self.lock = VisitorLock(self)
        self.access_panel = AccessPanel(self.access, self)
        self.access_panel.closed.connect(self._after_overlay)
        self.still_there = StillThere(self)
        self.still_there.more_time.connect(self.idle.extend)
        self.idle.warning.connect(self._show_still_there)
        self.idle.countdown.connect(self.still_there.set_seconds)
        self.idle.warning_cancelled.connect(self._hide_still_there)
        self.keys = KeyNavigator(self, items=self.key_items, back=self.key_back,
                                 on_attract=lambda: self.current == "attract"
                                 and not self.access_panel.isVisible(),
                                 start=lambda: self.show_page("home"),
                                 ring_px=lambda: max(4, self.window_metrics.px(6)),
                                 active=lambda: self.lock.enabled and self._visitor_on_screen())
        self.read_aloud = ReadAloud(self.sound, self)
        self.read_aloud.problem_changed.connect(self._on_read_aloud_problem)
        self.keys.moved.connect(self._speak_item)
        self.taps = TapWatcher(self._on_tap, self)
        self.access.changed.connect(self._on_modes)
        self.stack.currentChanged.connect(lambda _i: self._place_frame())
        # visitor statistics (kiosk.ui.visitstats.VisitTracker and its recorder), when attached
        self.stats: Any = None
        self.stats_recorder: Any = None
        self._history: list[str] = []
        self._fade_label = QLabel(self)
        self._fade_label.hide()
        self._fade_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._fade_effect = QGraphicsOpacityEffect(self._fade_label)
        self._fade_label.setGraphicsEffect(self._fade_effect)
        self._fade = QPropertyAnimation(self._fade_effect, b"opacity", self)
        self._fade.finished.connect(self._fade_done)
        # freed memory back to the system a moment after each page change and now and then
        # (decodes, rebuilt pages and numpy churn leave free but resident memory behind)
        self._trim = QTimer(self)
        self._trim.setSingleShot(True)
        self._trim.setInterval(3000)
        self._trim.timeout.connect(memory.trim)
        self._trim_every = QTimer(self)
        self._trim_every.setInterval(120_000)
        self._trim_every.timeout.connect(memory.trim)
        self._trim_every.start()
        # the pages are opaque: the stack itself never paints, so watch every widget
        FirstPaint(self, self.page_painted.emit)
        self._on_snapshot(content.snapshot)
        self._on_language(self.state.lang)
        self.stack.setCurrentWidget(self.attract)
        self._on_modes(self.access.modes)

    def _add(self, page: P) -> P:
        page.language.connect(self.state.toggle_language)  # type: ignore[attr-defined]
        page.picture_changed.connect(self._update_picture)
        self.stack.addWidget(page)
        self.pages[page.name] = page
        page.set_language(self.state.lang)
        page.set_snapshot(self.visible)
        page.set_reduce_motion(self.access.modes.reduce_motion)
        if self._metrics is not None:
            page.apply_metrics(self._metrics)
        return page

    @property
    def exhibit(self) -> ExhibitPage:
        if self._exhibit is None:
            page = ExhibitPage(self.loader, charts_factory=self._charts_factory, sound=self.sound)
            page.back.connect(lambda: self.show_page("home"))
            page.open_info.connect(lambda: self.show_page("info"))
            self._exhibit = self._add(page)
        return self._exhibit

    @property
    def info(self) -> InfoPage:
        if self._info is None:
            page = InfoPage(self.loader)
            page.back.connect(self.go_back)
            self._info = self._add(page)
        return self._info

    def build_remaining_pages(self) -> None:
        """Build the pages not needed for the first paint (call once it has happened)."""
        _ = (self.exhibit, self.info)  # the properties build them on first access

    def install_filters(self, app: QObject) -> None:
        """Idle detection and the visitor lock see every event of the application."""
        app.installEventFilter(self.idle)
        app.installEventFilter(self.taps)
        app.installEventFilter(self.keys)
        app.installEventFilter(self.lock)  # last installed, first asked: it eats keys first

    def remove_filters(self, app: QObject) -> None:
        app.removeEventFilter(self.idle)
        app.removeEventFilter(self.taps)
        app.removeEventFilter(self.keys)
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
        page = {"exhibit": lambda: self.exhibit, "info": lambda: self.info}.get(
            name, lambda: self.pages[name])()
        self.stack.setCurrentWidget(page)
        if name == "attract":
            self.idle.stop()
            self._history.clear()
        else:
            self.idle.start()
        log.info("page %s", name)
        self._page_shown()
        self._trim.start()
        self.page_changed.emit(name)

    def go_back(self) -> None:
        target = self._history.pop() if self._history else "home"
        if target == self.current:
            target = "home"
        self._start_fade()
        self.stack.setCurrentWidget(self.pages[target])
        self.idle.start()
        self._page_shown()
        self.page_changed.emit(target)

    def open_exhibit(self, slug: str) -> None:
        ex = self.visible.exhibit(slug)  # outside its publish window: not there
        if ex is None:
            return
        self.exhibit.show_exhibit(ex)
        self.show_page("exhibit")

    def return_to_attract(self) -> None:
        """Idle: a fresh start for the next visitor."""
        self.access_panel.close_panel()
        self.still_there.hide()
        self.read_aloud.stop()
        self.state.reset()
        self.access.reset()
        self.keys.clear()
        self.show_page("attract")

    def _fade_done(self) -> None:
        self._fade_label.hide()
        self._fade_label.clear()  # the full-screen snapshot is not kept between page changes

    def _start_fade(self) -> None:
        ms = 0 if self.access.modes.reduce_motion else self.cfg["ui.transition_ms"]
        if ms <= 0 or not self.isVisible():
            return
        self._fade.stop()
        self._fade_label.setPixmap(self.stack.grab())
        self._fade_label.setGeometry(QRect(self.stack.mapTo(self, QPoint(0, 0)), self.stack.size()))
        self._fade_label.show()
        self._fade_label.raise_()
        self._fade.setDuration(ms)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.start()

    # model → pages -------------------------------------------------------------------------
    def _on_schedule(self) -> None:
        """The clock passed a minute: apply publish windows and messages if they changed."""
        self._on_snapshot(self.content.snapshot, only_if_changed=True)

    def _on_snapshot(self, full: Snapshot, *, only_if_changed: bool = False) -> None:
        self.schedule.set_times(full.schedule_times())
        snap = full.at(self.schedule.now_local())
        if not only_if_changed or snap.exhibits != self.visible.exhibits:
            self.visible = snap
            for page in self.pages.values():
                page.set_snapshot(snap)
        self._update_messages()
        shown = self.exhibit.exhibit if self.current == "exhibit" else None
        if shown is not None and snap.exhibit(shown.slug) is None:  # unpublished while shown
            self.show_page("home")

    def _update_messages(self) -> None:
        now = self.schedule.now_local()
        msgs = self.content.snapshot.messages
        welcome, notice = winner(msgs, "welcome", now), winner(msgs, "notice", now)
        changed = (welcome, notice) != self.messages
        self.messages = (welcome, notice)
        m = self._metrics or theme.Metrics(max(1, self.width()), max(1, self.height()))
        shown = welcome or notice
        self.strip.set_message(shown, self.state.lang, m)
        self.strip.setVisible(shown is not None and self.current in self.STRIP_PAGES)
        if changed or self.attract.message is not shown:
            self.attract.set_message(shown)

    def _on_language(self, lang: str) -> None:
        for page in self.pages.values():
            page.set_language(lang)
        self._retranslate_access()
        self._update_messages()

    def _on_reset(self) -> None:
        self.sound.stop()
        for page in self.pages.values():
            page.reset()

    def set_size(self, width: int, height: int) -> None:
        """Lay out for ``width`` x ``height`` now, then resize: a hidden window gets no resize
        event until shown, and a landscape layout would not fit a portrait screen."""
        self._apply_metrics(width, height)
        self.resize(width, height)

    def _apply_metrics(self, width: int | None = None, height: int | None = None, *,
                       force: bool = False) -> None:
        w, h = max(1, width or self.width()), max(1, height or self.height())
        modes = self.access.modes
        self.geometry_mm = geo = PanelGeometry.from_config(self.cfg, w, h)
        min_tap = max(theme.MIN_TAP, geo.min_target_px)
        wm = theme.Metrics(w, h, modes.text_scale, min_tap)
        frame_key = (wm, modes.reach, self._visitor_on_screen())
        if not force and frame_key == getattr(self, "_frame_key", None):
            return
        self._frame_key = frame_key
        self.window_metrics = wm
        self.frame.configure(band=geo.band_px(), dock_h=AccessDock.height_for(wm),
                             reach=modes.reach, visitor=self._visitor_on_screen())
        area = self.frame.rects(w, h).stack
        m = theme.Metrics(area.width(), area.height(), modes.text_scale, min_tap, min(w, h))
        self.frame.picture.metrics = wm
        self.frame.dock.apply_metrics(wm)
        self.access_panel.apply_metrics(wm)
        self.still_there.apply_metrics(wm)
        if m == self._metrics and not force:
            return
        self._metrics = m
        self.setStyleSheet(theme.stylesheet(wm))  # once per size and mode: style sheets are costly
        for page in self.pages.values():
            page.apply_metrics(m)
        self._update_messages()

    # accessibility -------------------------------------------------------------------------
    @property
    def metrics(self) -> theme.Metrics:
        """The pages' metrics (their area, text scale and smallest target)."""
        return self._metrics or theme.Metrics(self.width(), self.height())

    def _visitor_on_screen(self) -> bool:
        page = self.stack.currentWidget()
        return isinstance(page, Page) and page.visitor

    def _place_frame(self) -> None:
        self._apply_metrics()

    def reach_area(self) -> QRect:
        """The part of the window inside the reach band above the dock (where overlays go)."""
        top, bottom = self.geometry_mm.band_px()
        dock = self.frame.rects().dock
        if bottom <= top:
            return QRect(0, 0, self.width(), dock.top())
        return QRect(0, top, self.width(), max(1, dock.top() - top))

    def panel_area(self) -> QRect:
        """Where the access panel may go: the reach band, over the dock if it needs to."""
        top, bottom = self.geometry_mm.band_px()
        dock = self.frame.rects().dock
        if bottom <= top:
            return QRect(0, 0, self.width(), dock.bottom() + 1)
        return QRect(0, top, self.width(), max(1, dock.bottom() + 1 - top))

    def _on_modes(self, modes: Modes) -> None:
        theme.use_palette(theme.HIGH_CONTRAST if modes.high_contrast else theme.NORMAL)
        factor = self.cfg["access.idle_factor"] if (modes.read_aloud or modes.reach) else 1.0
        self.idle.set_timeout(self.cfg["ui.idle_timeout_s"] * factor)
        for page in self.pages.values():
            page.set_reduce_motion(modes.reduce_motion)
        self.read_aloud.set_enabled(modes.read_aloud)
        self._apply_metrics(force=True)
        self._retranslate_access()
        if self.access_panel.isVisible():
            self.access_panel.open_in(self.rect(), self.panel_area())
        self.keys.update_ring()
        self.update()

    def _retranslate_access(self) -> None:
        lang = self.state.lang
        self.frame.dock.retranslate(lang, self.access.modes,
                                    read_aloud_problem=self.read_aloud.problem
                                    if hasattr(self, "read_aloud") else "")
        self.access_panel.retranslate(lang)
        self._update_picture()

    def _update_picture(self) -> None:
        w = self.stack.currentWidget()
        if isinstance(w, Page):
            path, title = w.reach_picture()
            self.frame.picture.set_picture(path, title, access_t("reach_note", self.state.lang))

    # read-aloud -----------------------------------------------------------------------------
    def _on_read_aloud_problem(self, problem: str) -> None:
        self.access_panel.read_aloud_problem = problem
        self._retranslate_access()

    def _speak_item(self, w: object) -> None:
        if self.read_aloud.enabled and isinstance(w, QWidget):
            self.read_aloud.say(item_pieces(w, self))

    def _on_tap(self, obj: object) -> None:
        """A released touch: say the item it was on, unless it opened another page (then the
        page is said)."""
        if not self.read_aloud.enabled or not isinstance(obj, QWidget):
            return
        items = set(self.key_items())
        w: QWidget | None = obj
        while w is not None and w not in items:
            w = w.parentWidget()
        if w is None:
            return
        item, page = w, self.current
        QTimer.singleShot(0, lambda: self._after_tap(item, page))

    def _after_tap(self, item: QWidget, page: str) -> None:
        if self.current == page and item.isVisible():
            self._speak_item(item)

    def _say_page(self, name: str) -> None:
        if self.current == name:
            self.read_aloud.say(page_pieces(name, self))

    def _page_shown(self) -> None:
        self.read_aloud.stop()  # a page change ends whatever was being said
        if self.read_aloud.enabled:
            name = self.current
            QTimer.singleShot(0, lambda: self._say_page(name))
        self._update_picture()
        keyboard = self.keys.current is not None
        self.keys.clear()
        if keyboard:  # a keyboard visitor lands on the new page's first item
            QTimer.singleShot(0, lambda: self.keys.step(True))

    def toggle_access_panel(self) -> None:
        if self.access_panel.isVisible():
            self.access_panel.close_panel()
            return
        self.access_panel.open_in(self.rect(), self.panel_area())
        if self.keys.current is not None:
            self.keys.focus(self.access_panel.buttons()[0])

    def _after_overlay(self) -> None:
        if self.keys.current is not None:
            self.keys.focus(self.frame.dock.button)

    def _show_still_there(self, seconds: int) -> None:
        self.access_panel.close_panel()
        self.still_there.open_in(self.rect(), self.panel_area(), self.state.lang, seconds)
        self.read_aloud.say(still_there_pieces(seconds, self.state.lang))
        if self.keys.current is not None:
            self.keys.focus(self.still_there.button)

    def _hide_still_there(self) -> None:
        if self.still_there.isVisible():
            self.still_there.hide()
            if self.keys.current is self.still_there.button:
                self.keys.clear()

    def key_items(self) -> list[QWidget]:
        """What the keyboard can reach now: the top overlay's buttons, or the page's items
        and the dock's access button."""
        if self.still_there.isVisible():
            return [self.still_there.button]
        if self.access_panel.isVisible():
            return list(self.access_panel.buttons())
        page = self.stack.currentWidget()
        if not isinstance(page, Page):
            return []
        return [*page.key_items(), self.frame.dock.button]

    def key_back(self) -> None:
        if self.still_there.isVisible():
            self.idle.extend()
        elif self.access_panel.isVisible():
            self.access_panel.close_panel()
        elif self.current in ("exhibit", "info"):
            self.go_back()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_metrics()
        for overlay in (self.access_panel, self.still_there):
            if overlay.isVisible():
                overlay.setGeometry(self.rect())
        self.keys.update_ring()

    def showEvent(self, event: QShowEvent) -> None:
        self._apply_metrics()  # a window shown at its default size was never resized
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Alt+F4 from the window manager lands here: visitors cannot close the kiosk
        if self.allow_close:
            event.accept()
        else:
            event.ignore()
