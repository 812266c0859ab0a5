"""The fleet agent's ``Host`` on a real kiosk: the screen's half of ``kiosk.fleet.host.Host``.

Every method runs on the asyncio (qasync) loop, which is the UI thread: they touch widgets
directly but never block, and send slow work (PNG encoding) to an executor.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui import theme
from kiosk.ui.idle import INPUT_EVENTS

log = logging.getLogger("kiosk.fleet.host")

# Any exit restarts under systemd (Restart=always) and the Windows supervisor loop; a code of
# its own tells the log that the author asked for it, not a crash (70) or a second kiosk (75).
EXIT_RESTART = 3
PAINT_TIMEOUT_S = 10.0
COMMANDS = ("restart", "reload", "attract")


class LastTouch(QObject):
    """Application event filter: the wall-clock time of the last visitor input."""

    def __init__(self, parent: QObject | None = None, *, clock: Callable[[], float] = time.time):
        super().__init__(parent)
        self.clock = clock
        self.at: float | None = None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.at = self.clock()
        return False


class LastError(logging.Handler):
    """Keeps the last ERROR line of the kiosk's own loggers (a one-line summary, no trace)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.message = ""
        self.at: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.message = f"{record.name}: {record.getMessage()}"[:300]
            self.at = record.created
        except Exception:  # a bad format string must not break logging
            self.message = str(record.msg)[:300]


class IdentifyOverlay(QWidget):
    """The kiosk's name over the whole window, in both languages, for a few seconds.

    Transparent for input: a visitor who touches the screen meanwhile uses the kiosk as usual.
    """

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("fleetIdentify")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.name = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_name(self, name: str, seconds: float) -> None:
        self.name = name
        host = self.parentWidget()
        if host is not None:
            self.setGeometry(host.rect())
        self.show()
        self.raise_()
        self.update()
        self._timer.start(int(max(0.5, seconds) * 1000))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = theme.palette()
        shade = QColor(pal.scrim)
        shade.setAlpha(max(235, pal.scrim_alpha))
        p.fillRect(self.rect(), shade)
        w, h = self.width(), self.height()
        unit = max(1.0, min(w / 1920, h / 1080))
        m = int(24 * unit)
        frame = self.rect().adjusted(m, m, -m, -m)
        pen = p.pen()
        pen.setColor(QColor(pal.accent))
        pen.setWidth(int(8 * unit))
        p.setPen(pen)
        p.drawRoundedRect(frame, 28 * unit, 28 * unit)
        font = QFont(theme.FONT_FAMILY)
        font.setBold(True)
        font.setPixelSize(int(44 * unit))
        p.setFont(font)
        p.setPen(QColor(pal.muted))
        p.drawText(0, int(h * 0.22), w, int(80 * unit), Qt.AlignmentFlag.AlignCenter,
                   "本机名称 · This screen is")
        # the name as large as fits the width
        size = 220 * unit
        font.setPixelSize(int(size))
        while size > 40 and p.fontMetrics().horizontalAdvance(self.name) > w * 0.86:
            size *= 0.9
            font.setPixelSize(int(size))
            p.setFont(font)
        p.setFont(font)
        p.setPen(QColor(pal.text))
        p.drawText(0, int(h * 0.32), w, int(h * 0.36), Qt.AlignmentFlag.AlignCenter, self.name)
        font.setPixelSize(int(34 * unit))
        font.setBold(False)
        p.setFont(font)
        p.setPen(QColor(pal.accent))
        p.drawText(0, int(h * 0.70), w, int(80 * unit), Qt.AlignmentFlag.AlignCenter,
                   "由展厅管理端识别 · Identified from the fleet screen")
        p.end()


class _PaintWatch(QObject):
    """Resolves a future on the first paint of any widget in ``window`` after it is armed."""

    def __init__(self, window: QWidget, fut: asyncio.Future[None]):
        super().__init__(window)
        self._window, self._fut = window, fut

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                and obj.window() is self._window and not self._fut.done()):
            self._fut.set_result(None)
        return False


