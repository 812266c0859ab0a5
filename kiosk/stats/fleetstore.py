"""The author's store of every kiosk's hourly aggregates: ``fleet/fleet-stats.db``.

Its own SQLite file beside the author's database (in ``fleet/``), WAL, schema by
``sqlite_utils.Migrations`` (migration set "fleet_stats"). One row per site, kiosk and hour,
written by upsert: a repeated message replaces its row and never counts twice. Reports for one
kiosk or a whole showroom come from :func:`kiosk.stats.hourly.report_from_hours`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.stats.hourly import HourAggregate, report_from_hours
from kiosk.stats.report import Report, _bounds
from kiosk.stats.store import move_aside

FILE_NAME = "fleet-stats.db"
migrations = Migrations("fleet_stats")
_JSON = ("lengths", "exhibit_visits", "exhibit_s", "languages", "counts")


@migrations()
def m001_hours(db: Database) -> None:
    db.table("hours").create(
        {"site": str, "kiosk": str, "hour": int, "visits": int, "visit_s": float,
         "median_visit_s": float, "lengths": str, "exhibit_visits": str, "exhibit_s": str,
         "languages": str, "counts": str, "received": float},
        pk=("site", "kiosk", "hour"), not_null={"site", "kiosk", "hour", "visits"})
    db.table("hours").create_index(["site", "hour"])
    db.table("kiosks").create({"site": str, "kiosk": str, "name": str, "last_received": float},
                              pk=("site", "kiosk"))


def fleet_stats_path(data_dir: Path) -> Path:
    """Beside the author's other fleet files: ``<data dir>/fleet/fleet-stats.db``."""
    return Path(data_dir) / "fleet" / FILE_NAME


_CHECKED: set[Path] = set()  # files found sound once in this process: not checked again


def recheck(path: Path) -> None:
    """Check ``path`` again at its next opening (an operation on it found it damaged)."""
    _CHECKED.discard(Path(path).resolve())


def open_fleet_stats(path: Path, *, readonly: bool = False,
                     on_moved_aside: Callable[[str], None] | None = None) -> Database:
    """The author's fleet statistics. A damaged file (``quick_check``, checked once per
    process, or not a database at all) is moved aside and started afresh, and
    ``on_moved_aside(why)`` is told, so the author can ask the kiosks for everything again; a
    busy or unreadable file (``OperationalError``) is an error, never a reason to move it."""
    path = Path(path)
    if readonly:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                               check_same_thread=False)
        return Database(conn)
    try:
        return _open_checked(path, on_moved_aside)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError:
        if path.resolve() not in _CHECKED:
            raise
        _CHECKED.discard(path.resolve())  # damaged since it was checked: check it now
        return _open_checked(path, on_moved_aside)


def _open_checked(path: Path, on_moved_aside: Callable[[str], None] | None) -> Database:
    why = ""
    if path.exists() and path.resolve() not in _CHECKED:
        try:
            probe = sqlite3.connect(str(path))
            try:
                ok = probe.execute("PRAGMA quick_check").fetchone()
            finally:
                probe.close()
            if not ok or ok[0] != "ok":
                why = f"quick_check: {ok[0] if ok else '?'}"
        except sqlite3.OperationalError:
            raise  # locked, no permission, disk trouble: nothing says the file is bad
        except sqlite3.DatabaseError as exc:  # "file is not a database", malformed
            why = str(exc)
        if why:
            move_aside(path, why)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA busy_timeout=5000")
        db = Database(conn)
        migrations.apply(db)
    except BaseException:
        conn.close()
        raise
    _CHECKED.add(path.resolve())
    if why and on_moved_aside is not None:
        on_moved_aside(why)
    return db


def store_hours(db: Database, site: str, kiosk: str, hours: Iterable[HourAggregate], *,
                name: str = "", now: float) -> int:
    """Upsert aggregates keyed by (site, kiosk, hour) in one transaction; how many."""
    rows = []
    for a in hours:
        row: dict[str, Any] = {"site": site, "kiosk": kiosk, "received": now,
                               **dataclasses.asdict(a)}
        for k in _JSON:
            row[k] = json.dumps(row[k], ensure_ascii=False, sort_keys=True)
        rows.append(row)
    with db.conn:
        db.table("hours").upsert_all(rows, pk=("site", "kiosk", "hour"))
        known = {"site": site, "kiosk": kiosk, "last_received": now}
        if name:
            known["name"] = name
        db.table("kiosks").upsert(known, pk=("site", "kiosk"))
    return len(rows)


