"""The GUI-thread half of the watchdog: heartbeat, systemd notifications, first-paint hook.

A QTimer on the GUI thread is the point: it only fires while the event loop runs, so the
heartbeat (checked by ``kiosk.ops.watchdog.HangWatchdog``) and systemd's ``WATCHDOG=1`` both
stop the moment the GUI thread hangs.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.ops import faults, watchdog

log = logging.getLogger("kiosk.supervision")

BEAT_MS = 500


class FirstPaint(QObject):
    """Application event filter that calls back once, after anything in a window paints.

    Watches the whole application rather than the window itself: opaque child pages cover the
    top-level widget, which then never gets a paint event of its own.
    """

    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._callback = callback
        self._done = False
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (not self._done and event.type() == QEvent.Type.Paint
                and isinstance(obj, QWidget) and obj.window() is self._window):
            self._done = True
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            # after the paint has been handled and flushed, not before
            QTimer.singleShot(0, self, self._callback)
        return False


class Supervisor(QObject):
    """Beats the heartbeat and pings systemd from the GUI thread; announces readiness."""

    def __init__(self, heartbeat: watchdog.Heartbeat, *, parent: QObject | None = None,
                 env: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        self.heartbeat = heartbeat
        self._env = env
        self.systemd_interval_s = watchdog.watchdog_interval_s(env=env)
        self.ready_page: str | None = None
        self._on_terminate: Callable[[], None] = QCoreApplication.quit
        interval = BEAT_MS
        if self.systemd_interval_s is not None:
            interval = min(interval, int(self.systemd_interval_s * 1000))
        self._timer = QTimer(self)
        self._timer.setInterval(max(50, interval))
        self._timer.timeout.connect(self._tick)

    def start(self, *, quit_on_sigterm: bool = True,
              on_terminate: Callable[[], None] | None = None) -> None:
        """Start beating. With ``quit_on_sigterm``, SIGTERM/SIGINT (systemd stop, Ctrl+C) call
        ``on_terminate`` (default ``QCoreApplication.quit``) for a clean exit: Qt ignores
        those signals otherwise, and Python can run the handler only because this timer keeps
        entering the interpreter. Under qasync pass what ends your main coroutine."""
        self._on_terminate = on_terminate or QCoreApplication.quit
        if quit_on_sigterm and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, self._quit_on_signal)
        if self.systemd_interval_s is not None:
            log.info("systemd watchdog: WATCHDOG=1 every %.1f s at most",
                     self.systemd_interval_s)
        self._timer.start()
        self._tick()

    def stop(self) -> None:
        self._timer.stop()
        watchdog.notify("STOPPING=1", env=self._env)

    def _quit_on_signal(self, signum: int, _frame: object) -> None:
        log.info("signal %d: quitting", signum)
        self._on_terminate()

    def _tick(self) -> None:
        self.heartbeat.beat()
        if self.systemd_interval_s is not None:
            watchdog.notify("WATCHDOG=1", env=self._env)

    def notify_ready(self, page: str = "attract") -> None:
        """First paint done: tell systemd (Type=notify) and the log; arm test faults."""
        if self.ready_page is not None:
            return
        self.ready_page = page
        log.info("kiosk: ready page=%s", page)
        watchdog.notify("READY=1", env=self._env)
        faults.arm(lambda ms, fn: QTimer.singleShot(ms, self, fn))

    def ready_on_first_paint(self, widget: QWidget, *, page: str = "attract") -> None:
        """Call ``notify_ready(page)`` once ``widget``'s window has painted for the first time."""
        FirstPaint(widget.window(), lambda: self.notify_ready(page))
