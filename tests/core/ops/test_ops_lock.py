"""Single-instance lock, with two real processes."""

from __future__ import annotations

import os
from pathlib import Path

from helpers.ops import popen_py, run_py

from kiosk.ops import lock

HOLDER = """
    import sys
    from kiosk.ops import lock
    held = lock.acquire({path!r})
    print("locked" if held else "refused", flush=True)
    sys.stdin.readline()          # hold it until the test says so
    if {clean}:
        held.release()
"""


def test_second_process_is_refused_and_kill_9_frees_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.lock"
    first = popen_py(HOLDER.format(path=str(path), clean=False))
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "locked"
        r = run_py(f"""
            from kiosk.ops import lock
            print("locked" if lock.acquire({str(path)!r}) else "refused")
        """)
        assert r.stdout.strip() == "refused", r.stderr
        assert f"pid={first.pid}" in lock.holder(path)
    finally:
        first.kill()  # SIGKILL: no clean-up runs in the holder
        first.wait(30)
        first.stdout.close()
        first.stderr.close()
        first.stdin.close()
    held = lock.acquire(path)
    assert held is not None
    try:
        assert held.previous_run_crashed
        assert f"pid={first.pid}" in held.previous
    finally:
        held.release()


def test_clean_release_leaves_no_crash_marker(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.lock"
    first = popen_py(HOLDER.format(path=str(path), clean=True))
    out, err = first.communicate("\n", timeout=30)
    assert out.strip() == "locked" and first.returncode == 0, err
    with lock.acquire(path) as held:
        assert held is not None and not held.previous_run_crashed
        assert f"pid={os.getpid()}" in lock.holder(path)
    assert lock.holder(path) == ""


def test_lock_path_is_beside_the_database(tmp_path: Path) -> None:
    expected = (tmp_path / "d" / "kiosk.lock").resolve()
    assert lock.lock_path_for(tmp_path / "d" / "kiosk.db") == expected
