"""``kiosk export OUT.zip``: write the content (published and hidden exhibits) to a bundle."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import paths
from kiosk.bundles.export import ExportError, export_to
from kiosk.content.store import StoreError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, metavar="OUT.zip", help="bundle file to write")


def run(args: argparse.Namespace) -> int:
    db = paths.db_path(args.db)
    if not db.exists():
        print(f"kiosk export: {db}: no database (run `kiosk seed` first)", file=sys.stderr)
        return 3
    try:
        result = export_to(db, args.out)
    except (ExportError, StoreError) as exc:
        print(f"kiosk export: {exc}", file=sys.stderr)
        return 3
    for warning in result.warnings:
        print(f"kiosk export: warning: {warning}", file=sys.stderr)
    print(f"kiosk export: {result.path}: {result.exhibits} exhibits, {result.files} files")
    return 0
