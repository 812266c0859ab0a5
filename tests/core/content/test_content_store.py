from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from helpers.content import make_content

from kiosk.content import store
from kiosk.content.schema import migrations
from kiosk.content.seed import seed


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "kiosk.db"
    seed(path, make_content(tmp_path / "content"))
    return path


def test_new_database_has_every_migration_and_pragmas(tmp_path: Path) -> None:
    with store.opened(tmp_path / "k.db") as db:
        assert not migrations.pending(db)
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert {"exhibits", "specs", "media", "showroom_texts", "settings", "exhibits_fts"} <= set(
            db.table_names())


def test_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    with store.opened(path) as db:
        db["_sqlite_migrations"].insert(
            {"migration_set": "kiosk", "name": "m999_from_the_future", "applied_at": "2030-01-01"})
    with pytest.raises(store.StoreError, match=r"newer than this kiosk.*m999_from_the_future"):
        store.open_db(path)


def test_garbage_file_is_reported_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "k.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(store.StoreError, match="not a usable SQLite database"):
        store.open_db(path)


def test_visitors_see_only_published_in_position_order(db_path: Path) -> None:
    with store.opened(db_path) as db:
        assert [e.slug for e in store.list_exhibits(db)] == ["exhibit-1", "exhibit-2"]
        db["exhibits"].update("exhibit-1", {"published": 0})
        assert [e.slug for e in store.list_exhibits(db)] == ["exhibit-2"]
        assert store.get_exhibit(db, "exhibit-1") is None
        assert store.get_exhibit(db, "exhibit-1", include_hidden=True) is not None
        ex = store.get_exhibit(db, "exhibit-2")
        assert ex is not None
        assert ex.title.get("zh") == "展项2" and ex.title.get("en") == "Exhibit 2"
        assert [s.key.en for s in ex.specs] == ["Temperature"]
        assert [m.caption.zh for m in ex.media] == ["图一", "图二"]
        assert ex.hero is ex.media[0]
        assert (store.media_dir_for(db_path) / ex.media[0].file).is_file()


def test_fts_finds_both_languages_and_short_chinese(db_path: Path) -> None:
    with store.opened(db_path) as db:
        assert store.search(db, "Exhibit 2") == ["exhibit-2"]
        assert store.search(db, "Titration body 1") == ["exhibit-1"]
        assert store.search(db, "滴定") == ["exhibit-1", "exhibit-2"]  # two characters: LIKE
        assert store.search(db, "展项1的摘要") == ["exhibit-1"]      # trigram FTS
        assert store.search(db, "nothing like this") == []


def test_fts_follows_updates(db_path: Path) -> None:
    with store.opened(db_path) as db:
        db["exhibits"].update("exhibit-2", {"title_en": "Chromatograph"})
        assert store.search(db, "Chromatograph") == ["exhibit-2"]


def test_settings_round_trip_json(db_path: Path) -> None:
    with store.opened(db_path) as db:
        store.set_setting(db, "ui.x", {"a": [1, "二"]})
        assert store.get_setting(db, "ui.x") == {"a": [1, "二"]}
        assert store.get_setting(db, "missing", 5) == 5


def test_readonly_open_cannot_write(db_path: Path) -> None:
    with store.opened(db_path, readonly=True) as db, pytest.raises(sqlite3.OperationalError):
        db.execute("DELETE FROM exhibits")


def test_content_counts_per_language(db_path: Path) -> None:
    with store.opened(db_path) as db:
        assert store.content_counts(db) == {"zh": 2, "en": 2, "total": 2}


def test_read_side_knows_every_migration() -> None:
    from kiosk.content import queries, schema
    assert schema.known_names() == queries.KNOWN_MIGRATIONS


def test_pending_upgrade_is_refused_read_only_and_applied_by_open_db(tmp_path: Path) -> None:
    from kiosk.content import queries
    path = tmp_path / "k.db"
    with store.opened(path) as db:
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm002_drafts_audit'")
        db.execute("DROP TABLE audit")
        db.execute("DROP TABLE drafts")
        db.conn.commit()
    with pytest.raises(store.StoreError, match=r"needs an upgrade.*m002_drafts_audit"):
        queries.open_readonly(path)
    with store.opened(path) as db:
        assert "audit" in db.table_names()
    queries.open_readonly(path).close()
