"""``kiosk import IN.zip``: replace the content with a bundle, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import paths, settings
from kiosk.bundles.importer import import_bundle, pinned_keys
from kiosk.bundles.safezip import BundleRefused
from kiosk.content.store import StoreError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bundle", type=Path, metavar="IN.zip", help="bundle file to import")


def run(args: argparse.Namespace) -> int:
    db = paths.db_path(args.db)
    cfg = settings.load(args.config)
    keep = cfg["ops.backups_keep"]
    try:
        result = import_bundle(db, args.bundle, keep_backups=keep,
                               public_keys=pinned_keys(cfg))
    except BundleRefused as exc:
        print(f"kiosk import: {args.bundle} was refused; the content was not changed:",
              file=sys.stderr)
        for reason in exc.reasons:
            print(f"  {reason}", file=sys.stderr)
        return 2
    except (StoreError, OSError) as exc:
        print(f"kiosk import: {exc}; the content was not changed", file=sys.stderr)
        return 3
    print(f"kiosk import: {db}: {result.exhibits} exhibits, {result.images} images "
          f"(backup: {result.backup})")
    if result.drafts_replaced:
        print(f"kiosk import: {result.drafts_replaced} unpublished drafts were replaced; "
              "they remain in the backup")
    return 0
