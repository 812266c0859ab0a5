"""Heartbeat, hang watchdog, systemd notify (real unix sockets), Windows display keep-alive."""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

import pytest
from helpers.ops import run_py

from kiosk.ops import watchdog


def test_heartbeat_age() -> None:
    hb = watchdog.Heartbeat()
    assert not hb.started and hb.age() == 0.0
    hb.beat()
    assert hb.started and 0.0 <= hb.age() < 60


def test_watchdog_stays_disarmed_until_the_first_beat() -> None:
    fired = threading.Event()
    wd = watchdog.HangWatchdog(watchdog.Heartbeat(), limit_s=0.05, on_hang=fired.set)
    wd.start()
    try:
        assert not fired.wait(0.5)  # a slow start-up is not a hang
    finally:
        wd.stop()


def test_watchdog_fires_when_beats_stop() -> None:
    fired = threading.Event()
    hb = watchdog.Heartbeat()
    hb.beat()
    wd = watchdog.HangWatchdog(hb, limit_s=0.1, on_hang=fired.set)
    wd.start()
    try:
        assert fired.wait(10)
    finally:
        wd.stop()


def test_hung_main_thread_dumps_stacks_and_exits_70(tmp_path: Path) -> None:
    r = run_py(f"""
        import time
        from kiosk.ops import logs, watchdog
        logs.setup_logging("INFO", {str(tmp_path)!r})
        hb = watchdog.Heartbeat(); hb.beat()
        watchdog.HangWatchdog(hb, limit_s=0.3).start()
        def gui_thread_stuck_here():
            while True:
                time.sleep(1)
        gui_thread_stuck_here()
    """)
    assert r.returncode == 70
    text = (tmp_path / "kiosk.log").read_text()
    assert "the GUI thread has not answered" in text
    assert "gui_thread_stuck_here" in text  # the main thread's stack is in the dump
    assert "kiosk-hang-watchdog" in text or "Current thread" in text


def _receiver(addr: str | bytes) -> socket.socket:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(addr)
    s.settimeout(10)
    return s


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="unix sockets")
def test_notify_path_socket(tmp_path: Path) -> None:
    path = str(tmp_path / "notify.sock")
    with _receiver(path) as rx:
        assert watchdog.notify("READY=1", env={"NOTIFY_SOCKET": path})
        assert rx.recv(256) == b"READY=1"
        assert watchdog.notify("WATCHDOG=1", env={"NOTIFY_SOCKET": path})
        assert rx.recv(256) == b"WATCHDOG=1"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="abstract namespace is Linux")
def test_notify_abstract_socket() -> None:
    name = f"kiosk-test-{os.getpid()}-{threading.get_ident()}"
    with _receiver("\0" + name) as rx:
        assert watchdog.notify("READY=1", env={"NOTIFY_SOCKET": "@" + name})
        assert rx.recv(256) == b"READY=1"


def test_notify_without_systemd_is_a_no_op(tmp_path: Path) -> None:
    assert watchdog.notify("READY=1", env={}) is False
    # a socket that went away is logged, not raised
    assert watchdog.notify("READY=1", env={"NOTIFY_SOCKET": str(tmp_path / "gone")}) is False


def test_watchdog_interval_is_half_of_watchdog_usec() -> None:
    assert watchdog.watchdog_interval_s(env={}) is None
    assert watchdog.watchdog_interval_s(env={"WATCHDOG_USEC": "30000000"}) == 15.0
    assert watchdog.watchdog_interval_s(env={"WATCHDOG_USEC": "0"}) is None
    assert watchdog.watchdog_interval_s(env={"WATCHDOG_USEC": "junk"}) is None
    mine = {"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": str(os.getpid())}
    assert watchdog.watchdog_interval_s(env=mine) == 2.0
    parent = {"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": str(os.getppid())}
    assert watchdog.watchdog_interval_s(env=parent) == 2.0  # cage -- kiosk
    other = {"WATCHDOG_USEC": "4000000", "WATCHDOG_PID": "999999999"}
    assert watchdog.watchdog_interval_s(env=other) is None


class FakeKernel32:
    """Stands in for ctypes.windll.kernel32: the Windows API cannot run on this machine."""

    def __init__(self, result: int = 0x80000000) -> None:
        self.calls: list[int] = []
        self.result = result

    def SetThreadExecutionState(self, flags: int) -> int:
        self.calls.append(flags)
        return self.result


def test_keep_display_on_sets_continuous_display_and_system_required() -> None:
    k = FakeKernel32()
    assert watchdog.keep_display_on(kernel32=k)
    assert k.calls == [0x80000000 | 0x00000002 | 0x00000001]
    watchdog.allow_display_sleep(kernel32=k)
    assert k.calls[-1] == 0x80000000


def test_keep_display_on_reports_failure() -> None:
    assert watchdog.keep_display_on(kernel32=FakeKernel32(result=0)) is False


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows only")
def test_keep_display_on_is_a_no_op_off_windows() -> None:
    assert watchdog.keep_display_on() is False
