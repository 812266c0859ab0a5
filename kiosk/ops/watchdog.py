"""Noticing a frozen GUI thread, talking to systemd, and keeping a Windows display awake.

The GUI thread beats a ``Heartbeat`` from a timer (``kiosk.ui.supervision``). A daemon thread
here checks the beat's age; when the event loop has not run for ``ops.hang_limit_s`` it dumps
every thread's stack into the log (so the hang can be diagnosed) and exits non-zero (so the
supervisor restarts the kiosk). Under systemd the same timer also sends ``WATCHDOG=1``: a hang
then gets killed from outside too, even if this thread were stuck.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import socket
import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.ops import logs
from kiosk.ops.crash import EXIT_HANG

log = logging.getLogger("kiosk.watchdog")


class Heartbeat:
    """A monotonic timestamp; ``beat()`` from the GUI thread, ``age()`` from anywhere."""

    def __init__(self) -> None:
        self._last: float | None = None  # None: the event loop has not run yet

    def beat(self) -> None:
        self._last = time.monotonic()  # one float store: atomic under the GIL

    @property
    def started(self) -> bool:
        return self._last is not None

    def age(self) -> float:
        return 0.0 if self._last is None else time.monotonic() - self._last


def _exit_on_hang() -> None:
    logs.flush()
    os._exit(EXIT_HANG)


class HangWatchdog:
    """A daemon thread that ends the process when the heartbeat is older than ``limit_s``.

    It stays disarmed until the first beat, so a slow start (fonts, first database read) is
    not taken for a hang; systemd's start timeout covers that phase.
    """

    def __init__(self, heartbeat: Heartbeat, *, limit_s: float,
                 on_hang: Callable[[], None] = _exit_on_hang) -> None:
        self.heartbeat = heartbeat
        self.limit_s = float(limit_s)
        self._on_hang = on_hang
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiosk-hang-watchdog",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        poll = max(0.05, min(1.0, self.limit_s / 4))
        while not self._stop.wait(poll):
            if not self.heartbeat.started:
                continue
            age = self.heartbeat.age()
            if age > self.limit_s:
                self._report(age)
                self._on_hang()
                return

    def _report(self, age: float) -> None:
        log.error("the GUI thread has not answered for %.1f s (limit %.1f s); thread stacks "
                  "follow, then the kiosk exits so that the supervisor restarts it",
                  age, self.limit_s)
        logs.flush()
        stream = logs.fault_stream()
        if stream is not None:
            try:
                faulthandler.dump_traceback(file=stream, all_threads=True)
                stream.flush()
            except (OSError, ValueError) as exc:
                log.error("could not write the thread stacks: %s", exc)


# --- systemd -----------------------------------------------------------------------------

def notify(state: str, *, env: Mapping[str, str] | None = None) -> bool:
    """Send ``state`` (e.g. ``READY=1``) to systemd's ``$NOTIFY_SOCKET``; False when not under it.

    Written out instead of depending on python-systemd, which does not install on Windows and
    needs libsystemd headers to build.
    """
    env = os.environ if env is None else env
    addr = env.get("NOTIFY_SOCKET", "")
    if not addr or not hasattr(socket, "AF_UNIX"):
        return False
    if addr.startswith("@"):
        addr = "\0" + addr[1:]  # Linux abstract namespace
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(addr)
            sock.sendall(state.encode())
        return True
    except OSError as exc:
        log.warning("systemd notify %r failed: %s", state, exc)
        return False


def watchdog_interval_s(*, env: Mapping[str, str] | None = None) -> float | None:
    """How often to send ``WATCHDOG=1``: half of ``$WATCHDOG_USEC``, or None without a watchdog."""
    env = os.environ if env is None else env
    usec = env.get("WATCHDOG_USEC", "")
    pid = env.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    # systemd names the process it watches. Under cage (``cage -- kiosk``, NotifyAccess=all)
    # that is cage, our parent: the pings are still ours to send. Anyone else's, not.
    if pid.isdigit() and int(pid) not in (os.getpid(), _parent_pid()):
        return None
    return int(usec) / 1_000_000 / 2


def _parent_pid() -> int:
    return os.getppid() if hasattr(os, "getppid") else -1


# --- Windows -----------------------------------------------------------------------------

ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002


def _kernel32() -> Any:
    import ctypes  # Windows only; ctypes.windll does not exist elsewhere
    return ctypes.windll.kernel32  # type: ignore[attr-defined]


def keep_display_on(*, kernel32: Any = None) -> bool:
    """Ask Windows not to blank the screen or sleep while the kiosk runs; False elsewhere.

    ES_CONTINUOUS makes the request last until changed, for the calling thread: call it from
    the GUI thread, which lives as long as the kiosk.
    """
    if kernel32 is None:
        if sys.platform != "win32":
            return False
        kernel32 = _kernel32()
    previous = kernel32.SetThreadExecutionState(
        ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED)
    if not previous:
        log.warning("SetThreadExecutionState failed: the display may blank")
        return False
    return True


def allow_display_sleep(*, kernel32: Any = None) -> None:
    """Undo ``keep_display_on`` (on a clean exit)."""
    if kernel32 is None:
        if sys.platform != "win32":
            return
        kernel32 = _kernel32()
    kernel32.SetThreadExecutionState(ES_CONTINUOUS)
