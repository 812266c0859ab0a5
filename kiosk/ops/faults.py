"""Test-only fault injection: ``KIOSK_TEST_FAULT=abort|exception|thread|hang``.

The supervisor tests (tests/ui/test_supervisor.py) start a real kiosk with this variable set
and check that each fault ends the process non-zero, with a log entry. It is read once, after
the first paint, and does nothing when unset; an installed kiosk never has it set. It lives in
the product (not in the tests) because the faults must happen inside the real event loop.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Mapping

ENV = "KIOSK_TEST_FAULT"
DELAY_MS = 300

log = logging.getLogger("kiosk.faults")


def _abort() -> None:
    os.abort()  # SIGABRT: faulthandler writes "Fatal Python error: Aborted" into the log


def _exception() -> None:
    raise RuntimeError("KIOSK_TEST_FAULT=exception: an exception raised in a Qt slot")


def _thread() -> None:
    def boom() -> None:
        raise RuntimeError("KIOSK_TEST_FAULT=thread: an exception in a background thread")
    threading.Thread(target=boom, name="kiosk-test-fault", daemon=True).start()


def _hang() -> None:
    while True:  # the GUI thread stops: no heartbeat, no WATCHDOG=1
        time.sleep(1)


FAULTS: dict[str, Callable[[], None]] = {
    "abort": _abort, "exception": _exception, "thread": _thread, "hang": _hang,
}

Schedule = Callable[[int, Callable[[], None]], None]


def arm(schedule: Schedule, *, env: Mapping[str, str] | None = None) -> str | None:
    """If a fault is requested, schedule it with ``schedule(delay_ms, fn)``; return its name."""
    env = os.environ if env is None else env
    kind = env.get(ENV, "").strip()
    if not kind:
        return None
    fn = FAULTS.get(kind)
    if fn is None:
        log.error("%s=%r is not one of %s; ignored", ENV, kind, ", ".join(FAULTS))
        return None
    log.warning("test fault %r armed by %s (test-only; never set this on a kiosk)", kind, ENV)
    schedule(DELAY_MS, fn)
    return kind
