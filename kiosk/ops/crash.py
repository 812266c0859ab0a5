"""Uncaught exceptions end the process, so the supervisor (systemd, Task Scheduler) restarts it.

Why exit instead of carrying on: PySide6 hands an exception raised in a Qt slot to
``sys.excepthook`` and then returns to the event loop, leaving the half-updated UI on screen. A
kiosk in an unknown state, in front of a delegation, is worse than a one-second restart that
comes back on attract. The same goes for a background thread that died: whatever it fed is now
silently stale.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from types import TracebackType

from kiosk.ops import logs

EXIT_CRASH = 70   # EX_SOFTWARE: an uncaught exception
EXIT_HANG = 70    # the GUI thread stopped answering (the log says which)
EXIT_ALREADY_RUNNING = 75  # EX_TEMPFAIL: another kiosk holds the lock
# EX_UNAVAILABLE: the X server or Wayland compositor went away (session end, X restart); not a
# crash: the supervisor (Restart=always, the scheduled task) starts the kiosk again
EXIT_DISPLAY_LOST = 69

log = logging.getLogger("kiosk.crash")


def _die(code: int) -> None:
    logs.flush()
    os._exit(code)  # not sys.exit: from a Qt slot or a thread, SystemExit would be swallowed


def excepthook(exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        log.warning("interrupted (Ctrl+C); exiting")
        _die(130)
    log.critical("uncaught exception; exiting so that the supervisor restarts the kiosk",
                 exc_info=(exc_type, exc, tb))
    _die(EXIT_CRASH)


def thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if issubclass(args.exc_type, SystemExit):
        return  # a thread ending itself on purpose, as the default hook treats it
    name = args.thread.name if args.thread is not None else "?"
    log.critical("uncaught exception in thread %s; exiting so that the supervisor restarts "
                 "the kiosk", name,
                 exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback))
    _die(EXIT_CRASH)


def install() -> None:
    """Install both hooks; call right after ``logs.setup_logging``."""
    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook
