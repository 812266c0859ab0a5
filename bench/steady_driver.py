"""Runs inside the kiosk process for ``bench_steady.py``: the real ``kiosk run`` with a visitor
tour scheduled on its own event loop, announcing each phase on stderr (``steady: <phase>``).

Phases: ``tour`` (every page once), ``rest-live`` (the robot page, live simulated feeds, for
REST_S, until ``live-end``), ``rest-attract`` (the attract loop, for REST_S), then synthesized
taps for tap-to-paint, printed as ``tap_ms <kind> <ms>`` lines, then ``done``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

REST_S = float(os.environ.get("STEADY_REST_S", "60"))
TAPS = int(os.environ.get("STEADY_TAPS", "20"))
ROBOT = "robot-training-ground"


def say(msg: str) -> None:
    print(f"steady: {msg}", file=sys.stderr, flush=True)


class PaintWatch(QObject):
    """Resolves a future once ``widget`` has painted (and the paint has been flushed)."""

    def __init__(self, widget: QWidget, fut: asyncio.Future[float]) -> None:
        super().__init__(widget)
        self.fut = fut
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.fut.done():
            obj.removeEventFilter(self)
            # after this paint and its flush to the window system, not before
            QTimer.singleShot(0, self._resolve)
        return False

    def _resolve(self) -> None:
        if not self.fut.done():
            self.fut.set_result(time.perf_counter())


def tap(device: QPointingDevice, widget: QWidget) -> None:
    win = widget.window()
    p = widget.mapTo(win, widget.rect().center())
    QTest.touchEvent(win, device, False).press(0, p, win).commit()
    QTest.touchEvent(win, device, False).release(0, QPoint(p), win).commit()


async def timed_tap(device: QPointingDevice, widget: QWidget, painted: QWidget) -> float:
    fut: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    started: list[float] = []

    def go() -> None:  # from a plain Qt callback: touch delivery must not run inside a task
        PaintWatch(painted, fut)
        started.append(time.perf_counter())
        tap(device, widget)

    QTimer.singleShot(0, go)
    try:
        t1 = await asyncio.wait_for(fut, 5)
    except TimeoutError:
        return float("nan")  # the tap changed nothing that painted: reported, not hidden
    return (t1 - started[0]) * 1000


async def drive(window) -> None:  # type: ignore[no-untyped-def]
    try:
        await tour(window)
    except BaseException as exc:
        say(f"failed: {exc!r}")
        raise
    finally:
        os.kill(os.getpid(), signal.SIGTERM)  # the supervisor's clean exit


async def picture_share(window, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Rest on the attract loop; print the CPU share of its picture slides alone (video slides
    decode video, which is a separate figure: ``video_cpu_pct`` of bench_sound)."""
    cpu = wall = 0.0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        slide = window.attract.current_slide() if hasattr(window.attract, "current_slide") \
            else None
        picture = slide is None or slide[1].kind != "video"
        t0, c0 = time.perf_counter(), time.process_time()  # the whole process, all threads
        await asyncio.sleep(0.5)
        if picture:
            cpu += time.process_time() - c0
            wall += time.perf_counter() - t0
    if wall > 0:
        print(f"attract_pictures_cpu_pct {100 * cpu / wall:.1f} {wall:.0f}", file=sys.stderr,
              flush=True)


async def tour(window) -> None:  # type: ignore[no-untyped-def]
    await asyncio.sleep(3)  # the hub, the remaining pages and admin attach after first paint
    say("tour")
    snap = window.content.snapshot
    window.show_page("home")
    await asyncio.sleep(1.5)
    for ex in snap.exhibits:
        window.open_exhibit(ex.slug)
        await asyncio.sleep(2.5)
    window.show_page("info")
    await asyncio.sleep(1.5)
    window.state.toggle_language()
    await asyncio.sleep(1.5)
    window.state.toggle_language()
    window.show_page("home")
    await asyncio.sleep(1)
    window.open_exhibit(ROBOT)
    await asyncio.sleep(3)
    say("rest-live")
    await asyncio.sleep(REST_S)
    say("live-end")
    window.return_to_attract()
    await asyncio.sleep(3)
    say("rest-attract")
    await picture_share(window, REST_S)
    say("taps")
    window.show_page("home")
    await asyncio.sleep(1)
    device = QTest.createTouchDevice()
    settle = max(0.3, window.cfg["ui.transition_ms"] / 1000 + 0.15)
    for i in range(TAPS):
        card = window.home.cards[i % len(window.home.cards)]
        ms = await timed_tap(device, card, window.exhibit)
        print(f"tap_ms home_to_exhibit {ms:.2f}", file=sys.stderr, flush=True)
        await asyncio.sleep(settle)
        ms = await timed_tap(device, window.exhibit.topbar.back_btn, window.home)
        print(f"tap_ms exhibit_to_home {ms:.2f}", file=sys.stderr, flush=True)
        await asyncio.sleep(settle)
        ms = await timed_tap(device, window.home.topbar.lang_btn, window.home)
        print(f"tap_ms language {ms:.2f}", file=sys.stderr, flush=True)
        await asyncio.sleep(settle)
    say("done")


def start_when_ready() -> None:
    from kiosk.ui.window import KioskWindow

    wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, KioskWindow)]
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        loop = None
    if not wins or loop is None or not loop.is_running():
        QTimer.singleShot(100, start_when_ready)
        return
    loop.create_task(drive(wins[0]))


def main() -> int:
    import kiosk.ui.app as app_module
    from kiosk.cli import main as kiosk_main

    make = app_module.make_application

    def make_and_schedule(*a, **k):  # type: ignore[no-untyped-def]
        app = make(*a, **k)
        QTimer.singleShot(100, start_when_ready)  # fires inside kiosk run's first loop
        return app

    app_module.make_application = make_and_schedule
    return kiosk_main(["run", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
