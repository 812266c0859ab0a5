"""The audit log: every curator action with its time, kept in SQLite, newest first.

Writes join the caller's transaction when there is one, so an action and its audit entry
are committed (or rolled back) together.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlite_utils import Database

# Actions recorded (the admin screen translates them for display)
ACTIONS = (
    "admin_enter", "admin_exit", "pin_failed", "pin_locked", "pin_change",
    "create", "edit", "discard_draft", "publish", "unpublish", "delete", "restore", "reorder",
    "image_import", "import", "import_refused", "export", "narrate", "narration_import",
    "message_save", "message_delete",
)
# Typing in the editor saves a draft on every change; one "edit" line per exhibit and sitting
# is what a curator wants to read, so repeated edits within this window update that line.
EDIT_COALESCE_S = 600


@dataclasses.dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str          # ISO-8601, UTC
    action: str
    target: str      # an exhibit slug, a file name, or ""
    detail: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def record(db: Database, action: str, *, target: str = "", detail: str = "",
           at: dt.datetime | None = None) -> None:
    """Append one entry. Never pass secrets (PINs) in ``detail``."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    stamp = (at or _now()).isoformat(timespec="seconds")
    if action == "edit":
        last = db.execute(
            "SELECT id, action, target, at FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        if last is not None and last[1] == "edit" and last[2] == target:
            try:
                age = (at or _now()) - dt.datetime.fromisoformat(last[3])
            except ValueError:
                age = dt.timedelta.max
            if age.total_seconds() < EDIT_COALESCE_S:
                db.execute("UPDATE audit SET at = ?, detail = ? WHERE id = ?",
                           [stamp, detail, last[0]])
                return
    db.execute("INSERT INTO audit (at, action, target, detail) VALUES (?, ?, ?, ?)",
               [stamp, action, target, detail])


def audit_entries(db: Database, *, limit: int = 200, offset: int = 0,
                  action: str | None = None) -> list[AuditEntry]:
    """The newest ``limit`` entries (optionally of one action), newest first."""
    where, params = ("WHERE action = ?", [action]) if action else ("", [])
    rows = db.execute(
        f"SELECT id, at, action, target, detail FROM audit {where} "
        "ORDER BY id DESC LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    return [AuditEntry(r[0], r[1], r[2], r[3] or "", r[4] or "") for r in rows]
