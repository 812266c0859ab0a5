"""UI-side services: content snapshots and image decoding, both off the UI thread.

Work runs in a thread pool; results come back through queued Qt signals, so they are applied
on the UI thread whether or not the asyncio loop is running (tests, ``kiosk shot``).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader

from kiosk.content.snapshot import (
    EMPTY,
    RecordingParser,
    Snapshot,
    content_signature,
    read_snapshot,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

_pool: ThreadPoolExecutor | None = None
KEEP_ALWAYS = 3  # the newest decodes stay whatever their size: a page never evicts its own


def pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kiosk-io")
    return _pool


def shutdown_pool() -> None:
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


class _Relay(QObject):
    """Carries a finished future's result to the UI thread."""

    done = Signal(object, object)  # callback, result


class Background(QObject):
    """Run a function in the pool; then, on the UI thread, ``on_done(result)`` or
    ``on_error(exception)``."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._relay = _Relay()
        self._relay.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.pending = 0

    def _deliver(self, callback: Callable[[Any], None], result: Any) -> None:
        self.pending -= 1
        callback(result)

    def submit(self, fn: Callable[[], T], on_done: Callable[[T], None],
               on_error: Callable[[Exception], None]) -> None:
        self.pending += 1

        def finished(fut: Future[T]) -> None:
            try:
                result = fut.result()
            except Exception as exc:  # the UI decides what to show
                log.warning("background task failed: %s", exc)
                self._relay.done.emit(on_error, exc)
                return
            self._relay.done.emit(on_done, result)

        pool().submit(fn).add_done_callback(finished)


def decode_image(path: Path, target: QSize | None) -> QImage:
    """Decode in a worker thread, scaled down in the decoder where possible."""
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    if target is not None and target.isValid():
        size = reader.size()
        # the smallest size that still covers the target; never larger than the file (a wide
        # target, e.g. 2048x768 for 1600x1000, made it 2048x1280: 10.5 MB instead of 6.4)
        want = size.scaled(target, Qt.AspectRatioMode.KeepAspectRatioByExpanding)
        if size.isValid() and want.width() < size.width():
            reader.setScaledSize(want)
    img = reader.read()
    if img.isNull():
        raise OSError(f"{path}: {reader.errorString()}")
    return img.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


class ImageLoader(QObject):
    """Asynchronous, cached image decoding keyed by (path, size bucket)."""

    loaded = Signal(str)  # path

    def __init__(self, parent: QObject | None = None, *, cache_size: int = 48,
                 cache_mb: float = 24.0):
        super().__init__(parent)
        self._bg = Background(self)
        self._cache: OrderedDict[tuple[str, int, int], QImage] = OrderedDict()
        self._inflight: set[tuple[str, int, int]] = set()
        self._cache_size = cache_size
        # decoded full-screen pictures are 6-10 MB each: the cache is bounded in bytes too,
        # least recently painted first out (a page on screen keeps what it shows). 24 MB holds
        # an exhibit's pictures for the way back: at 12 MB every tap to an exhibit decoded
        # again and tap-to-paint p95 went 45 -> 56 ms on 2 cores (bench_steady, 2 runs each)
        self._cache_bytes = int(cache_mb * 2**20)
        self.cached_bytes = 0

    @property
    def pending(self) -> int:
        return self._bg.pending

    @staticmethod
    def _key(path: Path, target: QSize) -> tuple[str, int, int]:
        # buckets of 256 px so small resizes reuse the same decode
        return (str(path), -(-target.width() // 256) * 256, -(-target.height() // 256) * 256)

    def get(self, path: Path, target: QSize) -> QImage | None:
        """The decoded image if ready; otherwise start decoding and return None."""
        key = self._key(path, target)
        img = self._cache.get(key)
        if img is not None:
            self._cache.move_to_end(key)
            return None if img.isNull() else img
        if key not in self._inflight:
            self._inflight.add(key)
            size = QSize(key[1], key[2])
            # a file that failed stays failed (a null image) until evicted: no retry on every paint
            self._bg.submit(lambda: decode_image(path, size), lambda img: self._store(key, img),
                            lambda _exc: self._store(key, QImage()))
        return None

    def _store(self, key: tuple[str, int, int], img: QImage) -> None:
        self._inflight.discard(key)
        self._cache[key] = img
        self.cached_bytes += img.sizeInBytes()
        while len(self._cache) > self._cache_size or (len(self._cache) > KEEP_ALWAYS
                                                      and self.cached_bytes > self._cache_bytes):
            _key, old = self._cache.popitem(last=False)
            self.cached_bytes -= old.sizeInBytes()
        self.loaded.emit(key[0])


class ContentService(QObject):
    """Holds the current snapshot; reloads it off the UI thread when the database changes."""

    changed = Signal(object)  # Snapshot

    def __init__(self, db_path: Path, parent: QObject | None = None, *, poll_ms: int = 2000):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.snapshot: Snapshot = EMPTY
        self.error: str | None = None
        self._bg = Background(self)
        self._signature: tuple[float, int] | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self._check)

    @property
    def pending(self) -> int:
        return self._bg.pending

    def load_now(self, *, with_recordings: bool = True) -> None:
        """Synchronous load, before any window shows (start-up, ``kiosk shot``, tests)."""
        try:
            snap = self._read(with_recordings=with_recordings)
        except Exception as exc:  # the same path as a failed background read
            self._failed(exc)
            return
        self._apply(snap)

    def reload(self, on_done: Callable[[], None] | None = None) -> None:
        """Read the snapshot again off the UI thread; ``on_done()`` once it is applied or has
        failed (the fleet agent waits on it and reads ``error``)."""
        def apply(snap: Snapshot) -> None:
            self._apply(snap)
            if on_done is not None:
                on_done()

        def failed(exc: Exception) -> None:
            self._failed(exc)
            if on_done is not None:
                on_done()
        self._bg.submit(self._read, apply, failed)

    def start_polling(self) -> None:
        self._poll.start()

    def _read(self, *, with_recordings: bool = True) -> Snapshot:
        sig = content_signature(self.db_path)
        parse: RecordingParser | None = None
        if with_recordings:  # the full read: the recordings parsed for the charts' replay
            from kiosk.ui.exhibit_charts import parsed_recording
            parse = parsed_recording
        snap = read_snapshot(self.db_path, parse_recording=parse)
        self._signature = sig
        return snap

    def _check(self) -> None:
        if self._bg.pending:
            return
        # a failed look is a reason to read again: the read says what is wrong
        self._bg.submit(lambda: content_signature(self.db_path), self._maybe_reload,
                        lambda _exc: self.reload())

    def _maybe_reload(self, sig: tuple[float, int]) -> None:
        if sig != self._signature:
            self.reload()

    def _failed(self, exc: Exception) -> None:
        # keep showing the last good content: visitors never see an error
        self.error = str(exc)
        log.error("content could not be read: %s", exc)

    def _apply(self, result: Snapshot) -> None:
        self.error = None
        old, self.snapshot = self.snapshot, result
        # drafts, audit lines and settings also touch the file: pages rebuild only when what
        # visitors see changed (or the recordings arrived after the first, lighter read)
        if result != old or (result.recordings and not old.recordings):
            self.changed.emit(result)

    def set_snapshot(self, snap: Snapshot) -> None:
        """Show a given snapshot (admin preview) without touching the database."""
        self.snapshot = snap
        self.changed.emit(snap)
