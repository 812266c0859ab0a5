"""The start-up sequence as ``kiosk run`` calls it, in real child processes."""

from __future__ import annotations

from pathlib import Path

from helpers.ops import popen_py, run_py

from kiosk.ops import faults

START = """
    import sys
    from pathlib import Path
    from kiosk import settings
    from kiosk.ops import startup
    cfg = settings.defaults()
    try:
        rt = startup.start(cfg, db_path=Path({db!r}), content_dir=Path({content!r}),
                           log_dir=Path({logs!r}))
    except startup.AlreadyRunning as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(75)
    print("started", rt.heal.action, flush=True)
    sys.stdin.readline()
    if {clean}:
        rt.close()
"""


def start_code(tmp_path: Path, content: Path, *, clean: bool = True) -> str:
    return START.format(db=str(tmp_path / "data" / "kiosk.db"), content=str(content),
                        logs=str(tmp_path / "logs"), clean=clean)


def test_first_start_builds_backs_up_and_a_second_kiosk_is_refused(
        tmp_path: Path, tiny_content: Path) -> None:
    first = popen_py(start_code(tmp_path, tiny_content))
    try:
        assert first.stdout is not None
        assert first.stdout.readline().split() == ["started", "created"]
        second = run_py(start_code(tmp_path, tiny_content))
        assert second.returncode == 75
        assert "another kiosk is already running" in second.stderr
        assert f"pid={first.pid}" in second.stderr
        _out, err = first.communicate("\n", timeout=60)
        assert first.returncode == 0, err
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate(timeout=30)
    backups = list((tmp_path / "data" / "backups").glob("kiosk-*-daily.db"))
    assert len(backups) == 1
    log = (tmp_path / "logs" / "kiosk.log").read_text()
    assert "kiosk: starting" in log and "kiosk: clean exit" in log
    assert "did not exit cleanly" not in log


def test_after_kill_9_the_next_start_says_so(tmp_path: Path, tiny_content: Path) -> None:
    first = popen_py(start_code(tmp_path, tiny_content, clean=False))
    assert first.stdout is not None
    assert first.stdout.readline().startswith("started")
    first.kill()
    first.communicate(timeout=30)
    second = run_py(start_code(tmp_path, tiny_content), timeout=60)
    assert second.returncode == 0, second.stderr
    log = (tmp_path / "logs" / "kiosk.log").read_text()
    assert f"the previous run did not exit cleanly (pid={first.pid}" in log


def test_faults_are_armed_only_when_asked() -> None:
    scheduled: list[tuple[int, object]] = []
    assert faults.arm(lambda ms, fn: scheduled.append((ms, fn)), env={}) is None
    assert faults.arm(lambda ms, fn: scheduled.append((ms, fn)),
                      env={faults.ENV: "nonsense"}) is None
    assert scheduled == []
    assert faults.arm(lambda ms, fn: scheduled.append((ms, fn)),
                      env={faults.ENV: "exception"}) == "exception"
    assert scheduled == [(faults.DELAY_MS, faults.FAULTS["exception"])]


def test_ops_imports_no_qt() -> None:
    r = run_py("""
        import pkgutil, importlib, sys, kiosk.ops
        for m in pkgutil.iter_modules(kiosk.ops.__path__):
            importlib.import_module("kiosk.ops." + m.name)
        print(sorted(m for m in sys.modules if m.startswith("PySide6")))
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
