"""A canonical dump of the content tables: equal dumps mean visitors see the same content."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from kiosk.content import record

# the exhibits, each list of their record (a child table of that name), and the rest
CONTENT_TABLES = ("exhibits", *(f.name for f in record.item_fields()), "recordings",
                  "showroom_texts", "showroom_sections")
# bookkeeping that differs between two databases holding the same content
_SKIP_COLUMNS = {"id", "updated_at"}


def content_dump(db: Database, *, include_deleted: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every content row without ids and timestamps, sorted; optionally without deleted exhibits."""
    deleted = set()
    if not include_deleted:
        deleted = {r[0] for r in db.execute(
            "SELECT slug FROM exhibits WHERE deleted_at IS NOT NULL").fetchall()}
    out: dict[str, list[tuple[Any, ...]]] = {}
    for table in CONTENT_TABLES:
        cols = [c.name for c in db[table].columns if c.name not in _SKIP_COLUMNS]
        owner = "slug" if table == "exhibits" else "exhibit" if "exhibit" in cols else None
        rows = []
        for row in db.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall():
            rec = dict(zip(cols, row, strict=False))
            if owner and rec[owner] in deleted:
                continue
            rows.append(tuple(rec.items()))
        out[table] = sorted(rows, key=repr)
    return out
