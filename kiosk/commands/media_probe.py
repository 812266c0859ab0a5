"""``kiosk media-probe VIDEO POSTER``: used by imports to decode a video.

See kiosk.ui.media_probe.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("video")
    parser.add_argument("poster", help="where to write the poster PNG")


def run(args: argparse.Namespace) -> int:
    from kiosk.ui.media_probe import main

    return main([args.video, args.poster])
