"""Database backups through the SQLite backup API, named by time and kept to the last N.

``<db dir>/backups/kiosk-YYYYmmdd-HHMMSS[-reason].db``. A backup is written to a temporary
name, checked, and only then renamed into place, so a full disk never leaves a half backup that
a later restore could pick.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import re
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("kiosk.backup")

DAY_S = 24 * 3600
NAME_RE = re.compile(r"^kiosk-(\d{8}-\d{6})(?:-([a-z0-9][a-z0-9-]*))?\.db$")
_STAMP = "%Y%m%d-%H%M%S"


class BackupError(Exception):
    """A backup could not be made; the message says why (disk full, read-only, bad source)."""


@dataclasses.dataclass(frozen=True)
class BackupFile:
    path: Path
    taken: dt.datetime      # local time, from the name (copying a folder changes mtimes)
    reason: str

    def age_s(self, now: dt.datetime | None = None) -> float:
        return ((now or dt.datetime.now()) - self.taken).total_seconds()


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def list_backups(db_path: Path) -> list[BackupFile]:
    """Backups of ``db_path``, newest first."""
    folder = backups_dir(db_path)
    out = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for p in entries:
        m = NAME_RE.match(p.name)
        if not m or not p.is_file():
            continue
        taken = dt.datetime.strptime(m.group(1), _STAMP)
        out.append(BackupFile(p, taken, m.group(2) or ""))
    # the name gives the second; within one second the file's write time orders them
    out.sort(key=lambda b: (b.taken, _mtime_ns(b.path)), reverse=True)
    return out


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _slug(reason: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", reason.lower()).strip("-")
    return s[:40]


def _free_name(folder: Path, stamp: str, reason: str) -> Path:
    base = f"kiosk-{stamp}" + (f"-{reason}" if reason else "")
    path = folder / f"{base}.db"
    n = 2
    while path.exists():  # two backups in one second (an import right after the daily one)
        path = folder / f"{base}-{n}.db"
        n += 1
    return path


def quick_check(path: Path, *, writable_dir: bool = True) -> str | None:
    """None when ``PRAGMA quick_check`` passes on ``path``, else the problem in words.

    Read-only, but it reads the -wal (a crash may leave committed pages only there). On a
    read-only disk the -shm cannot be made, so it falls back to ``immutable``, which ignores
    the -wal: still right there, since nothing could have written to that disk.
    """
    path = Path(path)
    if not path.is_file():
        return "missing"
    if path.stat().st_size == 0:
        return "empty file"
    try:
        mode = "mode=ro" if writable_dir else "mode=ro&immutable=1"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    except sqlite3.Error as exc:
        return f"cannot be opened ({exc})"
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()
    result = "; ".join(str(r[0]) for r in rows[:5])
    if result != "ok":
        return result
    if not tables[0]:
        return "no tables"
    return None


def copy_database(src_path: Path, dst_path: Path) -> None:
    """Copy a live database into ``dst_path`` via the backup API, atomically, self-contained."""
    tmp = dst_path.with_name(dst_path.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(str(src_path))
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst)
            # one file, no -wal beside it: a backup must be a thing one can copy on a USB stick
            dst.execute("PRAGMA journal_mode=DELETE")
            ok = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
        if ok != "ok":
            raise BackupError(f"{src_path}: the copy fails quick_check ({ok})")
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dst_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()


def backup_db(db_path: Path, *, reason: str = "", keep: int = 7,
              now: dt.datetime | None = None) -> Path:
    """Back ``db_path`` up now (before an import: ``reason="import"``); prune to ``keep``."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise BackupError(f"{db_path}: no database to back up")
    folder = backups_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = (now or dt.datetime.now()).strftime(_STAMP)
        target = _free_name(folder, stamp, _slug(reason))
        copy_database(db_path, target)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"{db_path}: backup into {folder} failed ({exc})") from exc
    log.info("backup written: %s", target)
    prune(db_path, keep=keep)
    return target


def prune(db_path: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups; return what was deleted."""
    removed = []
    for b in list_backups(db_path)[max(1, keep):]:
        try:
            b.path.unlink()
            removed.append(b.path)
        except OSError as exc:
            log.warning("could not delete the old backup %s: %s", b.path, exc)
    return removed


def ensure_daily_backup(db_path: Path, *, keep: int = 7,
                        now: dt.datetime | None = None) -> Path | None:
    """Make a backup if the newest is older than 24 h (or there is none); else None."""
    backups = list_backups(db_path)
    if backups and backups[0].age_s(now) < DAY_S:
        return None
    return backup_db(db_path, reason="daily", keep=keep, now=now)


class DailyBackups:
    """A daemon thread that calls ``ensure_daily_backup`` every hour (kiosks run for months)."""

    def __init__(self, db_path: Path, *, keep: int, every_s: float = 3600.0) -> None:
        self.db_path = Path(db_path)
        self.keep = keep
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiosk-daily-backup", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                ensure_daily_backup(self.db_path, keep=self.keep)
            except BackupError as exc:
                log.error("daily backup failed: %s", exc)
