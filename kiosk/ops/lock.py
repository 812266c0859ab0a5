"""One kiosk per database: an OS file lock on ``kiosk.lock`` beside the database.

The lock is released by the operating system when the process dies, however it dies, so a
``kill -9`` or a power cut never leaves a stale lock behind. The file's text says who holds it;
a clean exit empties it, so text found at start-up means the previous run did not end cleanly.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import IO

LOCK_NAME = "kiosk.lock"
# Windows locks are mandatory (others cannot even read a locked byte), so lock one byte far
# past the text instead of the text itself.
_WIN_LOCK_OFFSET = 1 << 20


def lock_path_for(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / LOCK_NAME


def _try_lock(f: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt
        f.seek(_WIN_LOCK_OFFSET)
        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        f.seek(0)
        return True
    import fcntl
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(f: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt
        f.seek(_WIN_LOCK_OFFSET)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)


class Lock:
    """A held lock; ``previous`` is what the last holder left (empty after a clean exit)."""

    def __init__(self, path: Path, f: IO[str], previous: str) -> None:
        self.path = path
        self.previous = previous
        self._f: IO[str] | None = f

    @property
    def previous_run_crashed(self) -> bool:
        return bool(self.previous.strip())

    def release(self) -> None:
        """Empty the file (a clean exit) and unlock it."""
        f, self._f = self._f, None
        if f is None:
            return
        try:
            f.seek(0)
            f.truncate()
            f.flush()
        except OSError:
            pass  # read-only or full disk: the next start just reports a crash that wasn't
        try:
            _unlock(f)
        finally:
            f.close()

    def __enter__(self) -> Lock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire(path: Path) -> Lock | None:
    """Take the lock at ``path``; None when another process holds it. OSError if unusable."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # a+: never truncates what the holder wrote; no `with`: the open file is the lock we hold
    f = open(path, "a+", encoding="utf-8")  # noqa: SIM115
    try:
        if not _try_lock(f):
            f.close()
            return None
        f.seek(0)
        previous = f.read(4096) if sys.platform != "win32" else _read_head(f)
        f.seek(0)
        f.truncate()
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        f.write(f"pid={os.getpid()} started={started}\n")
        f.flush()
    except BaseException:
        f.close()
        raise
    return Lock(path, f, previous)


def _read_head(f: IO[str]) -> str:
    f.seek(0)
    return f.read(4096).split("\0", 1)[0]


def holder(path: Path) -> str:
    """The text the current holder wrote (``pid=… started=…``), or '' if unknown."""
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace").split("\0", 1)[0].strip()
    except OSError:
        return ""
