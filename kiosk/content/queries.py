"""The read side of the content database, on plain ``sqlite3``.

Visitors only read, and the kiosk must paint its first page fast: this module imports no
sqlite-utils (which pulls in numpy and more). Writes and migrations live in ``store``.
Every function takes a ``sqlite3.Connection`` or a sqlite-utils ``Database``.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import typing
from pathlib import Path
from typing import Any

from kiosk.content import engagement, messages, record
from kiosk.content.messages import Message
from kiosk.content.record import (  # noqa: F401  (re-exported: the read side's names)
    LANGS,
    TEXT_FIELDS,
    Chart,
    Exhibit,
    Media,
    Spec,
    Text,
)

# the names of kiosk.content.schema's migrations, in order (a test keeps the two equal)
KNOWN_MIGRATIONS = ("m001_initial", "m002_drafts_audit", "m003_sound_video",
                    "m004_engagement")
MIGRATION_SET = "kiosk"


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class Recording:
    name: str
    recorded_on: str
    data: str


@dataclasses.dataclass(frozen=True)
class Section:
    key: str
    title: Text
    body: Text


Conn = Any  # sqlite3.Connection or sqlite_utils.Database


def _conn(db: Conn) -> sqlite3.Connection:
    return typing.cast(sqlite3.Connection, getattr(db, "conn", db))


def rows(db: Conn, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[dict[str, Any]]:
    cur = _conn(db).execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=False)) for r in cur.fetchall()]


def _text(row: dict[str, Any], field: str) -> Text:
    return Text(row.get(f"{field}_zh") or "", row.get(f"{field}_en") or "")


def media_dir_for(db_path: Path) -> Path:
    """Media live beside the database, content-addressed: ``<db dir>/media/``."""
    return Path(db_path).resolve().parent / "media"


def applied_migrations(db: Conn) -> list[str]:
    conn = _conn(db)
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='_sqlite_migrations'").fetchone()
    if not exists:
        return []
    return [r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET])]


def schema_status(db: Conn) -> tuple[list[str], list[str]]:
    """(unknown migrations: made by a newer kiosk, pending migrations: to apply)."""
    applied = applied_migrations(db)
    return ([n for n in applied if n not in KNOWN_MIGRATIONS],
            [n for n in KNOWN_MIGRATIONS if n not in applied])


def newer_schema_error(where: object, unknown: list[str]) -> StoreError:
    return StoreError(
        f"{where}: the database schema is newer than this kiosk (unknown migrations: "
        f"{', '.join(unknown)}); install the newer kiosk version or restore an older backup")


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection for the visitor pages; refuses a schema it does not know."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no such database")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if not isinstance(exc, sqlite3.OperationalError):  # garbage, not a read-only disk
            conn.close()
            raise StoreError(f"{path}: not a usable SQLite database ({exc})") from exc
        # a WAL database on a read-only disk cannot be opened mode=ro (no -shm can be made);
        # immutable is safe there because nothing can write to that disk
        conn.close()
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                               check_same_thread=False)
    try:
        unknown, pending = schema_status(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: not a usable SQLite database ({exc})") from exc
    if unknown:
        conn.close()
        raise newer_schema_error(path, unknown)
    if pending:
        conn.close()
        raise StoreError(f"{path}: the database needs an upgrade ({', '.join(pending)}); "
                         "start the kiosk with a writable data dir once")
    return conn


def get_setting(db: Conn, key: str, default: Any = None) -> Any:
    row = _conn(db).execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return default if row is None else json.loads(row[0])


def _exhibit_from_row(db: Conn, row: dict[str, Any]) -> Exhibit:
    children = {f.name: rows(db, f"SELECT * FROM {f.name} WHERE exhibit = ? ORDER BY position",
                             [row["slug"]])
                for f in record.item_fields()}
    return record.from_rows(row, children)


def read_exhibit(db: Conn, slug: str) -> Exhibit | None:
    """The published record of ``slug`` as stored, hidden or deleted alike (None if never)."""
    found = rows(db, "SELECT * FROM exhibits WHERE slug = ?", [slug])
    return _exhibit_from_row(db, found[0]) if found else None


def list_exhibits(db: Conn, *, include_hidden: bool = False) -> list[Exhibit]:
    """Exhibits in display order; visitors get only published, undeleted ones."""
    where = "deleted_at IS NULL" + ("" if include_hidden else " AND published = 1")
    return [_exhibit_from_row(db, r)
            for r in rows(db, f"SELECT * FROM exhibits WHERE {where} ORDER BY position, slug")]


def get_exhibit(db: Conn, slug: str, *, include_hidden: bool = False) -> Exhibit | None:
    found = rows(db, "SELECT * FROM exhibits WHERE slug = ? AND deleted_at IS NULL", [slug])
    if not found or (not include_hidden and not found[0]["published"]):
        return None
    return _exhibit_from_row(db, found[0])


def recordings_for(db: Conn, slug: str) -> list[Recording]:
    return [Recording(r["name"], r["recorded_on"], r["data"]) for r in rows(
        db, "SELECT * FROM recordings WHERE exhibit = ? ORDER BY recorded_on DESC, name", [slug])]


def showroom_texts(db: Conn) -> dict[str, Text]:
    return {r["key"]: Text(r["zh"], r["en"]) for r in rows(db, "SELECT * FROM showroom_texts")}


def showroom_sections(db: Conn) -> list[Section]:
    return [Section(r["key"], _text(r, "title"), _text(r, "body"))
            for r in rows(db, "SELECT * FROM showroom_sections ORDER BY position")]


def showroom_meta(db: Conn, key: str) -> str | None:
    """The JSON of the contact card (``contact``) or the apply link (``apply``)."""
    row = _conn(db).execute("SELECT value FROM showroom_meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def showroom_contact(db: Conn) -> engagement.Contact | None:
    return engagement.contact_from_json(showroom_meta(db, "contact"))


def showroom_apply(db: Conn) -> engagement.Apply | None:
    return engagement.apply_from_json(showroom_meta(db, "apply"))


def scheduled_messages(db: Conn) -> list[Message]:
    """Every scheduled message, past ones too (the admin screen lists them)."""
    return [messages.from_row(r) for r in rows(db, "SELECT * FROM messages ORDER BY starts_at, id")]


def search(db: Conn, query: str, *, include_hidden: bool = True) -> list[str]:
    """Slugs of exhibits whose texts (zh or en) contain ``query``."""
    q = query.strip()
    if not q:
        return [e.slug for e in list_exhibits(db, include_hidden=include_hidden)]
    hidden = "" if include_hidden else " AND published = 1"
    conn = _conn(db)
    if len(q) >= 3:  # the trigram tokenizer needs three characters
        phrase = '"' + q.replace('"', '""') + '"'
        sql = ("SELECT slug FROM exhibits WHERE rowid IN "
               "(SELECT rowid FROM exhibits_fts WHERE exhibits_fts MATCH ?) "
               f"AND deleted_at IS NULL{hidden} ORDER BY position")
        return [r[0] for r in conn.execute(sql, [phrase]).fetchall()]
    like = f"%{q}%"
    cols = " OR ".join(f"{f}_{lang} LIKE ?" for f in TEXT_FIELDS for lang in LANGS)
    sql = (f"SELECT slug FROM exhibits WHERE ({cols}) AND deleted_at IS NULL{hidden} "
           "ORDER BY position")
    return [r[0] for r in conn.execute(sql, [like] * (len(TEXT_FIELDS) * len(LANGS))).fetchall()]


def content_counts(db: Conn) -> dict[str, int]:
    """How many published exhibits have each language complete (title, summary, body)."""
    conn = _conn(db)
    out = {}
    for lang in LANGS:
        out[lang] = conn.execute(
            "SELECT count(*) FROM exhibits WHERE deleted_at IS NULL AND published = 1"
            + "".join(f" AND {f}_{lang} != ''" for f in TEXT_FIELDS)).fetchone()[0]
    out["total"] = conn.execute(
        "SELECT count(*) FROM exhibits WHERE deleted_at IS NULL AND published = 1").fetchone()[0]
    return out
