"""Screenshots of the frozen kiosk on real display servers, checked against its own render.

Usage:
  screens_check.py grab-x OUT.png           the root window of $DISPLAY (an X server) to PNG
  screens_check.py compare REF.png SHOT.png [NAME]
      exit 0 when SHOT is the attract page REF shows, not a black or half-painted screen

Needs only PySide6 (the dist venv has it). The attract loop cross-fades between exhibits, so
the check compares what every hero shares: the whole frame's brightness and colour, the share
of black pixels over the whole frame and in each of its 4x4 tiles (a screen painted only
around the pulsing button is black in most tiles), and detail (variance) in the picture area.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QColor, QGuiApplication, QImage

GRID = 4


def stats(img: QImage) -> dict[str, float]:
    small = img.convertToFormat(QImage.Format.Format_RGB32).scaled(160, 90)
    w, h = small.width(), small.height()
    lum: list[float] = []
    black_tiles = 0
    tile_black: dict[tuple[int, int], list[int]] = {}
    rgb = [0.0, 0.0, 0.0]
    for y in range(h):
        for x in range(w):
            c = QColor(small.pixel(x, y))
            v = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()
            lum.append(v)
            rgb[0] += c.red()
            rgb[1] += c.green()
            rgb[2] += c.blue()
            t = tile_black.setdefault((x * GRID // w, y * GRID // h), [0, 0])
            t[0] += v < 4
            t[1] += 1
    for black, total in tile_black.values():
        black_tiles += black > 0.9 * total
    n = len(lum)
    mean = sum(lum) / n
    top = lum[: n * 2 // 3]  # the picture (the prompt and shading sit at the bottom)
    top_mean = sum(top) / len(top)
    return {
        "mean": mean,
        "black": sum(v < 4 for v in lum) / n,
        "black_tiles": float(black_tiles),
        "top_std": (sum((v - top_mean) ** 2 for v in top) / len(top)) ** 0.5,
        "blue_minus_red": (rgb[2] - rgb[0]) / n,
    }


def compare(ref_path: str, shot_path: str, name: str) -> int:
    ref, shot = QImage(ref_path), QImage(shot_path)
    if ref.isNull() or shot.isNull():
        print(f"FAIL {name}: cannot read {ref_path if ref.isNull() else shot_path}")
        return 1
    r, s = stats(ref), stats(shot)
    problems = []
    if s["black"] > 0.05 or s["black_tiles"] > 0:
        problems.append(f"black: {s['black']:.0%} of the frame, {s['black_tiles']:.0f} of "
                        f"{GRID * GRID} tiles")
    if not 0.4 * r["mean"] <= s["mean"] <= 1.8 * r["mean"]:
        problems.append(f"brightness {s['mean']:.1f}, the render has {r['mean']:.1f}")
    if s["top_std"] < 0.2 * r["top_std"]:  # a video slide is darker and softer than a picture
        problems.append(f"little detail in the picture (std {s['top_std']:.1f}, "
                        f"render {r['top_std']:.1f})")
    if (s["blue_minus_red"] > 0) != (r["blue_minus_red"] > 0):
        problems.append("colours unlike the render's")
    detail = (f"mean {s['mean']:.1f} (render {r['mean']:.1f}), black {s['black']:.1%}, "
              f"picture std {s['top_std']:.1f} (render {r['top_std']:.1f})")
    if problems:
        print(f"FAIL {name}: not the attract page: {'; '.join(problems)} [{detail}]")
        return 1
    print(f"OK {name}: the attract page [{detail}]")
    return 0


def grab_x(out: str) -> int:
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    app = QGuiApplication(sys.argv[:1])
    screen = app.primaryScreen()
    if screen is None:
        print("FAIL: no screen on $DISPLAY")
        return 1
    ok = screen.grabWindow(0).save(out)
    return 0 if ok else 1


def main() -> int:
    if len(sys.argv) >= 3 and sys.argv[1] == "grab-x":
        return grab_x(sys.argv[2])
    if len(sys.argv) >= 4 and sys.argv[1] == "compare":
        app = QGuiApplication.instance() or QGuiApplication(  # noqa: F841  (QImage needs one)
            [sys.argv[0], "-platform", "offscreen"])
        return compare(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "shot")
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
