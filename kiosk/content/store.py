"""Open the content database and read what visitors see.

The store is the only place that knows table names; the UI gets plain dataclasses.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk.content.schema import LANGS, known_names, migrations


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


@dataclasses.dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclasses.dataclass(frozen=True)
class Spec:
    key: Text
    value: Text


@dataclasses.dataclass(frozen=True)
class Media:
    file: str          # sha256-named file in the media dir (display rendition)
    kind: str
    caption: Text
    width: int
    height: int
    sha256: str


@dataclasses.dataclass(frozen=True)
class Chart:
    title: Text
    spec: dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Recording:
    name: str
    recorded_on: str
    data: str


@dataclasses.dataclass(frozen=True)
class Exhibit:
    slug: str
    position: int
    category: str
    published: bool
    title: Text
    summary: Text
    body: Text
    specs: tuple[Spec, ...] = ()
    media: tuple[Media, ...] = ()
    charts: tuple[Chart, ...] = ()

    @property
    def hero(self) -> Media | None:
        return self.media[0] if self.media else None


@dataclasses.dataclass(frozen=True)
class Section:
    key: str
    title: Text
    body: Text


def _text(row: dict[str, Any], field: str) -> Text:
    return Text(row.get(f"{field}_zh") or "", row.get(f"{field}_en") or "")


def media_dir_for(db_path: Path) -> Path:
    """Media live beside the database, content-addressed: ``<db dir>/media/``."""
    return Path(db_path).resolve().parent / "media"


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=5000")


def check_schema(db: Database) -> None:
    """Refuse a database made by a newer kiosk: its tables may mean things we don't know."""
    applied = {m.name for m in migrations.applied(db)}
    unknown = sorted(applied - known_names())
    if unknown:
        raise StoreError(
            f"{db.conn.execute('PRAGMA database_list').fetchone()[2]}: the database schema is "
            f"newer than this kiosk (unknown migrations: {', '.join(unknown)}); "
            "install the newer kiosk version or restore an older backup")


def open_db(path: Path, *, migrate: bool = True, readonly: bool = False) -> Database:
    """Open (and by default create or upgrade) the content database at ``path``."""
    path = Path(path)
    if readonly:
        if not path.exists():
            raise StoreError(f"{path}: no such database")
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # a WAL database on a read-only disk cannot be opened mode=ro (no -shm can be made);
            # immutable is safe there because nothing can write to that disk
            conn.close()
            conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True,
                                   check_same_thread=False)
        conn.execute("PRAGMA foreign_keys=ON")
        db = Database(conn)
        check_schema(db)
        return db
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), check_same_thread=False)
        _configure(conn)
    except sqlite3.DatabaseError as exc:
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


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return default if row is None else json.loads(row[0])


def set_setting(db: Database, key: str, value: Any) -> None:
    db["settings"].upsert({"key": key, "value": json.dumps(value, ensure_ascii=False)}, pk="key")


def _exhibit_from_row(db: Database, row: dict[str, Any]) -> Exhibit:
    slug = row["slug"]
    specs = tuple(
        Spec(_text(r, "key"), _text(r, "value"))
        for r in db["specs"].rows_where("exhibit = ?", [slug], order_by="position"))
    media = tuple(
        Media(r["file"], r["kind"], _text(r, "caption"), r["width"], r["height"], r["sha256"])
        for r in db["media"].rows_where("exhibit = ?", [slug], order_by="position"))
    charts = tuple(
        Chart(_text(r, "title"), json.loads(r["spec"] or "{}"))
        for r in db["charts"].rows_where("exhibit = ?", [slug], order_by="position"))
    return Exhibit(
        slug=slug, position=row["position"], category=row["category"],
        published=bool(row["published"]), title=_text(row, "title"),
        summary=_text(row, "summary"), body=_text(row, "body"),
        specs=specs, media=media, charts=charts)


def list_exhibits(db: Database, *, include_hidden: bool = False) -> list[Exhibit]:
    """Exhibits in display order; visitors get only published, undeleted ones."""
    where = "deleted_at IS NULL" + ("" if include_hidden else " AND published = 1")
    return [_exhibit_from_row(db, r)
            for r in db["exhibits"].rows_where(where, order_by="position, slug")]


def get_exhibit(db: Database, slug: str, *, include_hidden: bool = False) -> Exhibit | None:
    rows = list(db["exhibits"].rows_where("slug = ? AND deleted_at IS NULL", [slug]))
    if not rows or (not include_hidden and not rows[0]["published"]):
        return None
    return _exhibit_from_row(db, rows[0])


def recordings_for(db: Database, slug: str) -> list[Recording]:
    return [Recording(r["name"], r["recorded_on"], r["data"])
            for r in db["recordings"].rows_where("exhibit = ?", [slug], order_by="recorded_on DESC, name")]


def showroom_texts(db: Database) -> dict[str, Text]:
    return {r["key"]: Text(r["zh"], r["en"]) for r in db["showroom_texts"].rows}


def showroom_sections(db: Database) -> list[Section]:
    return [Section(r["key"], _text(r, "title"), _text(r, "body"))
            for r in db["showroom_sections"].rows_where(order_by="position")]


def search(db: Database, query: str, *, include_hidden: bool = True) -> list[str]:
    """Slugs of exhibits whose texts (zh or en) contain ``query``."""
    q = query.strip()
    if not q:
        return [e.slug for e in list_exhibits(db, include_hidden=include_hidden)]
    hidden = "" if include_hidden else " AND published = 1"
    if len(q) >= 3:  # the trigram tokenizer needs three characters
        phrase = '"' + q.replace('"', '""') + '"'
        sql = ("SELECT slug FROM exhibits WHERE rowid IN "
               "(SELECT rowid FROM exhibits_fts WHERE exhibits_fts MATCH ?) "
               f"AND deleted_at IS NULL{hidden} ORDER BY position")
        return [r[0] for r in db.execute(sql, [phrase]).fetchall()]
    like = f"%{q}%"
    cols = " OR ".join(f"{f}_{lang} LIKE ?" for f in ("title", "summary", "body") for lang in LANGS)
    sql = f"SELECT slug FROM exhibits WHERE ({cols}) AND deleted_at IS NULL{hidden} ORDER BY position"
    return [r[0] for r in db.execute(sql, [like] * 6).fetchall()]


def content_counts(db: Database) -> dict[str, int]:
    """How many published exhibits have each language complete (title, summary, body)."""
    out = {}
    for lang in LANGS:
        out[lang] = db.execute(
            f"SELECT count(*) FROM exhibits WHERE deleted_at IS NULL AND published = 1 "
            f"AND title_{lang} != '' AND summary_{lang} != '' AND body_{lang} != ''").fetchone()[0]
    out["total"] = db.execute(
        "SELECT count(*) FROM exhibits WHERE deleted_at IS NULL AND published = 1").fetchone()[0]
    return out
