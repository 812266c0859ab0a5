"""Admin entry with lockout: 5 wrong PINs lock entry for 30 s, doubling per further failure.

State lives in the settings table, so restarting the kiosk does not reset it. Time comes from
an injectable wall clock (epoch seconds): a monotonic clock does not survive a restart.
"""

from __future__ import annotations

import dataclasses
import enum
import time
from collections.abc import Callable

from sqlite_utils import Database

from kiosk.content import store
from kiosk.curation import audit, pin

FAILURES_KEY = "admin.pin_failures"
LOCKED_UNTIL_KEY = "admin.pin_locked_until"
FREE_ATTEMPTS = 5
FIRST_LOCK_S = 30.0
MAX_LOCK_S = 3600.0

Clock = Callable[[], float]


class Outcome(enum.Enum):
    OK = "ok"
    WRONG = "wrong"           # wrong PIN, not (yet) locked
    LOCKED = "locked"         # refused without checking: entry is locked
    NO_PIN = "no_pin"         # no PIN set: `kiosk set-pin` first


@dataclasses.dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    failures: int = 0
    retry_after_s: float = 0.0   # > 0 while locked: seconds until the next attempt is allowed


def lock_seconds(failures: int) -> float:
    """Lock length after ``failures`` consecutive wrong PINs (0 below the free attempts)."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_LOCK_S, FIRST_LOCK_S * 2.0 ** (failures - FREE_ATTEMPTS))


def failures(db: Database) -> int:
    value = store.get_setting(db, FAILURES_KEY, 0)
    return value if isinstance(value, int) and value >= 0 else 0


def remaining_lock(db: Database, *, clock: Clock = time.time) -> float:
    """Seconds until entry unlocks; 0 when not locked."""
    until = store.get_setting(db, LOCKED_UNTIL_KEY, 0.0)
    if not isinstance(until, (int, float)):
        return 0.0
    left = float(until) - clock()
    # a clock set back by hours must not lock the curators out for hours: cap at the maximum
    return max(0.0, min(left, MAX_LOCK_S))


def reset(db: Database) -> None:
    with db.atomic():
        store.set_setting(db, FAILURES_KEY, 0)
        store.set_setting(db, LOCKED_UNTIL_KEY, 0.0)


def attempt(db: Database, entered: str, *, clock: Clock = time.time) -> Attempt:
    """Try to enter admin mode with ``entered``; persist and audit the outcome."""
    if not pin.has_pin(db):
        return Attempt(Outcome.NO_PIN)
    left = remaining_lock(db, clock=clock)
    if left > 0:
        return Attempt(Outcome.LOCKED, failures(db), left)
    if pin.check_pin(db, entered):
        with db.atomic():
            reset(db)
            audit.record(db, "admin_enter")
        return Attempt(Outcome.OK)
    with db.atomic():
        count = failures(db) + 1
        store.set_setting(db, FAILURES_KEY, count)
        audit.record(db, "pin_failed", detail=f"failure {count}")
        lock = lock_seconds(count)
        if lock > 0:
            store.set_setting(db, LOCKED_UNTIL_KEY, clock() + lock)
            audit.record(db, "pin_locked", detail=f"{lock:g} s")
    if lock > 0:
        return Attempt(Outcome.LOCKED, count, lock)
    return Attempt(Outcome.WRONG, count)


def record_exit(db: Database, *, reason: str = "exit") -> None:
    """Admin mode ended (explicit exit or idle timeout)."""
    audit.record(db, "admin_exit", detail=reason)
