"""The kiosk's log: a rotating file in the platform log dir, plus stderr when there is one.

A windowed PyInstaller build on Windows has no stderr (``sys.stderr is None``), so the file is
the only place a crash can be read afterwards; faulthandler writes there too.
"""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import logging.handlers
import os
import sys
import tempfile
from pathlib import Path
from typing import IO

LOG_NAME = "kiosk.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"

log = logging.getLogger("kiosk.ops.logs")


class _FaultAwareRotatingHandler(logging.handlers.RotatingFileHandler):
    """Re-points faulthandler at the new file after each rollover.

    faulthandler keeps a file descriptor, not a name: without this, a crash after a rollover
    would be written into the renamed ``kiosk.log.1``.
    """

    def doRollover(self) -> None:
        super().doRollover()
        if self.stream is not None and faulthandler.is_enabled():
            faulthandler.enable(file=self.stream, all_threads=True)


_file_handler: _FaultAwareRotatingHandler | None = None


def _open_handler(log_dir: Path) -> _FaultAwareRotatingHandler:
    log_dir.mkdir(parents=True, exist_ok=True)
    return _FaultAwareRotatingHandler(log_dir / LOG_NAME, maxBytes=MAX_BYTES,
                                      backupCount=BACKUP_COUNT, encoding="utf-8")


def setup_logging(level: str | int, log_dir: Path) -> Path | None:
    """Log to ``log_dir/kiosk.log`` (rotating) and stderr; return the log file, or None.

    An unwritable log dir falls back to the temp dir and says so, because a kiosk without a
    log cannot be diagnosed but must still start.
    """
    global _file_handler
    root = logging.getLogger()
    root.setLevel(level)
    fmt = logging.Formatter(FORMAT)
    shutdown_logging()
    problem = None
    handler: _FaultAwareRotatingHandler | None = None
    for candidate in (Path(log_dir), Path(tempfile.gettempdir()) / "kiosk-log"):
        try:
            handler = _open_handler(candidate)
            break
        except OSError as exc:
            problem = f"log dir {candidate} is not writable ({exc.strerror or exc})"
    if handler is not None:
        handler.setFormatter(fmt)
        root.addHandler(handler)
        _file_handler = handler
    if sys.stderr is not None:
        stderr_handler = logging.StreamHandler(sys.stderr)
        stderr_handler.setFormatter(fmt)
        stderr_handler.set_name("kiosk-stderr")
        root.addHandler(stderr_handler)
    fault_stream: IO[str] | None = handler.stream if handler is not None else sys.stderr
    if fault_stream is not None:
        faulthandler.enable(file=fault_stream, all_threads=True)
    if problem:
        log.error("%s; logging to %s instead", problem,
                  handler.baseFilename if handler else "stderr only")
    return Path(handler.baseFilename) if handler is not None else None


def fault_stream() -> IO[str] | None:
    """The open log file stream (for faulthandler dumps), or stderr, or None."""
    if _file_handler is not None and _file_handler.stream is not None:
        return _file_handler.stream
    return sys.stderr


def flush() -> None:
    """Flush every handler; called right before ``os._exit``, which skips all clean-up."""
    for h in logging.getLogger().handlers:
        with contextlib.suppress(OSError, ValueError):
            h.flush()
    stream = fault_stream()
    if stream is not None:
        try:
            stream.flush()
            os.fsync(stream.fileno())
        except (OSError, ValueError):
            pass


def shutdown_logging() -> None:
    """Remove the handlers this module added (tests call setup_logging several times)."""
    global _file_handler
    if _file_handler is not None and faulthandler.is_enabled():
        faulthandler.disable()  # before closing the file it holds the descriptor of
    root = logging.getLogger()
    for h in list(root.handlers):
        if h is _file_handler or h.get_name() == "kiosk-stderr":
            root.removeHandler(h)
            h.close()
    _file_handler = None
