"""Building the Qt application and the kiosk window (shared by ``run``, ``shot`` and tests)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from kiosk.content.messages import Clock
from kiosk.settings import Config
from kiosk.ui.exhibit_charts import charts_factory_for
from kiosk.ui.fonts import load_bundled_fonts
from kiosk.ui.services import ContentService
from kiosk.ui.window import KioskWindow

_fonts_loaded = False
qt_log = logging.getLogger("kiosk.qt")
_NOISE = ("This plugin does not support propagateSizeHints",)
# what Qt says when the display server goes away; Qt then ends its event loop
_DISPLAY_LOST = ("The X11 connection broke", "The Wayland connection broke")
_display_lost: list[str] = []
_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
           QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
           QtMsgType.QtFatalMsg: logging.CRITICAL}


def _qt_message(mode: QtMsgType, context: object, message: str) -> None:
    if message.startswith(_DISPLAY_LOST):
        _display_lost.append(message)  # said once, by whoever ends the kiosk for it
        return
    if not message.startswith(_NOISE):
        qt_log.log(_LEVELS.get(mode, logging.WARNING), "%s", message)


def display_lost() -> str | None:
    """Qt's words if the display server went away (the X11 or Wayland connection broke)."""
    return _display_lost[0] if _display_lost else None


def route_qt_messages() -> None:
    """Qt's warnings go to our log file (a windowed build has no stderr)."""
    qInstallMessageHandler(_qt_message)


def make_application(argv: list[str] | None = None, *, offscreen: bool = False) -> QApplication:
    """The QApplication with the bundled fonts loaded (reused if one exists)."""
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance()
    if app is None:
        QApplication.setAttribute(
            Qt.ApplicationAttribute.AA_SynthesizeMouseForUnhandledTouchEvents, True)
        # every widget paints in software; said out loud, QtMultimedia converts video frames
        # on the CPU instead of making an OpenGL context for it (on a kiosk without a GPU
        # driver that loaded Mesa's software renderer, about 48 MB, for the attract videos)
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_ForceRasterWidgets, True)
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setApplicationName("kiosk")
        app.setOrganizationName("modelspeed-yidian")
    assert isinstance(app, QApplication)
    global _fonts_loaded
    if not _fonts_loaded:
        load_bundled_fonts()
        _fonts_loaded = True
    return app


def attach_admin(window: KioskWindow, db_path: Path, cfg: Config, hub: object | None) -> None:
    """Admin mode: the secret gesture, PIN pad and curator screens."""
    from kiosk.ui.admin import install_admin
    window.admin = install_admin(window, db_path=Path(db_path), cfg=cfg, hub=hub)


def curator_overrides(cfg: Config, db_path: Path) -> Config:
    """``cfg`` with the curator's saved settings applied (they beat the config file)."""
    from kiosk.content import queries
    from kiosk.ui.admin.overrides import read_overrides
    try:
        conn = queries.open_readonly(db_path)
    except queries.StoreError:
        return cfg
    try:
        values = read_overrides(conn)
    except Exception as exc:  # an unreadable settings table must not stop the kiosk
        qt_log.warning("curator settings not applied: %s", exc)
        return cfg
    finally:
        conn.close()
    return cfg.with_overrides(**{k.replace(".", "__"): v for k, v in values.items()})


def attach_stats(window: KioskWindow, db_path: Path, cfg: Config) -> None:
    """Record anonymous visits in ``stats.db`` beside the content (a writer thread)."""
    from kiosk.stats.recorder import StatsRecorder
    from kiosk.stats.store import stats_path_for
    from kiosk.stats.visits import VisitLog
    from kiosk.ui.visitstats import VisitTracker

    recorder = StatsRecorder(stats_path_for(db_path), retention_days=cfg["stats.retention_days"])
    window.stats = VisitTracker(window, VisitLog(recorder))
    window.stats_recorder = recorder
    app = QApplication.instance()
    if app is not None:
        window.stats.install(app)
        app.aboutToQuit.connect(lambda: close_stats(window))


def close_stats(window: KioskWindow) -> None:
    """End the visit in progress and write every event (the kiosk is closing)."""
    tracker, recorder = getattr(window, "stats", None), getattr(window, "stats_recorder", None)
    if tracker is not None:
        tracker.log.end()
    if recorder is not None:
        recorder.close()
        window.stats_recorder = None


def build_window(cfg: Config, db_path: Path, *, hub: object | None = None,
                 sync: bool = False, recordings: bool = True,
                 admin: bool = True, clock: Clock | None = None,
                 stats: bool = False) -> KioskWindow:
    """The window on ``db_path``'s content; ``sync`` loads content before returning (start-up
    and ``kiosk shot``: no event loop runs yet), without the recordings if asked.

    ``cfg`` is the settings file's; the window runs on it with the curator's saved settings
    applied, and admin mode gets the file's (its "use the config file values" goes back there).
    """
    content = ContentService(db_path)
    if sync:
        content.load_now(with_recordings=recordings)
    window = KioskWindow(curator_overrides(cfg, db_path), content,
                         charts_factory=charts_factory_for(hub, cfg), clock=clock)
    content.setParent(window)
    window.stats = None
    if stats and cfg["stats.enabled"]:
        attach_stats(window, db_path, window.cfg)
    window.admin = None
    if admin:  # start-up attaches it after the first paint instead (see ui/startup.py)
        attach_admin(window, db_path, cfg, hub)
    if not sync:
        content.reload()
    return window
