"""Shared test set-up. No Qt here: tests/core must run with PySide6 never imported."""

from __future__ import annotations

import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest

# Qt tests always run offscreen, whatever the developer's shell says
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_SCALE_FACTOR", "1")


# --- nothing left behind -------------------------------------------------------------------
# Every test must end its threads, stop its Qt timers and close its SQLite connections: a
# leftover thread or timer runs on into later tests (and flakes them), an open connection
# holds the database's WAL. `@pytest.mark.leaves_threads("reason")` exempts a test that
# cannot help it; none needs it today.


# the kiosk's one shared I/O pool lives as long as the process, like in the kiosk itself
# (kiosk.ui.services.pool; shut down at exit): its worker threads are not a test's leftovers
SHARED_THREADS = ("kiosk-io",)
GRACE_S = 5.0  # a thread told to stop may take a moment to notice


class _TrackedConnections:
    """Every sqlite3 connection made while a test runs (sqlite3.Connection takes no weakref)."""

    def __init__(self) -> None:
        self.made: list[tuple[sqlite3.Connection, str]] = []
        self._connect = sqlite3.connect

    def connect(self, *args: object, **kwargs: object) -> sqlite3.Connection:
        conn = self._connect(*args, **kwargs)  # type: ignore[arg-type]
        self.made.append((conn, str(args[0]) if args else str(kwargs.get("database"))))
        return conn

    def still_open(self) -> list[str]:
        out = []
        for conn, where in self.made:
            try:
                conn.total_changes  # noqa: B018  (raises once closed)
            except sqlite3.ProgrammingError:
                continue
            out.append(where)
        return out


def _settle_qt() -> None:
    """Hook for Qt work still to be done before the checks. Deliberately nothing: forcing
    the deferred deletions of closed windows here can deadlock QtMultimedia's FFmpeg threads
    (seen with a player torn down mid-playback), so closed windows are left to pytest-qt."""


# a thread Python did not start (Qt's, FFmpeg's) that once ran Python code shows up as a
# "dummy" thread for ever: it is not the test's, and cannot be joined
_FOREIGN = getattr(threading, "_DummyThread", ())


def _extra_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t not in before and t.is_alive()
            and not isinstance(t, _FOREIGN) and not t.name.startswith(SHARED_THREADS)]


def _wait_for(done: Callable[[], bool]) -> None:
    """Give work that is ending (a thread told to stop, a read in flight) a moment."""
    deadline = time.monotonic() + GRACE_S
    while not done() and time.monotonic() < deadline:
        _settle_qt()
        time.sleep(0.02)


def _active_qt_timers() -> list[str]:
    """Running QTimers on the application and in windows still open."""
    if "PySide6.QtWidgets" not in sys.modules:
        return []
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    app = QCoreApplication.instance()
    if app is None:
        return []
    # timers of windows pytest-qt has closed die with them when their deletion comes round;
    # a timer still running in a window left open, or on the application, is a leftover
    tops = QApplication.topLevelWidgets() if isinstance(app, QApplication) else []
    roots = [app, *(w for w in tops if w.isVisible())]
    out = []
    for root in roots:
        for timer in root.findChildren(QTimer):
            try:
                if timer.isActive():
                    owner = timer.parent()
                    out.append(f"{type(owner).__name__}.{timer.objectName() or 'QTimer'} "
                               f"every {timer.interval()} ms")
            except RuntimeError:  # deleted meanwhile
                continue
    return out


@pytest.fixture(autouse=True)
def nothing_left_behind(request: pytest.FixtureRequest,
                        monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    exempt = request.node.get_closest_marker("leaves_threads")
    tracked = _TrackedConnections()
    monkeypatch.setattr(sqlite3, "connect", tracked.connect)
    before = set(threading.enumerate())
    timers_before = set(_active_qt_timers())
    yield
    _settle_qt()
    _wait_for(lambda: not tracked.still_open() and (exempt is not None
                                                    or not _extra_threads(before)))
    problems = []
    if exempt is None:
        problems += [f"thread {t.name!r} still running" for t in _extra_threads(before)]
    problems += [f"Qt timer still running: {t}"
                 for t in _active_qt_timers() if t not in timers_before]
    problems += [f"sqlite connection to {w} never closed" for w in tracked.still_open()]
    if problems:
        pytest.fail("the test left things behind:\n  " + "\n  ".join(problems), pytrace=False)
