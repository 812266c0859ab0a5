"""``kiosk`` / ``kiosk run``: the kiosk itself, fullscreen, locked, under qasync.

The start-up itself (lock, first paint, then asyncio) is ``kiosk.ui.startup``.
"""

from __future__ import annotations

import argparse

from kiosk import paths, settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--windowed", action="store_true",
                        help="a normal window (for a desk), not fullscreen")
    parser.add_argument("--size", default="1280x800", help="window size with --windowed")
    parser.add_argument("--page", choices=("attract", "home"), default="attract",
                        help="first page (default attract; home for a desk or a benchmark)")


def run(args: argparse.Namespace) -> int:
    from kiosk.ui.startup import run_kiosk

    return run_kiosk(settings.load(args.config), paths.db_path(args.db),
                     windowed=args.windowed, size=args.size, page=args.page)
