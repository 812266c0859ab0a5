"""PIN hashing, lockout with a persisted counter, and `kiosk set-pin`."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from kiosk.commands import set_pin as set_pin_command
from kiosk.content import store
from kiosk.curation import audit, lockout, pin
from kiosk.curation.lockout import Outcome


def test_hash_is_salted_and_verifies() -> None:
    a, b = pin.hash_pin("1234"), pin.hash_pin("1234")
    assert a["salt"] != b["salt"] and a["hash"] != b["hash"]
    assert "1234" not in repr(a)
    assert pin.verify_hash("1234", a) and pin.verify_hash("1234", b)
    assert not pin.verify_hash("1235", a)
    assert not pin.verify_hash("12a4", a)


@pytest.mark.parametrize("bad", ["", "123", "123456789", "12 34", "abcd", "١٢٣٤"])
def test_pin_must_be_4_to_8_ascii_digits(bad: str) -> None:
    with pytest.raises(pin.PinError):
        pin.validate_pin(bad)


def test_no_pin_means_no_entry(db: Database, clock) -> None:
    assert not pin.has_pin(db)
    assert lockout.attempt(db, "1234", clock=clock).outcome is Outcome.NO_PIN


def test_lockout_doubles_and_survives_restart(db_path: Path, clock) -> None:
    with store.opened(db_path) as db:
        pin.set_pin(db, "2468")
        for i in range(1, 5):
            assert lockout.attempt(db, "0000", clock=clock) == lockout.Attempt(Outcome.WRONG, i)
        fifth = lockout.attempt(db, "0000", clock=clock)
        assert fifth.outcome is Outcome.LOCKED and fifth.retry_after_s == 30
        # even the right PIN is refused while locked, and is not checked or counted
        assert lockout.attempt(db, "2468", clock=clock).outcome is Outcome.LOCKED
    clock.advance(29)
    with store.opened(db_path) as db:  # a restart does not reset the lock
        locked = lockout.attempt(db, "2468", clock=clock)
        assert locked.outcome is Outcome.LOCKED and locked.retry_after_s == pytest.approx(1)
        clock.advance(1)
        sixth = lockout.attempt(db, "1111", clock=clock)
        assert (sixth.outcome, sixth.failures, sixth.retry_after_s) == (Outcome.LOCKED, 6, 60)
        clock.advance(60)
        assert lockout.attempt(db, "1111", clock=clock).retry_after_s == 120
        clock.advance(120)
        assert lockout.attempt(db, "2468", clock=clock).outcome is Outcome.OK
        assert lockout.failures(db) == 0
        assert lockout.attempt(db, "0000", clock=clock).outcome is Outcome.WRONG
        actions = [e.action for e in audit.audit_entries(db, limit=50)]
    assert actions.count("pin_failed") == 8 and actions.count("pin_locked") == 3
    assert actions[:2] == ["pin_failed", "admin_enter"]


def test_lock_is_capped_at_one_hour(db: Database, clock) -> None:
    assert lockout.lock_seconds(4) == 0
    assert [lockout.lock_seconds(n) for n in (5, 6, 7)] == [30, 60, 120]
    assert lockout.lock_seconds(12) == 3600 and lockout.lock_seconds(40) == 3600
    pin.set_pin(db, "2468")
    clock.advance(0)
    for _ in range(20):
        result = lockout.attempt(db, "0000", clock=clock)
        clock.advance(result.retry_after_s)
    assert result.retry_after_s == 3600


def test_clock_set_back_does_not_lock_for_longer(db: Database, clock) -> None:
    pin.set_pin(db, "2468")
    for _ in range(5):
        lockout.attempt(db, "0000", clock=clock)
    clock.advance(-10 * 24 * 3600)  # RTC reset to an old date
    assert lockout.remaining_lock(db, clock=clock) == 3600


def test_pin_never_reaches_the_database_or_audit(db: Database, db_path: Path, clock) -> None:
    pin.set_pin(db, "97531")
    lockout.attempt(db, "86420", clock=clock)
    db.close()
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert b"97531" not in raw and b"86420" not in raw


def _set_pin_cli(db_path: Path, stdin: str, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    # the command module directly: kiosk.cli imports every command, the Qt ones too
    rc = set_pin_command.run(argparse.Namespace(db=db_path, config=None))
    return rc, capsys.readouterr().err


def test_set_pin_command_reads_two_lines(db_path: Path, monkeypatch, capsys, clock) -> None:
    assert _set_pin_cli(db_path, "1234\n4321\n", monkeypatch, capsys)[0] == 2
    rc, err = _set_pin_cli(db_path, "12\n12\n", monkeypatch, capsys)
    assert rc == 2 and "4 to 8 digits" in err
    assert _set_pin_cli(db_path, "5555\n", monkeypatch, capsys)[0] == 2
    with store.opened(db_path) as db:
        assert not pin.has_pin(db)
    assert _set_pin_cli(db_path, "8642\n8642\n", monkeypatch, capsys)[0] == 0
    with store.opened(db_path) as db:
        assert lockout.attempt(db, "8642", clock=clock).outcome is Outcome.OK
        changes = audit.audit_entries(db, action="pin_change")
        assert len(changes) == 1 and "8642" not in changes[0].detail


def test_set_pin_in_a_real_process_with_piped_stdin(db_path: Path, clock) -> None:
    proc = subprocess.run([sys.executable, "-m", "kiosk", "set-pin", "--db", str(db_path)],
                          input="13579\n13579\n", capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[3])
    assert proc.returncode == 0, proc.stderr
    assert "13579" not in proc.stdout + proc.stderr
    with store.opened(db_path) as db:
        assert pin.check_pin(db, "13579")
