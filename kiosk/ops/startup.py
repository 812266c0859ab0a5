"""Start-up plumbing in one place: log, crash hooks, instance lock, database repair, backups,
hang watchdog and (on Windows) keeping the display on. Qt-free; see ``kiosk.ui.supervision``
for the GUI-thread half.

Usage from ``kiosk run`` (the order matters)::

    rt = startup.start(cfg, db_path=db_path, content_dir=paths.content_dir())
    #    AlreadyRunning -> print its message, return crash.EXIT_ALREADY_RUNNING
    db = heal.open_for_visitors(db_path)         # StoreError only if rt.heal.usable is False
    ... build QApplication and the window ...
    sup = Supervisor(rt.heartbeat, parent=app); sup.start()
    sup.ready_on_first_paint(window, page="attract")
    code = app.exec() ; rt.close() ; return code
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import sys
import tempfile
from pathlib import Path

from kiosk import settings
from kiosk.ops import backup, crash, heal, lock, logs, watchdog

log = logging.getLogger("kiosk.startup")


class AlreadyRunning(Exception):
    """Another kiosk holds the lock of this database; the message says which and what to do."""


@dataclasses.dataclass
class Runtime:
    cfg: settings.Config
    db_path: Path
    log_file: Path | None
    lock: lock.Lock
    heal: heal.HealReport
    heartbeat: watchdog.Heartbeat
    hang_watchdog: watchdog.HangWatchdog
    daily_backups: backup.DailyBackups | None
    display_kept_on: bool = False

    def close(self) -> None:
        """A clean exit: stop the threads, let the display sleep, release the lock."""
        self.hang_watchdog.stop()
        if self.daily_backups is not None:
            self.daily_backups.stop()
        if self.display_kept_on:
            watchdog.allow_display_sleep()
        log.info("kiosk: clean exit")
        self.lock.release()
        logs.flush()


def _take_lock(db_path: Path) -> lock.Lock:
    """The lock beside the database, or in the temp dir when the data dir is read-only."""
    primary = lock.lock_path_for(db_path)
    digest = hashlib.sha256(str(Path(db_path).resolve()).encode()).hexdigest()[:12]
    fallback = Path(tempfile.gettempdir()) / f"kiosk-{digest}.lock"
    for path in (primary, fallback):
        try:
            held = lock.acquire(path)
        except OSError as exc:
            log.warning("cannot use the lock file %s (%s)", path, exc.strerror or exc)
            continue
        if held is None:
            who = lock.holder(path) or "another process"
            raise AlreadyRunning(
                f"kiosk: another kiosk is already running on {db_path} ({who}; lock {path}). "
                "Only one may run per database; close it first, or pass another --db.")
        return held
    raise AlreadyRunning(f"kiosk: no usable lock file ({primary}, {fallback}); refusing to start")


def start(cfg: settings.Config, *, db_path: Path, content_dir: Path,
          log_dir: Path | None = None) -> Runtime:
    """Everything before Qt starts. Raises AlreadyRunning; never raises for a bad database."""
    log_file = logs.setup_logging(cfg["ops.log_level"], log_dir or settings.log_dir())
    crash.install()
    log.info("kiosk: starting pid=%d python=%s frozen=%s db=%s log=%s", os.getpid(),
             sys.version.split()[0], bool(getattr(sys, "frozen", False)), db_path, log_file)
    for p in cfg.problems:
        log.warning("settings: %s", p)
    held = _take_lock(db_path)
    if held.previous_run_crashed:
        log.warning("the previous run did not exit cleanly (%s): killed, crashed or power cut",
                    held.previous.strip())
    report = heal.check_and_heal(db_path, content_dir)
    daily = None
    if report.writable and report.usable:
        keep = cfg["ops.backups_keep"]
        try:
            backup.ensure_daily_backup(db_path, keep=keep)
        except backup.BackupError as exc:
            log.error("daily backup failed: %s", exc)
        daily = backup.DailyBackups(db_path, keep=keep)
        daily.start()
    beat = watchdog.Heartbeat()
    hang = watchdog.HangWatchdog(beat, limit_s=cfg["ops.hang_limit_s"])
    hang.start()
    kept_on = watchdog.keep_display_on()
    return Runtime(cfg, Path(db_path), log_file, held, report, beat, hang, daily, kept_on)
