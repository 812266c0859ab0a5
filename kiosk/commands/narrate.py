"""``kiosk narrate``: write the missing narrations with the offline speech engine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk import paths


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--slug", action="append", default=None,
                        help="only this exhibit (repeat for several)")
    parser.add_argument("--lang", choices=("zh", "en"), action="append", default=None,
                        help="only this language")
    parser.add_argument("--voice", default=None,
                        help="engine voice: espeak cmn / en-us / en+f3…, or a Windows voice name")
    parser.add_argument("--content", type=Path, default=None,
                        help="write audio/narration.<lang>.ogg into this content folder "
                             "instead of the database")


def run(args: argparse.Namespace) -> int:
    from kiosk.content.loader import ContentError
    from kiosk.content.store import StoreError
    from kiosk.curation import narrate
    from kiosk.media.audio import AudioError
    from kiosk.media.speech import SpeechError

    kw = {"slugs": args.slug, "langs": args.lang, "voice": args.voice, "progress": print}
    try:
        if args.content is not None:
            made = narrate.into_folder(args.content, **kw)
        else:
            made = narrate.into_database(paths.db_path(args.db), **kw)
    except (SpeechError, AudioError, ContentError, StoreError) as exc:
        print(f"kiosk narrate: {exc}", file=sys.stderr)
        return 1
    if not made:
        print("kiosk narrate: every exhibit already has its narrations; nothing written")
    else:
        print(f"kiosk narrate: {len(made)} narration(s) written, marked as synthesized: "
              "replace them with a recorded voice when you can")
    return 0
