"""At start: check the database, and repair it without asking anybody.

A corrupt, truncated or unreadable database is moved aside (kept for the curious) and the
newest backup that passes ``quick_check`` is restored; with no good backup the database is
rebuilt from the bundled content. On a read-only data dir nothing can be repaired, but the
visitor pages can still show the last content, read-only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content import queries
from kiosk.ops import backup

if TYPE_CHECKING:
    from sqlite_utils import Database

# sqlite-utils, the seeder and Pillow load only when a repair or upgrade needs them: the
# healthy path must not delay the first paint

log = logging.getLogger("kiosk.heal")


@dataclasses.dataclass
class HealReport:
    """What ``check_and_heal`` found and did; ``action`` is one of ACTIONS."""

    db_path: Path
    action: str = "ok"
    problem: str | None = None
    writable: bool = True
    moved_to: list[Path] = dataclasses.field(default_factory=list)
    restored_from: Path | None = None
    messages: list[str] = dataclasses.field(default_factory=list)

    ACTIONS = ("ok", "created", "restored", "rebuilt", "readonly", "failed")

    @property
    def usable(self) -> bool:
        """Can the visitor pages open the database now?"""
        return self.action in ("ok", "created", "restored", "rebuilt", "readonly")

    def say(self, level: int, message: str) -> None:
        self.messages.append(message)
        log.log(level, "%s", message)


def dir_writable(folder: Path) -> bool:
    """Really try: root ignores permission bits, and a read-only mount or a full disk does not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".kiosk-probe-") as f:
            f.write(b"x")
            f.flush()
            os.fsync(f.fileno())
        return True
    except OSError:
        return False


def _schema_problem(path: Path, *, writable_dir: bool) -> str | None:
    """A database made by a newer kiosk, or one without our tables, is not usable either."""
    mode = "mode=ro" if writable_dir else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    try:
        unknown, _pending = queries.schema_status(conn)
        if unknown:
            return str(queries.newer_schema_error(path, unknown))
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'exhibits'").fetchone():
            return "no exhibits table (not a kiosk database)"
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()
    return None


def problem_with(path: Path, *, writable_dir: bool = True) -> str | None:
    """None when ``path`` is a healthy kiosk database, else why not."""
    return (backup.quick_check(path, writable_dir=writable_dir)
            or _schema_problem(path, writable_dir=writable_dir))


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def move_aside(db_path: Path) -> list[Path]:
    """Rename the database and its -wal/-shm to ``kiosk.db.corrupt-<time>[-wal|-shm]``."""
    base = db_path.with_name(f"{db_path.name}.corrupt-{_stamp()}")
    n = 2
    while base.exists():
        base = db_path.with_name(f"{db_path.name}.corrupt-{_stamp()}-{n}")
        n += 1
    moved = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        src = Path(f"{db_path}{suffix}")
        if src.exists():
            dst = Path(f"{base}{suffix}")
            os.replace(src, dst)
            moved.append(dst)
    return moved


def restore_newest_good(db_path: Path, report: HealReport) -> bool:
    for b in backup.list_backups(db_path):
        why = problem_with(b.path)
        if why:
            report.say(logging.WARNING, f"backup {b.path.name} is not usable ({why}); skipped")
            continue
        backup.copy_database(b.path, db_path)
        report.restored_from = b.path
        return True
    return False


def check_and_heal(db_path: Path, content_dir: Path) -> HealReport:
    """Check ``db_path`` and repair it if needed; never raises for a bad database or disk."""
    db_path = Path(db_path)
    report = HealReport(db_path=db_path)
    report.writable = dir_writable(db_path.parent)
    exists = db_path.exists() or Path(f"{db_path}-wal").exists()
    problem = problem_with(db_path, writable_dir=report.writable) if exists else "missing"
    report.problem = problem
    if problem is None:
        if report.writable:
            _upgrade_if_needed(db_path, report)
        if not report.writable:
            report.action = "readonly"
            report.say(logging.ERROR,
                       f"the data dir {db_path.parent} is not writable (read-only disk, "
                       "permissions or disk full): visitors see the last content, curator "
                       "edits and backups will fail")
        return report
    if not report.writable:
        report.action = "failed"
        report.say(logging.CRITICAL,
                   f"{db_path}: {problem}, and the data dir {db_path.parent} is not writable, "
                   "so it cannot be repaired; free space or fix the disk, then restart")
        return report
    try:
        if problem != "missing" or _orphans(db_path):
            # an old -wal beside a new database could be replayed into it: move it aside too
            report.moved_to = move_aside(db_path)
            report.say(logging.ERROR, f"{db_path}: {problem}; moved aside to "
                                      f"{report.moved_to[0].name if report.moved_to else '?'}")
        if restore_newest_good(db_path, report):
            report.action = "restored"
            report.say(logging.WARNING,
                       f"{db_path}: restored from the backup {report.restored_from}")
            return report
        from kiosk.content.seed import seed
        seed(db_path, content_dir, force=True)
    except Exception as exc:
        if not isinstance(exc, _repair_errors()):
            raise
        report.action = "failed"
        report.say(logging.CRITICAL, f"{db_path}: could not be repaired ({exc})")
        return report
    report.action = "created" if problem == "missing" and not report.moved_to else "rebuilt"
    report.say(logging.WARNING if report.action == "rebuilt" else logging.INFO,
               f"{db_path}: {'built' if report.action == 'created' else 'rebuilt'} from the "
               f"bundled content {content_dir}"
               + ("" if report.action == "created" else " (no usable backup)"))
    return report


def _orphans(db_path: Path) -> list[Path]:
    return [p for p in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), Path(f"{db_path}-journal"))
            if p.exists()]


def _repair_errors() -> tuple[type[BaseException], ...]:
    """What a failed repair may raise (imported late: see the note at the top)."""
    from kiosk.content.loader import ContentError
    from kiosk.content.seed import SeedRefused
    return (ContentError, SeedRefused, queries.StoreError, backup.BackupError, OSError,
            sqlite3.Error)


def _upgrade_if_needed(db_path: Path, report: HealReport) -> None:
    """Apply pending migrations (after a kiosk upgrade) before the visitor pages read."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _unknown, pending = queries.schema_status(conn)
    finally:
        conn.close()
    if not pending:
        return
    from kiosk.content import store
    try:
        store.open_db(db_path).close()
        report.say(logging.INFO, f"{db_path}: schema upgraded ({', '.join(pending)})")
    except (queries.StoreError, sqlite3.Error) as exc:
        report.say(logging.ERROR, f"{db_path}: schema upgrade failed ({exc})")


def open_for_visitors(db_path: Path) -> Database:
    """Open the database for the visitor pages, read-only when its dir cannot be written.

    Not ``store.open_db(readonly=True)``: it uses ``mode=ro``, which SQLite refuses for a WAL
    database on a read-only disk (it cannot make the -shm). ``immutable=1`` reads it there,
    and is safe because nothing can write to that disk (and we hold the instance lock).
    Raises ``store.StoreError`` when nothing can be opened.
    """
    from sqlite_utils import Database

    from kiosk.content import store
    db_path = Path(db_path)
    if dir_writable(db_path.parent):
        return store.open_db(db_path)
    log.error("%s: opening read-only: the data dir is not writable", db_path)
    if not db_path.is_file():
        raise store.StoreError(f"{db_path}: no such database")
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                           check_same_thread=False)
    db = Database(conn)
    try:
        store.check_schema(db)
    except (store.StoreError, sqlite3.Error) as exc:
        conn.close()
        raise store.StoreError(f"{db_path}: cannot be read ({exc})") from exc
    return db
