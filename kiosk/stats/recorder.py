"""Recording events without blocking the UI: append to a queue, a writer thread batches them.

``record`` costs the UI thread a clock read and a deque append (``make bench``:
``stats_event_us``); the writer wakes every ``flush_s`` (or when ``batch`` events wait) and
writes them in one transaction.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kiosk.stats import store

log = logging.getLogger(__name__)
Row = tuple[float, int, str, str, float]


class StatsRecorder:
    def __init__(self, path: Path, *, retention_days: int = 400, flush_s: float = 2.0,
                 batch: int = 500, clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.retention_days = retention_days
        self.flush_s = flush_s
        self.batch = batch
        self.clock = clock
        self._queue: collections.deque[Row] = collections.deque()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._stop = False
        self.written = 0
        self.failed = 0
        self._thread = threading.Thread(target=self._run, name="kiosk-stats", daemon=True)
        self._thread.start()

    # --- UI thread ----------------------------------------------------------------------------
    def record(self, visit: int, kind: str, target: str = "", value: float = 0.0) -> None:
        self._queue.append((self.clock(), visit, kind, target, value))
        if len(self._queue) >= self.batch:
            self._wake.set()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything recorded so far is written (tests, shutdown)."""
        self._idle.clear()
        self._wake.set()
        return self._idle.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        self._stop = True
        self._wake.set()
        self._thread.join(timeout)

    # --- writer thread ------------------------------------------------------------------------
    def _run(self) -> None:
        db = None
        try:
            db = store.open_stats(self.path)
            store.prune(db, retention_days=self.retention_days, now=time.time())
        except Exception:  # statistics must never take the kiosk down
            log.exception("statistics file %s cannot be opened; events are dropped", self.path)
        last_prune = time.monotonic()
        while True:
            self._wake.wait(self.flush_s)
            self._wake.clear()
            rows: list[Row] = []
            while self._queue:
                rows.append(self._queue.popleft())
            if rows and db is not None:
                try:
                    store.write_events(db, rows)
                    self.written += len(rows)
                except Exception:
                    self.failed += len(rows)
                    log.exception("statistics: %d events not written", len(rows))
            if db is not None and time.monotonic() - last_prune > 86_400:
                store.prune(db, retention_days=self.retention_days, now=time.time())
                last_prune = time.monotonic()
            if not self._queue:
                self._idle.set()
            if self._stop and not self._queue:
                break
        if db is not None:
            db.close()
