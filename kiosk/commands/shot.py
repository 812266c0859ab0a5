"""``kiosk shot``: render a page offscreen to a PNG, exactly as visitors would see it."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

from kiosk import paths, settings


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{3,5})x(\d{3,5})", text)
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r}: expected WIDTHxHEIGHT, e.g. 1920x1080")
    return int(m.group(1)), int(m.group(2))


MODES = ("large-text", "large-text-200", "high-contrast", "reach", "reduce-motion")


def mode_changes(modes: list[str]) -> dict[str, object]:
    """``--mode`` values as changes to the window's accessibility modes."""
    out: dict[str, object] = {}
    for mode in modes:
        if mode == "large-text":
            out["text_scale"] = max(1.5, float(out.get("text_scale", 1.0)))  # type: ignore[arg-type]
        elif mode == "large-text-200":
            out["text_scale"] = 2.0
        else:
            out[mode.replace("-", "_")] = True
    return out


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="PNG file to write")
    parser.add_argument("--page", default="home",
                        help="attract, home, info or exhibit:<slug> (default: home)")
    parser.add_argument("--lang", choices=("zh", "en"), default=None)
    parser.add_argument("--size", type=_size, default=(1920, 1080), help="WxH (default 1920x1080)")
    parser.add_argument("--mode", action="append", choices=MODES, default=[],
                        help="accessibility mode to render in (repeatable): large-text (150 %%), "
                             "large-text-200, high-contrast, reach, reduce-motion")
    parser.add_argument("--at", default=None, metavar="\"YYYY-MM-DD HH:MM\"",
                        help="render the page as it will look at this local time "
                             "(publish windows, welcome banners)")


def render(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QCoreApplication, QEvent

    from kiosk.content.engagement import parse_local_time
    from kiosk.content.messages import fixed_clock
    from kiosk.ui.app import build_window, make_application, route_qt_messages
    from kiosk.ui.schedule import checked_timezone

    cfg = settings.load(args.config)
    cfg = cfg.with_overrides(ui__transition_ms=0)
    clock = None
    if getattr(args, "at", None):
        at = parse_local_time(args.at)
        if at is None:
            print(f'kiosk shot: --at {args.at!r}: expected "YYYY-MM-DD HH:MM" (local time)',
                  file=sys.stderr)
            return 2
        clock = fixed_clock(at, checked_timezone(cfg["engage.timezone"]))
    db = paths.db_path(args.db)
    if not db.exists():
        print(f"kiosk shot: {db}: no such database (run `kiosk seed --db {db}` first)",
              file=sys.stderr)
        return 2
    route_qt_messages()
    make_application(offscreen=True)
    window = build_window(cfg, db, sync=True, admin=False, clock=clock)  # as visitors see it
    try:
        return _shoot(window, args, fixed_time=clock is not None)
    finally:  # whatever happened: the window, its timers and threads go
        window.allow_close = True
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, int(QEvent.Type.DeferredDelete.value))


def _shoot(window: Any, args: argparse.Namespace, *, fixed_time: bool) -> int:
    """Show the page asked for, wait until it is complete, save it; the exit status."""
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop

    if args.lang:
        window.state.set_language(args.lang)
    if window.content.error:
        print(f"kiosk shot: {window.content.error}", file=sys.stderr)
        return 2
    w, h = args.size
    changes = mode_changes(getattr(args, "mode", None) or [])
    if changes:
        import dataclasses

        # as curator defaults: the modes hold for this window the way an idle reset keeps them
        window.access.defaults = dataclasses.replace(window.access.modes, **changes)
        window.access.reset()
    window.set_size(w, h)
    page = args.page
    if page.startswith("exhibit:"):
        slug = page.split(":", 1)[1]
        if window.content.snapshot.exhibit(slug) is None:
            known = ", ".join(e.slug for e in window.content.snapshot.exhibits)
            print(f"kiosk shot: no published exhibit {slug!r} (known: {known})", file=sys.stderr)
            return 2
        window.open_exhibit(slug)
    elif page in ("attract", "home", "info"):
        window.show_page(page)
    else:
        print(f"kiosk shot: unknown page {page!r}", file=sys.stderr)
        return 2
    window.show()
    # let layouts settle and every image decode (a CLI may wait; the kiosk never does)
    deadline = time.monotonic() + 15
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, QDeadlineTimer(50))
    while window.loader.pending and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, QDeadlineTimer(20))
    window.grab()  # a first paint requests the images visible at their final size
    while window.loader.pending and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, QDeadlineTimer(20))
    QCoreApplication.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(args.out), "PNG")
    if not ok:
        print(f"kiosk shot: could not write {args.out}", file=sys.stderr)
        return 1
    modes = ", ".join(window.access.modes.names())
    when = f", at {window.schedule.now_local()}" if fixed_time else ""
    print(f"kiosk shot: {args.out} ({w}x{h}, {page}, {window.state.lang}"
          f"{', ' + modes if modes else ''}{when})")
    return 0


def run(args: argparse.Namespace) -> int:
    return render(args)
