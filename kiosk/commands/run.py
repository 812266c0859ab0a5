"""``kiosk`` / ``kiosk run``: the kiosk itself, fullscreen, locked, under qasync."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from kiosk import paths, settings

log = logging.getLogger("kiosk.run")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--windowed", action="store_true",
                        help="a normal window (for a desk), not fullscreen")
    parser.add_argument("--size", default="1280x800", help="window size with --windowed")
    parser.add_argument("--page", choices=("attract", "home"), default="attract",
                        help="first page (default attract; home for a desk or a benchmark)")


def run(args: argparse.Namespace) -> int:
    from kiosk.ops import crash, startup

    cfg = settings.load(args.config)
    db_path = paths.db_path(args.db)
    try:
        rt = startup.start(cfg, db_path=db_path, content_dir=paths.content_dir())
    except startup.AlreadyRunning as exc:
        print(exc, file=sys.stderr)
        return crash.EXIT_ALREADY_RUNNING
    try:
        return _run_qt(args, cfg, rt)
    finally:
        rt.close()


def _run_qt(args: argparse.Namespace, cfg: settings.Config, rt: object) -> int:
    import qasync
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QCursor, QGuiApplication

    from kiosk.sensors.hub import Hub
    from kiosk.ui.app import build_window, make_application, route_qt_messages
    from kiosk.ui.supervision import Supervisor

    route_qt_messages()
    app = make_application()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    hub = Hub(cfg)
    window = build_window(cfg, rt.db_path, hub=hub)  # type: ignore[attr-defined]
    window.content.start_polling()
    window.install_filters(app)
    if not cfg["ui.show_cursor"]:
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    done = asyncio.Event()
    # quitting must end main() first: stopping qasync's loop under it would be an error
    app.setQuitOnLastWindowClosed(False)
    app.lastWindowClosed.connect(done.set)
    sup = Supervisor(rt.heartbeat, parent=app)  # type: ignore[attr-defined]
    sup.start(on_terminate=done.set)
    if args.page != "attract":
        window.show_page(args.page)
    sup.ready_on_first_paint(window, page=args.page)
    if args.windowed or not cfg["ui.fullscreen"]:
        w, _, h = args.size.partition("x")
        window.resize(int(w), int(h))
        window.allow_close = True
        window.show()
    else:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        window.showFullScreen()

    async def main() -> None:
        await hub.start()
        try:
            await done.wait()
        finally:
            await hub.stop()

    with loop:
        loop.run_until_complete(main())
    return 0
