"""Backups through the SQLite backup API: names, pruning, the daily rule, atomicity."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kiosk.content import store
from kiosk.ops import backup


def titles(db_path: Path) -> list[str]:
    with store.opened(db_path, migrate=False) as db:
        return [e.title.en for e in store.list_exhibits(db)]


def test_backup_is_a_complete_self_contained_copy(seeded_db: Path) -> None:
    path = backup.backup_db(seeded_db, reason="import")
    assert path.parent == seeded_db.parent / "backups"
    assert backup.NAME_RE.match(path.name) and path.name.endswith("-import.db")
    assert not Path(f"{path}-wal").exists()
    assert backup.quick_check(path) is None
    assert titles(path) == ["Test instrument"]
    [b] = backup.list_backups(seeded_db)
    assert b.path == path and b.reason == "import"


def test_backup_sees_committed_rows_still_in_the_wal(seeded_db: Path) -> None:
    with store.opened(seeded_db) as db:
        db.execute("UPDATE exhibits SET title_en = 'Changed'")
        db.conn.commit()
        assert Path(f"{seeded_db}-wal").stat().st_size > 0
        path = backup.backup_db(seeded_db)
    assert titles(path) == ["Changed"]


def test_keep_last_n(seeded_db: Path) -> None:
    start = dt.datetime(2025, 7, 8, 9, 0, 0)
    made = [backup.backup_db(seeded_db, keep=3, now=start + dt.timedelta(hours=i))
            for i in range(5)]
    left = [b.path for b in backup.list_backups(seeded_db)]
    assert left == made[:1:-1]  # the newest three, newest first


def test_two_backups_in_one_second_do_not_overwrite(seeded_db: Path) -> None:
    now = dt.datetime(2025, 7, 8, 9, 0, 0)
    a = backup.backup_db(seeded_db, reason="import", now=now)
    b = backup.backup_db(seeded_db, reason="import", now=now)
    assert a != b and a.exists() and b.exists()


def test_daily_backup_only_when_the_newest_is_older_than_a_day(seeded_db: Path) -> None:
    now = dt.datetime(2025, 7, 8, 9, 0, 0)
    first = backup.ensure_daily_backup(seeded_db, now=now)
    assert first is not None and first.name.endswith("-daily.db")
    assert backup.ensure_daily_backup(seeded_db, now=now + dt.timedelta(hours=23)) is None
    second = backup.ensure_daily_backup(seeded_db, now=now + dt.timedelta(hours=25))
    assert second is not None and second != first


def test_quick_check_names_the_problem(tmp_path: Path) -> None:
    garbage = tmp_path / "g.db"
    garbage.write_bytes(b"this is not a database" * 500)
    assert "not a database" in (backup.quick_check(garbage) or "")
    empty = tmp_path / "e.db"
    empty.write_bytes(b"")
    assert backup.quick_check(empty) == "empty file"
    assert backup.quick_check(tmp_path / "none.db") == "missing"


def test_failed_backup_leaves_nothing_half_written(seeded_db: Path) -> None:
    folder = backup.backups_dir(seeded_db)
    folder.parent.joinpath("backups").write_text("a file where the folder should be")
    with pytest.raises(backup.BackupError, match="backup into"):
        backup.backup_db(seeded_db)
    assert backup.list_backups(seeded_db) == []


def test_backup_of_a_missing_database_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(backup.BackupError, match="no database"):
        backup.backup_db(tmp_path / "nope.db")


def test_copy_database_refuses_a_corrupt_source(tmp_path: Path) -> None:
    src = tmp_path / "bad.db"
    src.write_bytes(b"garbage" * 1000)
    dst = tmp_path / "out.db"
    with pytest.raises(sqlite3.DatabaseError):
        backup.copy_database(src, dst)
    assert not dst.exists() and not Path(f"{dst}.part").exists()
