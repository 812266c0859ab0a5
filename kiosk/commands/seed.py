"""``kiosk seed``: build the database from a content folder, all or nothing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import paths
from kiosk.content.loader import ContentError
from kiosk.content.seed import SeedRefused, seed
from kiosk.content.store import StoreError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=None,
                        help="content folder (default: the bundled content/)")
    parser.add_argument("--force", action="store_true",
                        help="replace content that curators have edited")


def run(args: argparse.Namespace) -> int:
    db = paths.db_path(args.db)
    content = args.content or paths.content_dir()
    try:
        result = seed(db, content, force=args.force)
    except ContentError as exc:
        print(f"kiosk seed: {content} is not valid; the database was not changed:", file=sys.stderr)
        for p in exc.problems:
            print(f"  {p}", file=sys.stderr)
        return 2
    except (SeedRefused, StoreError) as exc:
        print(f"kiosk seed: {exc}", file=sys.stderr)
        return 3
    print(f"kiosk seed: {db}: {result.value}")
    return 0
