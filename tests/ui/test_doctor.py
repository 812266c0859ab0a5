"""``kiosk doctor`` as installers run it: a real subprocess, one line per check, exit code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.ops import make_content

REPO = Path(__file__).resolve().parents[2]


def kiosk(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO),
               XDG_STATE_HOME=str(tmp / "state"), XDG_CONFIG_HOME=str(tmp / "cfg"),
               XDG_DATA_HOME=str(tmp / "xdg-data"))
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def lines(out: str) -> dict[str, list[str]]:
    """name -> statuses, from ``STATUS name detail`` lines."""
    found: dict[str, list[str]] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in ("OK", "WARN", "FAIL"):
            found.setdefault(parts[1], []).append(parts[0])
    return found


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    db = tmp_path / "data" / "kiosk.db"
    r = kiosk(tmp_path, "seed", "--db", str(db), "--content",
              str(make_content(tmp_path / "content")))
    assert r.returncode == 0, r.stderr
    return db


def test_healthy_install_passes(tmp_path: Path, seeded: Path) -> None:
    r = kiosk(tmp_path, "doctor", "--db", str(seeded))
    assert r.returncode == 0, r.stdout + r.stderr
    found = lines(r.stdout)
    for name in ("settings", "data", "log", "database", "content", "media", "fonts", "screens",
                 "sensors", "backups", "instance"):
        assert name in found, (name, r.stdout)
    assert found["database"] == ["OK"] and found["fonts"] == ["OK"]
    assert "schema m00" in r.stdout and "complete in zh 1, en 1" in r.stdout
    assert "FAIL" not in r.stdout.replace("0 FAIL", "")


def test_json_output(tmp_path: Path, seeded: Path) -> None:
    r = kiosk(tmp_path, "doctor", "--db", str(seeded), "--json")
    checks = json.loads(r.stdout)
    assert {c["status"] for c in checks} <= {"OK", "WARN", "FAIL"}
    assert any(c["name"] == "database" and c["status"] == "OK" for c in checks)


def test_corrupt_database_fails(tmp_path: Path, seeded: Path) -> None:
    seeded.write_bytes(b"not a database at all" * 300)
    r = kiosk(tmp_path, "doctor", "--db", str(seeded))
    assert r.returncode == 1
    assert "FAIL  database" in r.stdout and "repairs it at the next start" in r.stdout


def test_bad_settings_fail_naming_the_key(tmp_path: Path, seeded: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[ops]\nhang_limit_s = 1\n", encoding="utf-8")
    r = kiosk(tmp_path, "doctor", "--db", str(seeded), "--config", str(cfg))
    assert r.returncode == 1
    assert "FAIL  settings" in r.stdout and "ops.hang_limit_s" in r.stdout


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("needs root and mount(8) for a real read-only file system")
    data = tmp_path / "ro"
    data.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(data)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs ({r.stderr.strip()})")
    try:
        db = data / "kiosk.db"
        assert kiosk(tmp_path, "seed", "--db", str(db), "--content",
                     str(make_content(tmp_path / "content"))).returncode == 0
        subprocess.run(["mount", "-o", "remount,ro", str(data)], check=True)
        yield db
    finally:
        subprocess.run(["umount", "-l", str(data)], check=True)


def test_read_only_data_dir_is_reported(tmp_path: Path, read_only_db: Path) -> None:
    r = kiosk(tmp_path, "doctor", "--db", str(read_only_db))
    assert r.returncode == 1
    assert "FAIL  data dir" in r.stdout and "not writable" in r.stdout
    assert "OK    database" in r.stdout  # still readable: visitors keep their pages


def test_a_chart_the_screen_cannot_draw_fails(tmp_path: Path, seeded: Path) -> None:
    # stored by an older kiosk, before seed and Publish used the screen's parser
    import sqlite3

    conn = sqlite3.connect(seeded)
    with conn:
        slug = conn.execute("SELECT slug FROM exhibits").fetchone()[0]
        conn.execute("DELETE FROM charts")
        conn.execute("INSERT INTO charts (exhibit, position, title_zh, title_en, spec) "
                     "VALUES (?, 0, '图', 'Chart', ?)", [slug, '{"y": ["gcms.tik"]}'])
    conn.close()
    r = kiosk(tmp_path, "doctor", "--db", str(seeded))
    assert r.returncode == 1
    assert lines(r.stdout)["charts"] == ["FAIL"]
    assert f"exhibits/{slug}: charts[1].y: unknown channel 'gcms.tik'" in r.stdout
