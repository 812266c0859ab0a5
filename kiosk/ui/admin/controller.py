"""Admin mode as a whole: gesture → PIN → admin screens → back to the visitors.

While admin mode is on: the visitors' idle reset is stopped (``window.idle.stop()``), admin
mode has its own idle timer (``admin.idle_timeout_s``), the pointer is visible, and the visitor
lock stays on: it only eats Escape, Alt+F4, Ctrl+Q/W and context menus, so typing in the
forms works and Escape still closes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QSizePolicy

from kiosk.content import store
from kiosk.curation import lockout, pin
from kiosk.curation.lockout import Outcome
from kiosk.ui import theme
from kiosk.ui.admin import overrides
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.gesture import SecretGesture
from kiosk.ui.admin.pinpad import PinPad
from kiosk.ui.admin.strings import both, t
from kiosk.ui.admin.worker import AdminWorker
from kiosk.ui.fleet_wiring import content_read_only
from kiosk.ui.idle import IdleWatcher

if TYPE_CHECKING:  # the screens' modules (PIL, cryptography, the forms) load with them
    from kiosk.ui.admin.preview import PreviewScreen
    from kiosk.ui.admin.shell import AdminShell

log = logging.getLogger(__name__)


class AdminController(QObject):
    def __init__(self, window: Any, *, db_path: Path, cfg: Any, hub: Any = None,
                 clock: Callable[[], float] = time.time):
        super().__init__(window)
        self.window = window
        self.active = False
        self.closed = False
        self.db = AdminWorker(db_path, name="db")
        self.media = AdminWorker(None, name="media")
        self.ctx = AdminContext(window=window, db_path=Path(db_path),
                                media_dir=store.media_dir_for(db_path), cfg=cfg, hub=hub,
                                db=self.db, media=self.media, lang=window.state.lang,
                                clock=self._clock, content_read_only=content_read_only(cfg))
        self.clock = clock
        self.visitor_cursor_visible: bool | None = None  # None: as it was before admin mode
        self._cursor_was_hidden = False
        self.ctx.toast = self._toast
        self.ctx.exit_admin = self.exit
        self.ctx.visitor_cursor = self._set_visitor_cursor
        self.gesture = SecretGesture(window, parent=self)
        self.gesture.triggered.connect(self.open_pin)
        self.pinpad = PinPad(window, clock=self._clock)
        self.pinpad.submitted.connect(self._pin_submitted)
        # the curator screens (about 20 MB with their modules) are built when the PIN pad opens,
        # not at start: most kiosks see a curator once a week
        self._shell: AdminShell | None = None
        self._preview: PreviewScreen | None = None
        self._fleet_actions: Any = None
        self.idle = IdleWatcher(cfg["admin.idle_timeout_s"], self)
        self.idle.idle.connect(lambda: self.exit("idle"))
        window.state.language_changed.connect(self._on_language)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.gesture)
            app.aboutToQuit.connect(self.shutdown)
        from kiosk.ui.keyboard import KeyboardAvoider

        self.keyboard = KeyboardAvoider(window, window.central_layout, parent=self)

    def _clock(self) -> float:
        return self.clock()

    @property
    def built(self) -> bool:
        """Whether the curator screens exist yet."""
        return self._shell is not None

    @property
    def shell(self) -> AdminShell:
        if self._shell is None:
            self._build_screens()
        assert self._shell is not None
        return self._shell

    @property
    def preview(self) -> PreviewScreen:
        _ = self.shell  # the two are built together
        assert self._preview is not None
        return self._preview

    def _build_screens(self) -> None:
        from kiosk.ui.admin.preview import PreviewScreen
        from kiosk.ui.admin.shell import AdminShell

        window = self.window
        shell = self._shell = AdminShell(self.ctx)
        preview = self._preview = PreviewScreen(self.ctx)
        for page in (shell, preview):
            # a stacked widget is as large as its largest page: the admin forms must never
            # make the visitor pages grow past a small or portrait screen
            page.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            window.stack.addWidget(page)
        shell.exit_requested.connect(lambda: self.exit("exit"))
        shell.toggle_language.connect(window.state.toggle_language)
        shell.editor.preview.connect(self.show_preview)
        preview.back.connect(self.close_preview)
        preview.publish.connect(self._publish_from_preview)
        self._apply_metrics()
        if self._fleet_actions is not None:
            shell.add_fleet(self._fleet_actions)
        log.info("admin screens built")

    # --- entry -------------------------------------------------------------------------------
    def open_pin(self) -> None:
        """The gesture was made: show the PIN pad (or why it cannot be used yet)."""
        if self.active or self.closed:
            return
        self.pinpad.set_prompt(both("pin_title").replace("\n", " · "), "")
        self.pinpad.set_blocked(False)
        self.pinpad.open_pad()
        if self._shell is None:  # while the curator types the PIN, after the pad has painted
            QTimer.singleShot(250, self, lambda: None if self.closed else self.shell)
        clock = self._clock
        self.db.db_call(lambda db: (pin.has_pin(db), lockout.remaining_lock(db, clock=clock)),
                        self._pin_state, on_error=self._pin_error)

    def _pin_error(self, exc: Exception) -> None:
        self.pinpad.set_busy(False)
        self.pinpad.show_message(both("error", e=exc), "error")

    def _pin_state(self, state: tuple[bool, float]) -> None:
        has, left = state
        if not has:
            self.pinpad.set_blocked(True)
            self.pinpad.show_message(both("pin_no_pin"), "error")
        elif left > 0:
            self.pinpad.lock_for(left)

    def _pin_submitted(self, value: str) -> None:
        if self.active:
            return
        self.pinpad.set_busy(True)
        clock = self._clock
        self.db.db_call(lambda db: lockout.attempt(db, value, clock=clock), self._attempted,
                        on_error=self._pin_error)

    def _attempted(self, a: lockout.Attempt) -> None:
        pad = self.pinpad
        pad.set_busy(False)
        if a.outcome is Outcome.OK:
            pad.close_pad()
            self.enter()
        elif a.outcome is Outcome.NO_PIN:
            pad.set_blocked(True)
            pad.show_message(both("pin_no_pin"), "error")
        elif a.outcome is Outcome.LOCKED:
            pad.lock_for(a.retry_after_s)
        else:
            left = lockout.FREE_ATTEMPTS - a.failures
            key = "pin_wrong_left" if 0 < left <= 3 else "pin_wrong"
            pad.show_message(f"{t(key, 'zh', n=a.failures, k=left)}\n"
                             f"{t(key, 'en', n=a.failures, k=left)}", "error")

    # --- admin mode --------------------------------------------------------------------------
    def enter(self) -> None:
        w = self.window
        self.active = True
        self.pinpad.close_pad()
        self.gesture.enabled = False
        self.gesture.reset()
        w.idle.stop()  # no visitor reset under the curator's hands
        self.ctx.lang = w.state.lang
        self.shell.retranslate()
        self.preview.retranslate()
        w.stack.setCurrentWidget(self.shell)
        self.shell.show_screen("exhibits")
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.idle.start()
        self._cursor_was_hidden = overrides.cursor_hidden()
        overrides.set_cursor_visible(True)  # a USB mouse may be plugged in for the curator
        log.info("admin mode entered")

    def exit(self, reason: str = "exit") -> None:
        """Back to visitor mode (explicit exit or admin idle): attract loop, lock on."""
        if not self.active:
            return
        self.active = False
        self.shell.editor.flush()
        self.db.db_call(lambda db: lockout.record_exit(db, reason=reason))
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.idle.stop()
        self.shell.settings.deactivate()
        if self.shell.fleet is not None:
            self.shell.fleet.deactivate()  # type: ignore[attr-defined]
        for pad in self.window.findChildren(PinPad):
            pad.close_pad()
        for dlg in self.window.findChildren(QFileDialog):
            dlg.reject()
        w = self.window
        w.lock.enabled = True
        visible = (self.visitor_cursor_visible if self.visitor_cursor_visible is not None
                   else not self._cursor_was_hidden)
        overrides.set_cursor_visible(visible)
        w.content.reload()
        w.return_to_attract()
        self.gesture.enabled = True
        log.info("admin mode left (%s)", reason)

    def _set_visitor_cursor(self, visible: bool) -> None:
        self.visitor_cursor_visible = visible
        if not self.active:
            overrides.set_cursor_visible(visible)

    # --- preview -----------------------------------------------------------------------------
    def show_preview(self, data: dict[str, Any]) -> None:
        self.preview.show_record(data, self.ctx.lang)
        self.window.stack.setCurrentWidget(self.preview)

    def close_preview(self) -> None:
        if self.active:
            self.window.stack.setCurrentWidget(self.shell)

    def _publish_from_preview(self) -> None:
        self.close_preview()
        self.shell.editor.publish()

    # --- fleet -------------------------------------------------------------------------------
    def attach_fleet(self, actions: Any) -> Any:
        """The author runs: admin mode gets its Fleet / 展厅屏幕 screen."""
        self._fleet_actions = actions
        return self._shell.add_fleet(actions) if self._shell is not None else None

    # --- plumbing ----------------------------------------------------------------------------
    def _toast(self, text: str) -> None:
        self.shell.toast.show_text(text)

    def _on_language(self, lang: str) -> None:
        self.ctx.lang = lang
        if self.active:
            self.shell.retranslate()
            self.preview.retranslate()

    def _apply_metrics(self) -> None:
        w = self.window
        if self._shell is None or self._preview is None:
            return  # built later, at the size of the moment
        m = theme.Metrics(max(1, w.width()), max(1, w.height()))
        self._shell.apply_metrics(m)
        self._preview.apply_metrics(m)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window:
            if event.type() == QEvent.Type.Resize:
                self._apply_metrics()
            elif event.type() == QEvent.Type.Close and getattr(obj, "allow_close", False):
                self.shutdown()  # the window really closes (alt+F4 is refused before this)
        return False

    def shutdown(self) -> None:
        """Stop watching the application and end the worker threads (idempotent)."""
        if self.closed:
            return
        self.closed = True
        if self.active:
            self.exit("shutdown")
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.gesture)
            app.removeEventFilter(self.idle)
        if self._shell is not None:
            self._shell.editor.flush()
        self.db.close()
        self.media.close()
