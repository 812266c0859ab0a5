"""The curator PIN: 4–8 digits, stored only as a salted scrypt hash in the settings table.

The PIN itself is never logged, never audited and never kept after the check.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from sqlite_utils import Database

from kiosk.content import store
from kiosk.curation import audit

PIN_KEY = "admin.pin"
PIN_RE = re.compile(r"^[0-9]{4,8}$")
# scrypt cost: n=2**14, r=8 needs 128·n·r = 16 MiB; maxmem leaves room for OpenSSL's overhead
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024
SALT_BYTES = 16
DKLEN = 32


class PinError(ValueError):
    """The PIN is not acceptable; the message says why (bilingual text is the UI's job)."""


def validate_pin(pin: str) -> None:
    if not PIN_RE.match(pin):
        raise PinError("the PIN must be 4 to 8 digits (0-9)")


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("ascii"), salt=salt, n=n, r=r, p=p,
                          maxmem=SCRYPT_MAXMEM, dklen=DKLEN)


def hash_pin(pin: str) -> dict[str, object]:
    """A record to store: the parameters travel with the hash so they can be raised later."""
    validate_pin(pin)
    salt = secrets.token_bytes(SALT_BYTES)
    return {"alg": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P,
            "salt": salt.hex(), "hash": _derive(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P).hex()}


def verify_hash(pin: str, record: dict[str, object]) -> bool:
    if not PIN_RE.match(pin):
        return False
    try:
        salt = bytes.fromhex(str(record["salt"]))
        expected = bytes.fromhex(str(record["hash"]))
        n, r, p = (int(str(record[k])) for k in ("n", "r", "p"))
    except (KeyError, ValueError, TypeError):
        return False
    try:
        got = _derive(pin, salt, n, r, p)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)


def has_pin(db: Database) -> bool:
    """Admin mode cannot be entered until a PIN is set."""
    return isinstance(store.get_setting(db, PIN_KEY), dict)


def set_pin(db: Database, pin: str, *, via: str = "admin") -> None:
    """Store a new PIN (validated) and audit the change; resets the failure counter."""
    from kiosk.curation import lockout  # imported here because lockout imports this module

    record = hash_pin(pin)
    with db.atomic():
        store.set_setting(db, PIN_KEY, record)
        lockout.reset(db)
        audit.record(db, "pin_change", detail=f"via {via}")


def check_pin(db: Database, pin: str) -> bool:
    """Compare only; lockout and auditing are in ``lockout.attempt``."""
    record = store.get_setting(db, PIN_KEY)
    return isinstance(record, dict) and verify_hash(pin, record)
