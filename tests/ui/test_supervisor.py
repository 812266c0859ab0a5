"""A supervisor-like harness: the real kiosk in a subprocess, offscreen, killed in every way.

Each fault must end the process with a non-zero code and leave a log entry, and the next
start (what systemd / Task Scheduler would do) must come back on the attract page. Faults
are triggered inside the real event loop with the test-only ``KIOSK_TEST_FAULT`` variable
(see kiosk/ops/faults.py). The in-process tests at the end cover ``Supervisor`` itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.ops import make_content

from kiosk.ops import watchdog

REPO = Path(__file__).resolve().parents[2]
READY = "kiosk: ready page=attract"
START_TIMEOUT_S = 60  # generous: two cores shared with the rest of the suite; not a benchmark

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


class Kiosk:
    """One kiosk installation in a temp dir, started as a real process as often as needed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.db = root / "data" / "kiosk.db"
        self.config = root / "c.toml"
        self.config.write_text("[ops]\nhang_limit_s = 2\n", encoding="utf-8")
        self.log = root / "state" / "kiosk" / "log" / "kiosk.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "KIOSK_TEST_FAULT")}
        env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO),
                   XDG_STATE_HOME=str(self.root / "state"),
                   XDG_DATA_HOME=str(self.root / "xdg-data"),
                   XDG_CONFIG_HOME=str(self.root / "xdg-config"))
        env.update(extra)
        return env

    def seed(self, content: Path) -> None:
        r = subprocess.run([sys.executable, "-m", "kiosk", "seed", "--db", str(self.db),
                            "--content", str(content)], env=self.env(), capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 0, r.stderr

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def start(self, **env: str) -> subprocess.Popen[bytes]:
        self._ready_before = self.log_text().count(READY)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--windowed", "--db", str(self.db),
             "--config", str(self.config)],
            env=self.env(**env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        return self.proc

    def wait_ready(self) -> None:
        """Until this start logged its first paint on attract (or died, or timed out)."""
        assert self.proc is not None
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.log_text().count(READY) > self._ready_before:
                return
            if self.proc.poll() is not None:
                pytest.fail(f"the kiosk exited with {self.proc.returncode} before painting:\n"
                            f"{self.log_text()[-3000:]}")
            time.sleep(0.05)
        pytest.fail(f"no '{READY}' within {START_TIMEOUT_S} s:\n{self.log_text()[-3000:]}")

    def wait_exit(self, timeout: float = START_TIMEOUT_S) -> int:
        assert self.proc is not None
        try:
            code = self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            if self.proc.stderr is not None:
                self.proc.stderr.close()
        return code

    def stop(self) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.terminate()
        return self.wait_exit()


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    k = Kiosk(tmp_path)
    k.seed(make_content(tmp_path / "content"))
    yield k
    if k.proc is not None and k.proc.poll() is None:
        k.proc.kill()
        k.wait_exit()


def restart_reaches_attract(k: Kiosk) -> None:
    k.start()
    k.wait_ready()
    assert k.stop() == 0
    assert "kiosk: clean exit" in k.log_text()


def test_sigterm_is_a_clean_exit(kiosk: Kiosk) -> None:
    kiosk.start()
    kiosk.wait_ready()
    assert kiosk.stop() == 0
    assert "kiosk: clean exit" in kiosk.log_text()
    kiosk.start()
    kiosk.wait_ready()
    kiosk.stop()
    assert "did not exit cleanly" not in kiosk.log_text()


def test_sigkill_then_restart(kiosk: Kiosk) -> None:
    proc = kiosk.start()
    kiosk.wait_ready()
    proc.kill()
    assert kiosk.wait_exit() == -signal.SIGKILL
    restart_reaches_attract(kiosk)
    # a kill -9 leaves no trace of its own: the next start reports it
    assert f"the previous run did not exit cleanly (pid={proc.pid}" in kiosk.log_text()


def test_abort_then_restart(kiosk: Kiosk) -> None:
    kiosk.start(KIOSK_TEST_FAULT="abort")
    kiosk.wait_ready()
    assert kiosk.wait_exit() == -signal.SIGABRT
    assert "Fatal Python error: Aborted" in kiosk.log_text()  # faulthandler, into the log
    restart_reaches_attract(kiosk)


def test_exception_in_a_qt_slot_then_restart(kiosk: Kiosk) -> None:
    kiosk.start(KIOSK_TEST_FAULT="exception")
    kiosk.wait_ready()
    assert kiosk.wait_exit() == 70
    text = kiosk.log_text()
    assert "uncaught exception; exiting" in text
    assert "RuntimeError: KIOSK_TEST_FAULT=exception" in text
    restart_reaches_attract(kiosk)


def test_exception_in_a_thread_then_restart(kiosk: Kiosk) -> None:
    kiosk.start(KIOSK_TEST_FAULT="thread")
    kiosk.wait_ready()
    assert kiosk.wait_exit() == 70
    assert "uncaught exception in thread kiosk-test-fault" in kiosk.log_text()
    restart_reaches_attract(kiosk)


def test_gui_thread_hang_then_restart(kiosk: Kiosk) -> None:
    kiosk.start(KIOSK_TEST_FAULT="hang")
    kiosk.wait_ready()
    assert kiosk.wait_exit() == 70  # ops.hang_limit_s = 2 in this kiosk's config
    text = kiosk.log_text()
    assert "the GUI thread has not answered" in text
    assert "in _hang" in text  # the frozen GUI thread's stack, dumped by faulthandler
    restart_reaches_attract(kiosk)


def test_second_instance_refuses_to_start(kiosk: Kiosk) -> None:
    first = kiosk.start()
    kiosk.wait_ready()
    r = subprocess.run([sys.executable, "-m", "kiosk", "--windowed", "--db", str(kiosk.db),
                        "--config", str(kiosk.config)], env=kiosk.env(), capture_output=True,
                       text=True, timeout=START_TIMEOUT_S)
    assert r.returncode == 75
    assert "another kiosk is already running" in r.stderr and f"pid={first.pid}" in r.stderr
    assert first.poll() is None  # the first one is untouched
    assert kiosk.stop() == 0


def test_corrupt_database_is_restored_on_the_next_start(kiosk: Kiosk) -> None:
    kiosk.start()
    kiosk.wait_ready()  # the first start makes the daily backup
    assert kiosk.stop() == 0
    kiosk.db.write_bytes(b"\xde\xad" * (kiosk.db.stat().st_size // 2))
    kiosk.start()
    kiosk.wait_ready()
    assert kiosk.stop() == 0
    text = kiosk.log_text()
    assert "moved aside" in text and "restored from the backup" in text


def test_systemd_gets_ready_and_watchdog_pings(kiosk: Kiosk, tmp_path: Path) -> None:
    path = tmp_path / "notify.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as rx:
        rx.bind(str(path))
        rx.settimeout(START_TIMEOUT_S)
        kiosk.start(NOTIFY_SOCKET=str(path), WATCHDOG_USEC="1000000")
        got: list[bytes] = []
        while not (b"READY=1" in got and got.count(b"WATCHDOG=1") >= 2):
            got.append(rx.recv(256))
        assert kiosk.stop() == 0
    assert got.index(b"READY=1") >= 0


@pytest.fixture
def read_only_kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("needs root and mount(8) for a real read-only file system")
    k = Kiosk(tmp_path)
    data = k.db.parent
    data.mkdir(parents=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(data)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs ({r.stderr.strip()})")
    try:
        k.seed(make_content(tmp_path / "content"))
        subprocess.run(["mount", "-o", "remount,ro", str(data)], check=True)
        yield k
    finally:
        if k.proc is not None and k.proc.poll() is None:
            k.proc.kill()
            k.wait_exit()
        subprocess.run(["umount", "-l", str(data)], check=True)


def test_read_only_data_dir_still_shows_the_content(read_only_kiosk: Kiosk) -> None:
    k = read_only_kiosk
    k.start()
    k.wait_ready()
    assert k.stop() == 0
    text = k.log_text()
    assert "is not writable" in text
    assert "content could not be read" not in text
    shot = k.root / "ro.png"
    r = subprocess.run([sys.executable, "-m", "kiosk", "shot", str(shot), "--page",
                        "exhibit:test-instrument", "--db", str(k.db)], env=k.env(),
                       capture_output=True, text=True, timeout=START_TIMEOUT_S)
    assert r.returncode == 0, r.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- Supervisor in this process ---------------------------------------------------------------

def test_supervisor_beats_and_announces_the_first_paint(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QLabel

    from kiosk.ui.supervision import Supervisor

    path = tmp_path / "n.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as rx:
        rx.bind(str(path))
        rx.settimeout(30)
        hb = watchdog.Heartbeat()
        env = {"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "200000"}
        sup = Supervisor(hb, env=env)
        assert sup.systemd_interval_s == pytest.approx(0.1)
        sup.start(quit_on_sigterm=False)
        assert hb.started
        label = QLabel("模速空间")
        qtbot.addWidget(label)
        sup.ready_on_first_paint(label, page="attract")
        label.show()
        qtbot.wait_until(lambda: sup.ready_page == "attract", timeout=10_000)
        got = set()
        while not {b"READY=1", b"WATCHDOG=1"} <= got:
            got.add(rx.recv(64))
        first = hb.age()
        qtbot.wait_until(lambda: hb.age() < first or hb.age() < 0.05, timeout=10_000)
        sup.stop()
        sup.deleteLater()


def _xvfb(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A real X server on a free display number (Xvfb picks it), stopped by the caller."""
    r, w = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x720x24",
                             "-nolisten", "tcp"], pass_fds=(w,), cwd=tmp,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    with os.fdopen(r) as f:
        num = f.readline().strip()
    assert num, "Xvfb did not start"
    return proc, f":{num}"


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (make system-deps)")
def test_losing_the_display_is_one_line_and_a_restart_code_not_a_crash(kiosk: Kiosk) -> None:
    from kiosk.ops.crash import EXIT_DISPLAY_LOST
    xvfb, display = _xvfb(kiosk.root)
    try:
        kiosk.start(QT_QPA_PLATFORM="xcb", DISPLAY=display)
        kiosk.wait_ready()
        deadline = time.monotonic() + START_TIMEOUT_S  # until asyncio runs: the feeds connect
        while "(simulator): connected" not in kiosk.log_text() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        xvfb.terminate()  # the X server ends under the running kiosk
        xvfb.wait(20)
    assert kiosk.wait_exit() == EXIT_DISPLAY_LOST
    text = kiosk.log_text()
    lost = [line for line in text.splitlines() if "display lost" in line]
    assert len(lost) == 1 and "X11 connection broke" in lost[0], text[-2000:]
    assert "Traceback" not in text and "Event loop stopped" not in text
    assert "X11 connection broke" not in text.replace(lost[0], "")
    r = subprocess.run([sys.executable, "-m", "kiosk", "doctor", "--db", str(kiosk.db),
                        "--config", str(kiosk.config)], env=kiosk.env(), capture_output=True,
                       text=True, timeout=120)
    crashes = [line for line in r.stdout.splitlines() if "crashes" in line]
    assert crashes and crashes[0].startswith("OK"), r.stdout
