"""Database backups with the SQLite online backup API, kept in ``<db dir>/backups/``.

A backup is written to a temporary name and renamed, so a crash never leaves a half backup
that looks complete. Only the newest ``keep`` backups are kept.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import tempfile
from pathlib import Path

NAME_RE = re.compile(r"^kiosk-\d{8}T\d{6}\.\d{6}Z-[a-z0-9-]+\.db$")


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def list_backups(db_path: Path) -> list[Path]:
    """Backups, oldest first (names sort by time)."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if NAME_RE.match(p.name))


def backup_db(db_path: Path, reason: str, *, keep: int = 7) -> Path:
    """Copy the live database (consistent even while it is written) and prune old copies."""
    db_path = Path(db_path)
    if not db_path.is_file():
        raise FileNotFoundError(f"{db_path}: no database to back up")
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    tag = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    target = folder / f"kiosk-{stamp}-{tag}.db"
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".db")
    os.close(fd)
    tmp = Path(tmp_name)
    src = sqlite3.connect(db_path)  # read-write handle: a read-only one cannot join WAL reliably
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        finally:
            dst.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    for old in list_backups(db_path)[:-max(1, keep)]:
        old.unlink(missing_ok=True)
    return target
