"""The statistics file, ``stats.db`` beside the content database.

Its own file, so that a damaged or huge statistics file never touches the content: a corrupt
one is moved aside (``stats.db.corrupt-<time>``) and a fresh one started. WAL, schema by
``sqlite_utils.Migrations`` (migration set "stats").
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

log = logging.getLogger(__name__)
FILE_NAME = "stats.db"
migrations = Migrations("stats")


@migrations()
def m001_events(db: Database) -> None:
    events = db.table("events")
    events.create(
        {"id": int, "at": float, "visit": int, "kind": str, "target": str, "value": float},
        pk="id", not_null={"at", "visit", "kind"}, defaults={"target": "", "value": 0.0})
    # visit starts are found by time, everything else by visit (pruning scans, once a day)
    events.create_index(["kind", "at"])
    events.create_index(["visit"])


def stats_path_for(db_path: Path) -> Path:
    """The statistics file lives beside the content database."""
    return Path(db_path).resolve().parent / FILE_NAME


def _usable(path: Path) -> str | None:
    """Why the file at ``path`` cannot be used (None when it can, or does not exist)."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(str(path))
        try:
            row = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if row and row[0] == "ok" else f"quick_check: {row[0] if row else '?'}"


def move_aside(path: Path, why: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        src = path.with_name(path.name + suffix)
        if src.exists():
            src.replace(target.with_name(target.name + suffix))
    log.warning("statistics file %s unusable (%s): moved to %s, starting afresh", path, why,
                target.name)
    return target


def open_stats(path: Path, *, readonly: bool = False) -> Database:
    """Open (create, upgrade, or replace when corrupt) the statistics file."""
    path = Path(path)
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               check_same_thread=False)
        return Database(conn)
    why = _usable(path)
    if why is not None:
        move_aside(path, why)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # a lost last second of statistics is fine
    conn.execute("PRAGMA busy_timeout=5000")
    db = Database(conn)
    migrations.apply(db)
    return db


def write_events(db: Database, rows: list[tuple[float, int, str, str, float]]) -> None:
    """Append a batch in one transaction."""
    with db.conn:
        db.conn.executemany(
            "INSERT INTO events (at, visit, kind, target, value) VALUES (?, ?, ?, ?, ?)", rows)


def prune(db: Database, *, retention_days: int, now: float) -> int:
    """Delete events older than ``retention_days``; returns how many went."""
    with db.conn:
        cur = db.conn.execute("DELETE FROM events WHERE at < ?",
                              [now - retention_days * 86_400])
    return cur.rowcount
