"""Log file, faulthandler and crash hooks, each in a real child process."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest
from helpers.ops import run_py


def read_log(log_dir: Path) -> str:
    return (log_dir / "kiosk.log").read_text(encoding="utf-8", errors="replace")


def test_log_file_and_stderr(tmp_path: Path) -> None:
    r = run_py(f"""
        import logging
        from kiosk.ops import logs
        path = logs.setup_logging("INFO", {str(tmp_path)!r})
        logging.getLogger("kiosk.test").info("hello 你好")
        logging.getLogger("kiosk.test").debug("not shown")
        print(path)
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(tmp_path / "kiosk.log")
    text = read_log(tmp_path)
    assert "kiosk.test: hello 你好" in text and "not shown" not in text
    assert "hello 你好" in r.stderr


def test_unwritable_log_dir_falls_back_to_temp(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")  # a directory under a regular file cannot exist, even for root
    r = run_py(f"""
        from kiosk.ops import logs
        print(logs.setup_logging("INFO", {str(blocker / "log")!r}))
    """)
    assert r.returncode == 0, r.stderr
    assert "kiosk-log" in r.stdout
    assert "is not writable" in r.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SIGABRT")
def test_abort_is_written_to_the_log_even_without_stderr(tmp_path: Path) -> None:
    # a windowed PyInstaller build has sys.stderr None: the log file is all there is
    r = run_py(f"""
        import logging, os, sys
        sys.stderr = None
        from kiosk.ops import logs
        logs.setup_logging("INFO", {str(tmp_path)!r})
        logging.getLogger("kiosk.test").info("before the abort")
        os.abort()
    """)
    assert r.returncode == -signal.SIGABRT
    text = read_log(tmp_path)
    assert "before the abort" in text
    assert "Fatal Python error: Aborted" in text


@pytest.mark.skipif(sys.platform == "win32", reason="SIGABRT")
def test_faulthandler_follows_the_rollover(tmp_path: Path) -> None:
    r = run_py(f"""
        import logging, os
        from kiosk.ops import logs
        logs.MAX_BYTES = 2000
        logs.setup_logging("INFO", {str(tmp_path)!r})
        for i in range(400):
            logging.getLogger("kiosk.test").info("line %d %s", i, "x" * 40)
        os.abort()
    """)
    assert r.returncode == -signal.SIGABRT
    assert (tmp_path / "kiosk.log.1").exists()
    assert len(list(tmp_path.glob("kiosk.log.*"))) == 5  # five rotated files kept
    assert "Fatal Python error: Aborted" in read_log(tmp_path)
    assert "Fatal Python error" not in (tmp_path / "kiosk.log.1").read_text()


def test_uncaught_exception_logs_and_exits_70(tmp_path: Path) -> None:
    r = run_py(f"""
        import sys
        sys.stderr = None
        from kiosk.ops import crash, logs
        logs.setup_logging("INFO", {str(tmp_path)!r})
        crash.install()
        def broken():
            raise ValueError("boom in main")
        broken()
    """)
    assert r.returncode == 70
    text = read_log(tmp_path)
    assert "uncaught exception; exiting" in text
    assert "ValueError: boom in main" in text and "in broken" in text


def test_thread_exception_logs_and_exits_70(tmp_path: Path) -> None:
    r = run_py(f"""
        import threading, time
        from kiosk.ops import crash, logs
        logs.setup_logging("INFO", {str(tmp_path)!r})
        crash.install()
        t = threading.Thread(target=lambda: 1 / 0, name="feeder")
        t.start(); t.join()
        time.sleep(30)  # not reached: the hook ends the process
    """)
    assert r.returncode == 70
    text = read_log(tmp_path)
    assert "uncaught exception in thread feeder" in text
    assert "ZeroDivisionError" in text


def test_system_exit_in_a_thread_is_not_a_crash(tmp_path: Path) -> None:
    r = run_py(f"""
        import sys, threading
        from kiosk.ops import crash, logs
        logs.setup_logging("INFO", {str(tmp_path)!r})
        crash.install()
        t = threading.Thread(target=lambda: sys.exit(3)); t.start(); t.join()
        print("still here")
    """)
    assert r.returncode == 0, r.stderr
    assert "still here" in r.stdout
