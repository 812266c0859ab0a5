"""``kiosk set-pin``: set the curator PIN (asked twice; two lines on stdin for scripts)."""

from __future__ import annotations

import argparse
import getpass
import sys

from kiosk import paths
from kiosk.content.store import StoreError, opened
from kiosk.curation.pin import PinError, set_pin, validate_pin


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Set the 4-8 digit PIN that opens admin mode. On a terminal it is "
                          "asked twice; otherwise two lines are read from standard input.")


def _read_twice() -> tuple[str, str]:
    if sys.stdin.isatty():
        first = getpass.getpass("New PIN (4-8 digits): ")
        second = getpass.getpass("Repeat the PIN: ")
        return first.strip(), second.strip()
    lines = sys.stdin.read().splitlines()
    if len(lines) < 2:
        raise PinError("expected the PIN on two lines of standard input")
    return lines[0].strip(), lines[1].strip()


def run(args: argparse.Namespace) -> int:
    try:
        first, second = _read_twice()
        if first != second:
            raise PinError("the two PINs differ")
        validate_pin(first)
    except PinError as exc:
        print(f"kiosk set-pin: {exc}; the PIN was not changed", file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        print("kiosk set-pin: cancelled; the PIN was not changed", file=sys.stderr)
        return 2
    db = paths.db_path(args.db)
    try:
        with opened(db) as conn:
            set_pin(conn, first, via="kiosk set-pin")
    except StoreError as exc:
        print(f"kiosk set-pin: {exc}", file=sys.stderr)
        return 3
    print(f"kiosk set-pin: the PIN is set ({db})")
    return 0