def latest_hour(db: Database, site: str, kiosk: str) -> int:
    """The newest hour stored for a kiosk (0 when none): what the author acknowledges."""
    row = db.conn.execute("SELECT MAX(hour) FROM hours WHERE site = ? AND kiosk = ?",
                          [site, kiosk]).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def has_hour(db: Database, site: str, kiosk: str, hour: int) -> bool:
    return db.conn.execute("SELECT 1 FROM hours WHERE site = ? AND kiosk = ? AND hour = ?",
                           [site, kiosk, hour]).fetchone() is not None


@dataclasses.dataclass(frozen=True)
class KnownKiosk:
    site: str
    kiosk: str
    name: str
    last_received: float

    @property
    def key(self) -> str:
        return f"{self.site}/{self.kiosk}"

    @property
    def label(self) -> str:
        return self.name or self.kiosk


def kiosks(db: Database, site: str | None = None) -> list[KnownKiosk]:
    sql = "SELECT site, kiosk, COALESCE(name, ''), COALESCE(last_received, 0) FROM kiosks"
    args: list[Any] = []
    if site is not None:
        sql += " WHERE site = ?"
        args.append(site)
    return [KnownKiosk(str(s), str(k), str(n), float(t))
            for s, k, n, t in db.conn.execute(sql + " ORDER BY site, kiosk", args)]


def _aggregate(row: sqlite3.Row | tuple[Any, ...], cols: list[str]) -> HourAggregate:
    d = dict(zip(cols, row, strict=True))
    lengths = {int(k): int(v) for k, v in json.loads(d["lengths"]).items()}
    return HourAggregate(hour=int(d["hour"]), visits=int(d["visits"]),
                         visit_s=float(d["visit_s"]), median_visit_s=float(d["median_visit_s"]),
                         lengths=lengths, exhibit_visits=json.loads(d["exhibit_visits"]),
                         exhibit_s=json.loads(d["exhibit_s"]),
                         languages=json.loads(d["languages"]), counts=json.loads(d["counts"]))


def hours(db: Database, *, lo: float = 0, hi: float = float("inf"), site: str | None = None,
          kiosk: str | None = None) -> list[HourAggregate]:
    cols = ["hour", "visits", "visit_s", "median_visit_s", *_JSON]
    sql = f"SELECT {', '.join(cols)} FROM hours WHERE hour >= ? AND hour < ?"
    args: list[Any] = [lo, hi if hi != float("inf") else 2**62]
    if site is not None:
        sql += " AND site = ?"
        args.append(site)
    if kiosk is not None:
        sql += " AND kiosk = ?"
        args.append(kiosk)
    return [_aggregate(r, cols) for r in db.conn.execute(sql + " ORDER BY hour", args)]


def fleet_report(db: Database, *, since: dt.date, until: dt.date, tz: str,
                 site: str | None = None, kiosk: str | None = None) -> Report:
    """The figures of one kiosk (``kiosk``) or of every kiosk of ``site`` (or of all)."""
    lo, hi = _bounds(since, until, ZoneInfo(tz))
    return report_from_hours(hours(db, lo=lo, hi=hi, site=site, kiosk=kiosk), since=since,
                             until=until, tz=tz)


def visits_by_kiosk(db: Database, *, since: dt.date, until: dt.date, tz: str,
                    site: str | None = None) -> list[tuple[str, int]]:
    """``site/kiosk`` and its visits in the range, most first (the showroom's breakdown)."""
    lo, hi = _bounds(since, until, ZoneInfo(tz))
    sql = ("SELECT site, kiosk, SUM(visits) FROM hours WHERE hour >= ? AND hour < ?"
           + (" AND site = ?" if site is not None else "") + " GROUP BY site, kiosk")
    args: list[Any] = [lo, hi] + ([site] if site is not None else [])
    rows = [(f"{s}/{k}", int(n)) for s, k, n in db.conn.execute(sql, args)]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def last_hour(db: Database, site: str | None = None) -> int:
    """The newest hour stored (of a site): the figures are complete up to its end."""
    sql = "SELECT MAX(hour) FROM hours" + (" WHERE site = ?" if site is not None else "")
    row = db.conn.execute(sql, [site] if site is not None else []).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def prune(db: Database, *, retention_days: int, now: float) -> int:
    with db.conn:
        cur = db.conn.execute("DELETE FROM hours WHERE hour < ?",
                              [now - retention_days * 86_400])
    return cur.rowcount
