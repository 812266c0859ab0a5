"""Self-healing database: corrupt files restored from backups or rebuilt; read-only disks.

The read-only data dir is a real read-only file system: a tmpfs mounted here and remounted
with ``-o remount,ro``. chmod would not do (the tests run as root, and root ignores
permission bits); a read-only mount stops root too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.ops import make_content

from kiosk.content import store
from kiosk.content.seed import seed
from kiosk.ops import backup, heal


def titles(db_path: Path) -> list[str]:
    with store.opened(db_path, migrate=False) as db:
        return [e.title.en for e in store.list_exhibits(db)]


def set_title(db_path: Path, title: str) -> None:
    with store.opened(db_path) as db:
        db.execute("UPDATE exhibits SET title_en = ?", [title])
        db.conn.commit()


def test_healthy_database_is_left_alone(seeded_db: Path, tiny_content: Path) -> None:
    report = heal.check_and_heal(seeded_db, tiny_content)
    assert report.action == "ok" and report.problem is None and report.writable
    assert report.moved_to == [] and titles(seeded_db) == ["Test instrument"]


def test_missing_database_is_built_from_the_content(tmp_path: Path, tiny_content: Path) -> None:
    db = tmp_path / "data" / "kiosk.db"
    report = heal.check_and_heal(db, tiny_content)
    assert report.action == "created" and report.moved_to == []
    assert titles(db) == ["Test instrument"]


def test_truncated_database_is_restored_from_the_backup(seeded_db: Path,
                                                        tiny_content: Path) -> None:
    set_title(seeded_db, "Curated title")
    good = backup.backup_db(seeded_db)
    set_title(seeded_db, "Edited after the backup")
    size = seeded_db.stat().st_size
    with open(seeded_db, "r+b") as f:
        f.truncate(size // 3)
    report = heal.check_and_heal(seeded_db, tiny_content)
    assert report.action == "restored", report.messages
    assert report.restored_from == good
    assert report.moved_to and report.moved_to[0].name.startswith("kiosk.db.corrupt-")
    assert report.moved_to[0].stat().st_size == size // 3  # kept, for whoever wants to look
    assert titles(seeded_db) == ["Curated title"]
    assert backup.quick_check(seeded_db) is None


def test_garbage_overwritten_database_is_restored(seeded_db: Path, tiny_content: Path) -> None:
    set_title(seeded_db, "Curated title")
    backup.backup_db(seeded_db)
    seeded_db.write_bytes(os.urandom(seeded_db.stat().st_size))
    report = heal.check_and_heal(seeded_db, tiny_content)
    assert report.action == "restored", report.messages
    assert "not a database" in (report.problem or "")
    assert titles(seeded_db) == ["Curated title"]


def test_damaged_pages_behind_a_good_header_are_found(seeded_db: Path,
                                                      tiny_content: Path) -> None:
    backup.backup_db(seeded_db)
    data = bytearray(seeded_db.read_bytes())
    page = 4096
    data[page:len(data)] = os.urandom(len(data) - page)  # keep page 1 (the header) intact
    seeded_db.write_bytes(bytes(data))
    report = heal.check_and_heal(seeded_db, tiny_content)
    assert report.action == "restored", (report.problem, report.messages)


def test_wal_and_shm_are_moved_aside_with_the_database(seeded_db: Path,
                                                       tiny_content: Path) -> None:
    backup.backup_db(seeded_db)
    Path(f"{seeded_db}-wal").write_bytes(b"left over")
    seeded_db.write_bytes(b"garbage" * 4000)
    report = heal.check_and_heal(seeded_db, tiny_content)
    assert report.action == "restored"
    [wal] = [p for p in report.moved_to if p.name.endswith("-wal")]
    assert wal.read_bytes() == b"left over"  # moved with its database, not mixed into the restore
    assert backup.quick_check(seeded_db) is None


def test_a_corrupt_newest_backup_is_skipped(seeded_db: Path, tiny_content: Path) -> None:
    import datetime as dt
    set_title(seeded_db, "Older but good")
    older = backup.backup_db(seeded_db, now=dt.datetime(2025, 7, 1))
    newer = backup.backup_db(seeded_db, now=dt.datetime(2025, 7, 2))
    newer.write_bytes(b"broken backup" * 100)
    seeded_db.write_bytes(b"broken db" * 1000)
    report = heal.check_and_heal(seeded_db, tiny_content)
    assert report.action == "restored" and report.restored_from == older
    assert any(newer.name in m and "skipped" in m for m in report.messages)
    assert titles(seeded_db) == ["Older but good"]


def test_no_backup_rebuilds_from_the_bundled_content(seeded_db: Path, tmp_path: Path) -> None:
    other = make_content(tmp_path / "bundled", title_en="Rebuilt instrument")
    with open(seeded_db, "r+b") as f:
        f.truncate(1000)
    report = heal.check_and_heal(seeded_db, other)
    assert report.action == "rebuilt", report.messages
    assert report.moved_to
    assert titles(seeded_db) == ["Rebuilt instrument"]


def test_newer_schema_is_moved_aside(seeded_db: Path, tiny_content: Path) -> None:
    backup.backup_db(seeded_db)
    conn = sqlite3.connect(seeded_db)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('kiosk', 'm999_from_the_future', '2030-01-01')")
    conn.commit()
    conn.close()
    report = heal.check_and_heal(seeded_db, tiny_content)
    assert report.action == "restored"
    assert "newer than this kiosk" in (report.problem or "")


def test_unrepairable_content_is_reported_not_raised(seeded_db: Path, tmp_path: Path) -> None:
    seeded_db.write_bytes(b"garbage" * 1000)
    report = heal.check_and_heal(seeded_db, tmp_path / "no-such-content")
    assert report.action == "failed" and not report.usable
    assert "could not be repaired" in report.messages[-1]


# --- a real read-only (and a real full) file system -----------------------------------------

def _mount_tmpfs(where: Path, size: str) -> None:
    where.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip()}); needs root")


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("needs root and mount(8) for a real read-only file system")
    mnt = tmp_path / "mnt"
    _mount_tmpfs(mnt, "4m")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=True)


def remount_ro(mnt: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)


def test_read_only_data_dir_keeps_showing_the_last_content(mounted: Path,
                                                           tiny_content: Path) -> None:
    db_path = mounted / "kiosk.db"
    seed(db_path, tiny_content)
    with store.opened(db_path) as db:  # leave it in WAL mode as the kiosk does
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    remount_ro(mounted)
    with pytest.raises(OSError, match="Read-only file system"):
        (mounted / "probe").write_text("x")  # really read-only, even for root
    report = heal.check_and_heal(db_path, tiny_content)
    assert report.action == "readonly" and report.usable and not report.writable
    assert "not writable" in report.messages[0]
    db = heal.open_for_visitors(db_path)
    try:
        assert [e.title.zh for e in store.list_exhibits(db)] == ["测试仪器"]
        with pytest.raises(sqlite3.OperationalError):
            db.execute("UPDATE exhibits SET title_en = 'x'")
    finally:
        db.close()


def test_corrupt_database_on_a_read_only_disk_is_reported(mounted: Path,
                                                          tiny_content: Path) -> None:
    (mounted / "kiosk.db").write_bytes(b"garbage" * 1000)
    remount_ro(mounted)
    report = heal.check_and_heal(mounted / "kiosk.db", tiny_content)
    assert report.action == "failed" and "cannot be repaired" in report.messages[0]
    with pytest.raises(store.StoreError):
        heal.open_for_visitors(mounted / "kiosk.db")


def test_full_disk_fails_backups_cleanly_and_keeps_the_content(mounted: Path,
                                                               tiny_content: Path) -> None:
    db_path = mounted / "kiosk.db"
    seed(db_path, tiny_content)
    with open(mounted / "filler", "wb", buffering=0) as f:  # fill the 4 MB tmpfs to the last byte
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass
    with pytest.raises(backup.BackupError):
        backup.backup_db(db_path)
    assert backup.list_backups(db_path) == []
    assert not list((mounted / "backups").glob("*.part"))
    report = heal.check_and_heal(db_path, tiny_content)
    assert report.usable and report.action in ("ok", "readonly")
    db = heal.open_for_visitors(db_path)
    try:
        assert [e.slug for e in store.list_exhibits(db)] == ["test-instrument"]
    finally:
        db.close()