def encode_png(image: QImage) -> bytes:
    """PNG bytes of ``image`` (safe in a worker thread: a QImage is not a GUI object)."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    ok = image.save(buf, "PNG")  # type: ignore[call-overload]  # stubs want bytes; PySide6 a str
    if not ok:
        raise OSError("the screenshot could not be encoded as PNG")
    buf.close()
    return bytes(data.data())


class QtHost:
    """``Host`` for a kiosk window (``kiosk.ui.window.KioskWindow``).

    ``restart`` ends the kiosk cleanly with ``EXIT_RESTART`` (``run`` passes what ends its main
    coroutine); ``hub`` returns the sensor hub once it exists.
    """

    def __init__(self, window: Any, *, restart: Callable[[int], None],
                 hub: Callable[[], Any] = lambda: None,
                 clock: Callable[[], float] = time.time):
        self.window = window
        self._restart = restart
        self._hub = hub
        self.clock = clock
        self.started = clock()
        self.touch = LastTouch(window, clock=clock)
        self.errors = LastError()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.touch)
        logging.getLogger("kiosk").addHandler(self.errors)
        self.overlay = IdentifyOverlay(window)
        # its own worker: the default executor may be busy for a minute at start-up (speech,
        # recordings), and the author waits on a screenshot with a timeout
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-fleet-host")

    def close(self) -> None:
        """Remove the filters and the log handler, stop the worker (tests, shutdown)."""
        self._worker.shutdown(wait=False, cancel_futures=True)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.touch)
        logging.getLogger("kiosk").removeHandler(self.errors)

    # --- the Host protocol -------------------------------------------------------------------
    def visitor_idle(self) -> bool:
        w = self.window
        if w.current != "attract":
            return False
        admin = getattr(w, "admin", None)
        return admin is None or not (admin.active or admin.pinpad.isVisible())

    async def content_applied(self) -> None:
        """Reload the snapshot from the database; return once the new page has painted."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        content = self.window.content

        def finished() -> None:
            if not done.done():
                done.set_result(None)

        content.reload(on_done=finished)
        await asyncio.wait_for(done, PAINT_TIMEOUT_S)
        if content.error is not None:
            raise RuntimeError(f"the new content cannot be shown: {content.error}")
        if not content.snapshot.exhibits:
            raise RuntimeError("the new content has no published exhibit to show")
        await self.painted()

    async def painted(self) -> None:
        """Repaint the page on screen and wait until it has been painted (or raise)."""
        w = self.window
        if not w.isVisible():
            raise RuntimeError("the kiosk window is not shown: the new content cannot be checked")
        loop = asyncio.get_running_loop()
        fut: asyncio.Future[None] = loop.create_future()
        watch = _PaintWatch(w, fut)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(watch)
        try:
            page = w.stack.currentWidget()
            (page or w).update()
            await asyncio.wait_for(fut, PAINT_TIMEOUT_S)
        except TimeoutError:
            raise RuntimeError(f"the new page did not paint within {PAINT_TIMEOUT_S:g} s") from None
        finally:
            app.removeEventFilter(watch)
            watch.deleteLater()

    async def screenshot(self) -> bytes:
        """The window as visitors see it (overlays included), as PNG."""
        image = self.window.grab().toImage()  # on the UI thread: a QPixmap is a GUI object
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._worker, encode_png, image)

    async def identify(self, name: str, seconds: float) -> None:
        self.overlay.show_name(name, seconds)

    async def command(self, name: str) -> None:
        w = self.window
        if name == "restart":
            log.info("fleet: restart asked by the author; exiting with %d", EXIT_RESTART)
            self._restart(EXIT_RESTART)
        elif name == "reload":
            w.content.reload()
        elif name == "attract":
            admin = getattr(w, "admin", None)
            if admin is not None and admin.active:
                admin.exit("fleet")
            w.return_to_attract()
        else:
            raise ValueError(f"unknown command {name!r} (known: {', '.join(COMMANDS)})")

    def health(self) -> dict[str, Any]:
        """Keys as in ``reported.health``: feeds, last_touch_s, last_error (and the page)."""
        w = self.window
        touch = self.touch.at
        return {
            "page": w.current,
            "feeds": self.feeds(),
            "last_touch_s": None if touch is None else round(self.clock() - touch, 1),
            "last_error": w.content.error or self.errors.message,
        }

    def feeds(self) -> dict[str, dict[str, Any]]:
        """Each configured instrument feed: its state and the age of its newest sample."""
        hub = self._hub()
        if hub is None:
            return {}
        out: dict[str, dict[str, Any]] = {}
        now = hub.clock()
        for inst in getattr(hub, "sources", {}):
            chans = [c for c in hub.channels.values() if c.spec.instrument == inst]
            states = {hub.state(c.spec.name, now) for c in chans}
            state = next((s for s in ("live", "replay", "stale", "offline") if s in states),
                         "offline")
            arrivals = [c.last_arrival for c in chans if c.last_arrival is not None]
            age = round(now - max(arrivals), 1) if arrivals else None
            out[inst] = {"state": state, "age_s": age}
        return out
