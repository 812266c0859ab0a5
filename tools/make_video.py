"""Render the seed video of the titration robot: the simulator's curve drawn as it titrates.

Run: .venv/bin/python tools/make_video.py [--out FILE] [--size WxH] [--seconds S] [--fps N]

Drawn with Pillow from ``kiosk.analysis.titration.ph_curve`` (0.1 M NaOH into 20 mL of 0.1 M
acetic acid), no text in the picture (captions are bilingual in exhibit.toml), encoded with
PyAV's libx264 (the test extra; the kiosk only plays it). Deterministic: same file every run
for the same arguments. Also used by tests and the bench to make clips of other sizes.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from kiosk.analysis.titration import ph_curve

OUT = Path(__file__).resolve().parents[1] / "content" / "exhibits" / "titration-robot" / "titration.mp4"
BG = (14, 26, 43)
GRID = (36, 58, 84)
CURVE = (94, 214, 196)
ACCENT = (255, 120, 170)
GLASS = (200, 220, 235)


def frame(t: float, w: int, h: int, v: np.ndarray, ph: np.ndarray, v_eq: float) -> Image.Image:
    """The picture at fraction ``t`` (0..1) of the run."""
    s = w / 640
    img = Image.new("RGB", (w, h), BG)
    d = ImageDraw.Draw(img)
    # the chart: pH 0-14 against volume, on the right
    x0, y0, x1, y1 = 0.42 * w, 0.12 * h, 0.94 * w, 0.86 * h
    for k in range(0, 15, 2):
        y = y1 - (y1 - y0) * k / 14
        d.line([(x0, y), (x1, y)], fill=GRID, width=max(1, int(s)))
    for k in range(6):
        x = x0 + (x1 - x0) * k / 5
        d.line([(x, y0), (x, y1)], fill=GRID, width=max(1, int(s)))
    n = max(2, int(len(v) * t))
    vmax = float(v[-1])
    pts = [(x0 + (x1 - x0) * float(vi) / vmax, y1 - (y1 - y0) * float(pi) / 14)
           for vi, pi in zip(v[:n], ph[:n], strict=True)]
    d.line(pts, fill=CURVE, width=max(2, int(3 * s)), joint="curve")
    cx, cy = pts[-1]
    r = 5 * s
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=ACCENT if ph[n - 1] > 8.2 else CURVE)
    if v[n - 1] >= v_eq:  # the equivalence point, marked once reached
        ex = x0 + (x1 - x0) * v_eq / vmax
        d.line([(ex, y0), (ex, y1)], fill=ACCENT, width=max(1, int(2 * s)))
    # the beaker on the left: liquid rises with the volume, turns pink past pH 8.2
    bx0, by0, bx1, by1 = 0.08 * w, 0.38 * h, 0.32 * w, 0.86 * h
    level = by1 - (by1 - by0) * (0.45 + 0.4 * float(v[n - 1]) / vmax)
    mix = min(1.0, max(0.0, (float(ph[n - 1]) - 8.2) / 1.5))
    liquid = tuple(int(a + (b - a) * mix) for a, b in zip((70, 110, 150), ACCENT, strict=True))
    d.rectangle([bx0, level, bx1, by1], fill=liquid)
    d.line([(bx0, by0), (bx0, by1), (bx1, by1), (bx1, by0)], fill=GLASS, width=max(2, int(3 * s)))
    # the burette tip and a falling drop
    tip = (0.5 * (bx0 + bx1), 0.1 * h)
    d.rectangle([tip[0] - 4 * s, 0, tip[0] + 4 * s, tip[1]], fill=GLASS)
    phase = (t * 40) % 1.0
    dy = tip[1] + (level - tip[1]) * phase
    d.ellipse([tip[0] - 3 * s, dy - 4 * s, tip[0] + 3 * s, dy + 4 * s], fill=(170, 200, 230))
    # a stirrer bar spinning at the bottom
    ang = t * 60
    cxb, cyb, rb = 0.5 * (bx0 + bx1), by1 - 8 * s, 0.07 * w
    d.line([(cxb - rb * math.cos(ang), cyb - 2 * s * math.sin(ang)),
            (cxb + rb * math.cos(ang), cyb + 2 * s * math.sin(ang))], fill=GLASS,
           width=max(2, int(4 * s)))
    return img


def render(out: Path, *, size: tuple[int, int] = (640, 360), seconds: float = 8.0,
           fps: int = 20, crf: int = 26, codec: str = "libx264") -> Path:
    import av

    w, h = size
    v = np.linspace(0, 30, 600)
    ph = ph_curve(v, acid_conc=0.1, acid_volume_ml=20, base_conc=0.1, pka=4.76)
    frames = int(seconds * fps)
    out.parent.mkdir(parents=True, exist_ok=True)
    options = {"crf": str(crf), "preset": "slow", "tune": "animation"} if codec == "libx264" \
        else {"crf": str(crf + 10), "b": "0", "deadline": "good", "cpu-used": "4"}
    with av.open(str(out), "w", options={"movflags": "+faststart"} if out.suffix == ".mp4"
                 else {}) as container:
        stream = container.add_stream(codec, rate=fps, options=options)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        for i in range(frames):
            t = i / max(1, frames - 1)
            img = frame(min(1.0, t * 1.15), w, h, v, ph, 20.0)
            for packet in stream.encode(av.VideoFrame.from_image(img)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--size", default="640x360")
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--fps", type=int, default=20)
    ap.add_argument("--codec", default="libx264", choices=("libx264", "libvpx-vp9"))
    args = ap.parse_args()
    w, h = (int(x) for x in args.size.split("x"))
    out = render(args.out, size=(w, h), seconds=args.seconds, fps=args.fps, codec=args.codec)
    print(f"{out}: {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
