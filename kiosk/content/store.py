"""Open the content database for writing: schema migrations, pragmas, settings.

Reading lives in ``kiosk.content.queries`` (plain sqlite3, fast to import); its names are
re-exported here so writers need one import.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk.content import record
from kiosk.content.queries import (  # noqa: F401  (re-exported)
    Chart,
    Exhibit,
    Media,
    Recording,
    Section,
    Spec,
    StoreError,
    Text,
    content_counts,
    get_exhibit,
    get_setting,
    list_exhibits,
    media_dir_for,
    newer_schema_error,
    open_readonly,
    read_exhibit,
    recordings_for,
    schema_status,
    search,
    showroom_sections,
    showroom_texts,
)
from kiosk.content.schema import migrations


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")


def check_schema(db: Database) -> None:
    """Refuse a database made by a newer kiosk: its tables may mean things we don't know."""
    unknown, _pending = schema_status(db)
    if unknown:
        raise newer_schema_error(db.conn.execute("PRAGMA database_list").fetchone()[2], unknown)


def open_db(path: Path, *, migrate: bool = True, readonly: bool = False) -> Database:
    """Open (and by default create or upgrade) the content database at ``path``."""
    path = Path(path)
    if readonly:
        return Database(open_readonly(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False)
    try:
        _configure(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()  # a garbage file: nothing of it stays open
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from exc
    db = Database(conn)
    try:
        check_schema(db)
        if migrate:
            migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from exc
    except StoreError:
        conn.close()
        raise
    return db


@contextmanager
def opened(path: Path, **kwargs: Any) -> Iterator[Database]:
    db = open_db(path, **kwargs)
    try:
        yield db
    finally:
        db.close()


def set_setting(db: Database, key: str, value: Any) -> None:
    db.table("settings").upsert({"key": key, "value": json.dumps(value, ensure_ascii=False)},
                                pk="key")


def write_exhibit(db: Database, ex: Exhibit, *, updated_at: str) -> None:
    """Replace the stored rows of ``ex.slug`` (the exhibit and its child tables) with ``ex``.

    The exhibit is left undeleted; the caller holds the transaction.
    """
    tables = [f.name for f in record.item_fields()]
    for table in tables:
        db.execute(f"DELETE FROM {table} WHERE exhibit = ?", [ex.slug])
    row = {**record.exhibit_row(ex), "deleted_at": None, "updated_at": updated_at}
    db.table("exhibits").upsert(row, pk="slug")
    for table, rows in record.child_rows(ex).items():
        db.table(table).insert_all(rows, pk="id")
