"""The kiosk's start-up choreography, from the lock to a running asyncio loop.

``kiosk run`` calls ``run_kiosk`` once. The order is the point: the process plumbing first
(``kiosk.ops.startup``: logs, crash handler, the single-instance lock, healing), Qt after it,
then the first page painted in a plain Qt event loop, and only then asyncio, qasync, the
sensor hub, the full content with its recordings, the fleet, admin mode and the visitor
statistics, each without delaying what the visitor already sees. Everything heavy is imported
inside the functions: a second instance refuses before Qt loads.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import paths, settings

if TYPE_CHECKING:
    from kiosk.ops.startup import Runtime

log = logging.getLogger("kiosk.run")


def run_kiosk(cfg: settings.Config, db_path: Path, *, windowed: bool, size: str,
              page: str) -> int:
    """Start the kiosk on ``db_path`` and run it until it quits; the process's exit code."""
    from kiosk.ops import crash, startup

    try:
        rt = startup.start(cfg, db_path=db_path, content_dir=paths.content_dir())
    except startup.AlreadyRunning as exc:
        print(exc, file=sys.stderr)
        return crash.EXIT_ALREADY_RUNNING
    try:
        return _run_qt(cfg, rt, windowed=windowed, size=size, page=page)
    finally:
        rt.close()


def _run_qt(cfg: settings.Config, rt: Runtime, *, windowed: bool, size: str, page: str) -> int:
    """The window first, asyncio after its first paint; the exit code of the kiosk."""
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtGui import QCursor, QGuiApplication

    from kiosk.ops import memory
    from kiosk.ui.app import (
        attach_admin,
        attach_stats,
        build_window,
        display_lost,
        make_application,
        route_qt_messages,
    )
    from kiosk.ui.keyboard import choose_input_method
    from kiosk.ui.supervision import Supervisor

    memory.limit_arenas()  # before Qt and the pools start their threads
    memory.fix_mmap_threshold()  # full-screen pictures and frames never fragment the heap
    route_qt_messages()
    choose_input_method(cfg["admin.keyboard"])  # before the QApplication: Qt reads it once
    app = make_application()
    hubs: list[Any] = []  # the sensor hub is made after the first paint (numpy, sources)
    window = build_window(cfg, rt.db_path, hub=lambda: hubs[0] if hubs else None,
                          sync=True, recordings=False, admin=False)
    window.install_filters(app)
    if not window.cfg["ui.show_cursor"]:  # the curator's setting, if saved
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    # quitting must end main() first: stopping qasync's loop under it would be an error
    app.setQuitOnLastWindowClosed(False)
    sup = Supervisor(rt.heartbeat, parent=app)
    if page != "attract":
        window.show_page(page)
    sup.ready_on_first_paint(window, page=page)
    if windowed or not cfg["ui.fullscreen"]:
        w, _, h = size.partition("x")
        window.set_size(int(w), int(h))
        window.allow_close = True
        window.show()
    else:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        screen = app.primaryScreen()  # None with the monitor off at boot: lay out for full HD
        full = screen.geometry().size() if screen is not None else None
        window.set_size(full.width() if full else 1920, full.height() if full else 1080)
        window.showFullScreen()
    # First paint in a plain Qt loop: asyncio and qasync load after the visitor sees the page
    first = QEventLoop()
    quit_events: list[Any] = []  # the asyncio "done" event, once it exists
    quitting: list[bool] = []

    def terminate() -> None:  # SIGTERM or a window close, at any moment
        quitting.append(True)
        first.quit()
        for ev in quit_events:
            ev.set()

    sup.start(on_terminate=terminate)
    app.lastWindowClosed.connect(terminate)
    window.page_painted.connect(first.quit)
    QTimer.singleShot(10_000, first.quit)  # no paint at all (no screen?): carry on regardless
    first.exec()
    if quitting:
        return 0
    if display_lost():  # gone before asyncio even started
        return _display_lost(display_lost())

    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    done = asyncio.Event()
    quit_events.append(done)
    if quitting:  # asked to quit while asyncio was loading
        done.set()
    exit_code: list[int] = []  # a restart asked by the fleet's author

    def restart(code: int) -> None:
        exit_code.append(code)
        done.set()

    async def main() -> None:
        window.build_remaining_pages()
        window.sound.prewarm()           # QtMultimedia loads now, not on a visitor's tap
        # everything a first page does not need starts now, without delaying it
        from kiosk.sensors.hub import Hub
        from kiosk.ui.exhibit_charts import preload

        hub = Hub(cfg, base_dir=cfg.path.parent if cfg.path else None)
        hubs.append(hub)
        await hub.start()
        window.content.reload()          # the full snapshot, recordings included
        window.content.start_polling()   # changes made by curators or `kiosk import`
        loop.call_later(0.5, preload)
        from kiosk.ui.fleet_wiring import attach_fleet_screen, start_fleet
        fleet = await start_fleet(window, cfg, rt.db_path, hub=lambda: hub, restart=restart)

        def admin_mode() -> None:
            attach_admin(window, rt.db_path, cfg, hub)
            attach_fleet_screen(window, fleet)

        loop.call_later(1.0, admin_mode)
        if cfg["stats.enabled"]:  # visitor statistics: after the first paint, like admin mode
            loop.call_later(1.2, lambda: attach_stats(window, rt.db_path, window.cfg))
        try:
            await done.wait()
        finally:
            if fleet is not None:
                await fleet.stop()
            await hub.stop()

    with loop:
        try:
            loop.run_until_complete(main())
        except RuntimeError as exc:
            # Qt ends its event loop under us when the display server goes away
            if quitting or "stopped before Future completed" not in str(exc):
                raise
            return _display_lost(display_lost())
    if not quitting and display_lost():
        return _display_lost(display_lost())
    return exit_code[0] if exit_code else 0


def _display_lost(reason: str | None) -> int:
    from kiosk.ops import crash

    log.warning("kiosk: display lost (%s); exiting with %d for the supervisor to restart the "
                "kiosk", reason or "Qt's event loop ended", crash.EXIT_DISPLAY_LOST)
    return crash.EXIT_DISPLAY_LOST
