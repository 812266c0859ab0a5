"""The ``kiosk`` command: start the kiosk, or run one of the installer/curator subcommands."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

# name -> (module under kiosk.commands, one line of help)
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("run", "start the kiosk (the default)"),
    "seed": ("seed", "build the database from a content folder"),
    "shot": ("shot", "render a page to a PNG file, offscreen"),
    "doctor": ("doctor", "check the installation; --sensors checks the live feeds"),
    "export": ("export", "write the content to a bundle zip"),
    "import": ("import_bundle", "replace the content with a bundle zip"),
    "set-pin": ("set_pin", "set the curator PIN"),
    "settings": ("settings", "list every setting with its default and meaning"),
    "fleet": ("fleet", "the showroom's fleet: keys, releases, kiosks' status, commands"),
    "narrate": ("narrate", "write missing narrations with the offline speech engine"),
    "stats": ("stats", "visitor statistics for a date range"),
    "media-probe": ("media_probe", "decode a video offscreen and make its poster (for imports)"),
}


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="content database (default: kiosk.db in the platform data dir)")
    parser.add_argument("--config", type=Path, default=None,
                        help="settings file (default: config.toml in the platform config dir)")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that command's module is imported (start-up speed)."""
    parser = argparse.ArgumentParser(prog="kiosk", description=__doc__)
    _common(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        _common(p)
        if only is not None and name != only:
            continue
        try:
            mod = importlib.import_module(f"kiosk.commands.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"kiosk.commands.{module}":
                raise
            continue
        mod.add_arguments(p)
        p.set_defaults(_module=mod)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # bare `kiosk` and `kiosk --windowed` start the kiosk
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["run", *argv]
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None)
    args = parser.parse_args(argv)
    module = getattr(args, "_module", None)
    if module is None:
        parser.error(f"the {args.command!r} command is not available in this build")
    return int(module.run(args) or 0)
