"""``kiosk settings``: print every setting, and the problems of the current settings file."""

from __future__ import annotations

import argparse

from kiosk import settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check", action="store_true",
                        help="only check the settings file; exit 1 if it has problems")


def run(args: argparse.Namespace) -> int:
    cfg = settings.load(args.config)
    if not args.check:
        print(settings.describe())
    print(f"# settings file: {cfg.path}")
    for p in cfg.problems:
        print(f"# problem: {p}")
    return 1 if cfg.problems and args.check else 0
