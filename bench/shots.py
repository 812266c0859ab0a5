"""Render every page in both languages and at the three layouts to PNG (for review and guides)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

SIZES = {"landscape": "1920x1080", "portrait": "1080x1920", "small": "1280x800"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("var/shots"))
    ap.add_argument("--sizes", default="landscape,portrait,small")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kiosk.content import store
    with store.opened(args.db) as db:
        slugs = [e.slug for e in store.list_exhibits(db)]
    pages = ["attract", "home", "info"] + [f"exhibit:{s}" for s in slugs]
    for size in args.sizes.split(","):
        for lang in ("zh", "en"):
            for page in pages:
                out = args.out / f"{size}-{lang}-{page.replace(':', '-')}.png"
                cmd = [sys.executable, "-m", "kiosk", "shot", str(out), "--page", page,
                       "--lang", lang, "--size", SIZES[size], "--db", str(args.db)]
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode:
                    print(r.stderr, file=sys.stderr)
                    return r.returncode
                print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
