"""Admin work off the UI thread, in order.

Like ``kiosk.ui.services.Background`` (results come back on the UI thread through a queued
signal), but each worker has one thread of its own: draft saves must land in the order they
were made, and the database connection belongs to that thread for the worker's lifetime.
Images import on a second worker so typing keeps saving while a batch runs.

Each task names what happens next on the UI thread: ``on_done(value)`` with the task's typed
result, or ``on_error(exception)`` when it raised (logged and dropped without ``on_error``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from sqlite_utils import Database

from kiosk.content import store

log = logging.getLogger(__name__)
T = TypeVar("T")
OnError = Callable[[Exception], None]


class _Relay(QObject):
    done = Signal(object, object)       # callback, result
    progress = Signal(object, object)   # callback, payload


class AdminWorker(QObject):
    """Serial background work with an optional database connection of its own."""

    def __init__(self, db_path: Path | None, *, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path) if db_path is not None else None
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=f"kiosk-admin-{name}")
        self._db: Database | None = None
        self._relay = _Relay()
        self._relay.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._relay.progress.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)
        self.pending = 0

    # --- UI thread ---------------------------------------------------------------------------
    def _deliver(self, callback: Callable[[Any], None] | None, result: Any) -> None:
        self.pending -= 1
        if callback is not None and self._pool is not None:
            callback(result)

    def _deliver_progress(self, callback: Callable[[Any], None], payload: Any) -> None:
        if self._pool is not None:
            callback(payload)

    def run(self, fn: Callable[[], T], on_done: Callable[[T], None] | None = None, *,
            on_error: OnError | None = None) -> None:
        """``fn()`` in the worker thread; then, on the UI thread, ``on_done(result)``, or
        ``on_error(exception)`` if it raised."""
        if self._pool is None:
            log.warning("admin worker already closed; task dropped")
            return
        self.pending += 1

        def finished(fut: Future[T]) -> None:
            try:
                result = fut.result()
            except Exception as exc:  # the screen shows it; it never escapes as a crash
                log.warning("admin task failed: %s", exc)
                self._relay.done.emit(on_error, exc)
                return
            self._relay.done.emit(on_done, result)

        self._pool.submit(fn).add_done_callback(finished)

    def db_call(self, fn: Callable[[Database], T], on_done: Callable[[T], None] | None = None,
                *, on_error: OnError | None = None) -> None:
        """``fn(db)`` with this worker's connection (opened on first use, in the worker)."""
        self.run(lambda: fn(self._connection()), on_done, on_error=on_error)

    def progress_emitter(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """A function the worker thread may call; ``callback(payload)`` runs on the UI thread."""
        return lambda payload: self._relay.progress.emit(callback, payload)

    def close(self) -> None:
        """Finish queued work, close the connection, end the thread."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        pool.submit(self._close_db)
        pool.shutdown(wait=True)
        # results already queued would reach screens that are being torn down: ``_deliver``
        # drops them (a disconnect alone does not take back events already posted)
        self._relay.done.disconnect(self._deliver)
        self._relay.progress.disconnect(self._deliver_progress)

    # --- worker thread -----------------------------------------------------------------------
    def _connection(self) -> Database:
        if self._db is None:
            if self.db_path is None:
                raise RuntimeError("this worker has no database")
            self._db = store.open_db(self.db_path)
        return self._db

    def _close_db(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
