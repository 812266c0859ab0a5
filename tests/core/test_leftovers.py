"""The suite's own guard: a test that leaves a thread or an open database behind fails."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]
CONFTEST = Path(__file__).resolve().parents[1] / "conftest.py"


def test_leftover_thread_and_connection_fail_the_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST.read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    leaves_threads(reason): exempt\n")
    pytester.makepyfile(test_leaky='''
        import sqlite3
        import threading

        import pytest

        stop = threading.Event()

        def test_thread_left_running():
            threading.Thread(target=stop.wait, name="forgotten", daemon=True).start()

        def test_connection_left_open(tmp_path):
            sqlite3.connect(tmp_path / "x.db").execute("SELECT 1")

        def test_tidy(tmp_path):
            conn = sqlite3.connect(tmp_path / "x.db")
            conn.close()
            t = threading.Thread(target=lambda: None)
            t.start()
            t.join()

        @pytest.mark.leaves_threads("the thread is the point of this test")
        def test_exempt():
            threading.Thread(target=stop.wait, daemon=True).start()

        def test_zz_release():
            stop.set()
    ''')
    result = pytester.runpytest_subprocess("-p", "no:pytest-qt", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=5, errors=2)  # the leaks fail at teardown
    result.stdout.fnmatch_lines(["*thread 'forgotten' still running*",
                                 "*sqlite connection to *x.db never closed*"])
