"""Regenerate the seed illustrations of every exhibit (deterministic, no text in any image).

Run from the repository: ``.venv/bin/python tools/illustrate.py [slug ...] [--preview DIR]``

Look: dark navy/teal backdrop, light isometric instrument bodies, one accent colour per exhibit,
soft shadows and glows. Everything is drawn at 2x and downscaled with LANCZOS for anti-aliasing.
Coordinates in this file are in output pixels (1600x1000); the helpers scale them.
"""

from __future__ import annotations

import itertools
import math
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

W, H = 1600, 1000
SS = 2  # supersampling factor
CONTENT = Path(__file__).resolve().parents[1] / "content" / "exhibits"

Color = tuple[int, ...]
Pt = tuple[float, float]
MaskFn = Callable[[ImageDraw.ImageDraw], None]
FillFn = Callable[[int, int], Image.Image]

# Palette shared by all exhibits; each exhibit adds one accent.
NAVY = (7, 15, 31)
NAVY_2 = (11, 28, 50)
TEAL = (8, 62, 74)
PANEL = (17, 34, 58)
LINE = (120, 170, 200)
BODY_TOP = (238, 243, 249)
BODY_LEFT = (196, 208, 224)
BODY_RIGHT = (150, 167, 190)
DARK_TOP = (52, 70, 96)
DARK_LEFT = (34, 50, 74)
DARK_RIGHT = (24, 37, 58)
GLASS = (14, 26, 44)

ACCENTS = {
    "gc-ms": (255, 150, 70),
    "titration-robot": (170, 140, 255),
    "robot-training-ground": (60, 220, 160),
    "yidian-branch": (70, 195, 250),
}


# --------------------------------------------------------------------------- colour & geometry
def mix(a: Color, b: Color, t: float) -> Color:
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def rgba(c: Color, a: int = 255) -> Color:
    return (c[0], c[1], c[2], c[3] if len(c) > 3 else a)


def sc(pts: Sequence[Pt]) -> list[Pt]:
    return [(x * SS, y * SS) for x, y in pts]


def box_s(b: Sequence[float]) -> list[float]:
    return [v * SS for v in b]


# --------------------------------------------------------------------------- mask shapes
def poly(pts: Sequence[Pt]) -> MaskFn:
    return lambda d: d.polygon(sc(pts), fill=255)


def ellipse(b: Sequence[float]) -> MaskFn:
    return lambda d: d.ellipse(box_s(b), fill=255)


def rrect(b: Sequence[float], r: float) -> MaskFn:
    return lambda d: d.rounded_rectangle(box_s(b), radius=r * SS, fill=255)


def stroke(pts: Sequence[Pt], width: float, caps: bool = True) -> MaskFn:
    def draw(d: ImageDraw.ImageDraw) -> None:
        s = sc(pts)
        d.line(s, fill=255, width=max(1, int(width * SS)), joint="curve")
        if caps:
            r = width * SS / 2
            for x, y in (s[0], s[-1]):
                d.ellipse([x - r, y - r, x + r, y + r], fill=255)

    return draw


def ring(c: Pt, r: float, width: float) -> MaskFn:
    x, y = c
    return lambda d: d.ellipse(box_s([x - r, y - r, x + r, y + r]), outline=255,
                               width=max(1, int(width * SS)))


def union(*shapes: MaskFn) -> MaskFn:
    def draw(d: ImageDraw.ImageDraw) -> None:
        for s in shapes:
            s(d)

    return draw


# --------------------------------------------------------------------------- fills
def grad(c0: Color, c1: Color, angle: float = 90.0) -> FillFn:
    """Linear gradient across the shape's bounding box; angle 90 = top to bottom."""

    def make(w: int, h: int) -> Image.Image:
        a = math.radians(angle)
        xs = np.linspace(-0.5, 0.5, w)[None, :] * math.cos(a)
        ys = np.linspace(-0.5, 0.5, h)[:, None] * math.sin(a)
        span = abs(math.cos(a)) / 2 + abs(math.sin(a)) / 2
        t = np.clip((xs + ys) / (2 * span) + 0.5, 0, 1)[..., None]
        c0a, c1a = np.array(rgba(c0), float), np.array(rgba(c1), float)
        arr = c0a + (c1a - c0a) * t
        return Image.fromarray(arr.astype(np.uint8), "RGBA")

    return make


def solid(c: Color) -> FillFn:
    return lambda w, h: Image.new("RGBA", (w, h), rgba(c))


def paint(im: Image.Image, shape: MaskFn, fill: Color | FillFn, opacity: float = 1.0) -> None:
    """Fill a shape (drawn as a mask) with a colour or gradient, alpha-composited onto im."""
    mask = Image.new("L", im.size, 0)
    shape(ImageDraw.Draw(mask))
    bb = mask.getbbox()
    if bb is None:
        return
    m = mask.crop(bb)
    src = (fill if callable(fill) else solid(fill))(bb[2] - bb[0], bb[3] - bb[1])
    alpha = ImageChops.multiply(src.getchannel("A"), m)
    if opacity < 1.0:
        alpha = alpha.point(lambda v: int(v * opacity))
    src.putalpha(alpha)
    im.alpha_composite(src, dest=(bb[0], bb[1]))


def blurred(im: Image.Image, shape: MaskFn, color: Color, radius: float, opacity: float,
            offset: Pt = (0, 0)) -> None:
    """Soft shadow (dark colour) or glow (bright colour): the shape's mask, blurred."""
    pad = int(radius * SS * 3)
    mask = Image.new("L", im.size, 0)
    shape(ImageDraw.Draw(mask))
    bb = mask.getbbox()
    if bb is None:
        return
    x0, y0 = max(bb[0] - pad, 0), max(bb[1] - pad, 0)
    x1, y1 = min(bb[2] + pad, im.width), min(bb[3] + pad, im.height)
    m = mask.crop((x0, y0, x1, y1)).filter(ImageFilter.GaussianBlur(radius * SS))
    m = m.point(lambda v: int(v * opacity))
    layer = Image.new("RGBA", m.size, rgba(color))
    layer.putalpha(m)
    dx, dy = int(offset[0] * SS), int(offset[1] * SS)
    # alpha_composite refuses negative destinations, so crop off whatever falls above/left
    sx, sy = max(-(x0 + dx), 0), max(-(y0 + dy), 0)
    im.alpha_composite(layer.crop((sx, sy, *layer.size)), dest=(x0 + dx + sx, y0 + dy + sy))


def glow_line(im: Image.Image, pts: Sequence[Pt], color: Color, width: float,
              glow: float = 10, strength: float = 0.7) -> None:
    blurred(im, stroke(pts, width * 2.5), color, glow, strength)
    paint(im, stroke(pts, width), color)
    paint(im, stroke(pts, max(width * 0.35, 1)), mix(color, (255, 255, 255), 0.6), 0.8)


def dashed(im: Image.Image, a: Pt, b: Pt, color: Color, width: float = 2, dash: float = 10,
           gap: float = 8, opacity: float = 1.0) -> None:
    length = math.dist(a, b)
    if length == 0:
        return
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    segs: list[MaskFn] = []
    t = 0.0
    while t < length:
        e = min(t + dash, length)
        segs.append(stroke([(a[0] + ux * t, a[1] + uy * t), (a[0] + ux * e, a[1] + uy * e)],
                           width))
        t = e + gap
    paint(im, union(*segs), color, opacity)


# --------------------------------------------------------------------------- backdrop & cards
def backdrop(accent: Color, focus: Pt = (800, 520), seed: int = 0) -> Image.Image:
    """Navy-to-teal field with a faint accent halo, a dot grid and a vignette."""
    w, h = W * SS, H * SS
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    xs /= w
    ys /= h
    t = np.clip(0.55 * xs + 0.45 * (1 - ys), 0, 1)[..., None]
    base = np.array(NAVY, np.float32) + (np.array(TEAL, np.float32) - NAVY) * t ** 1.6
    fx, fy = focus[0] / W, focus[1] / H
    d = np.sqrt(((xs - fx) * 1.6) ** 2 + (ys - fy) ** 2)
    halo = np.exp(-(d / 0.42) ** 2)[..., None]
    base += (np.array(accent, np.float32) - base) * halo * 0.10
    base += (np.array(NAVY_2, np.float32) - base) * np.exp(-(d / 0.7) ** 2)[..., None] * 0.5
    vig = np.sqrt((xs - 0.5) ** 2 + (ys - 0.5) ** 2)[..., None]
    base *= 1 - 0.45 * np.clip(vig - 0.25, 0, 1)
    img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB").convert("RGBA")
    dots = Image.new("L", img.size, 0)
    dd = ImageDraw.Draw(dots)
    step = 40 * SS
    for y in range(step // 2, h, step):
        for x in range(step // 2, w, step):
            dd.ellipse([x - 2, y - 2, x + 2, y + 2], fill=255)
    fade = Image.fromarray((np.clip(1.1 - d * 1.1, 0.15, 1) * 30).astype(np.uint8), "L")
    dots = ImageChops.multiply(dots, fade)
    layer = Image.new("RGBA", img.size, rgba(LINE))
    layer.putalpha(dots)
    img.alpha_composite(layer)
    return img


def card(im: Image.Image, b: Sequence[float], r: float = 26, accent: Color | None = None) -> None:
    """A frosted dark card with a hairline border and a soft shadow."""
    blurred(im, rrect(b, r), (0, 4, 12), 24, 0.55, (0, 16))
    paint(im, rrect(b, r), grad(mix(PANEL, (40, 66, 100), 0.35), PANEL, 100), 0.92)
    edge = accent if accent else LINE
    paint(im, lambda d: d.rounded_rectangle(box_s(b), radius=r * SS, outline=255, width=2),
          grad(rgba(edge, 150), rgba(edge, 25), 110))


def grid(im: Image.Image, b: Sequence[float], nx: int, ny: int, opacity: float = 0.10) -> None:
    x0, y0, x1, y1 = b
    lines = [stroke([(x0 + (x1 - x0) * i / nx, y0), (x0 + (x1 - x0) * i / nx, y1)], 1, False)
             for i in range(nx + 1)]
    lines += [stroke([(x0, y0 + (y1 - y0) * j / ny), (x1, y0 + (y1 - y0) * j / ny)], 1, False)
              for j in range(ny + 1)]
    paint(im, union(*lines), LINE, opacity)


def area_under(im: Image.Image, pts: Sequence[Pt], base_y: float, color: Color,
               top_alpha: int = 110) -> None:
    shape = poly([(pts[0][0], base_y), *pts, (pts[-1][0], base_y)])
    paint(im, shape, grad(rgba(color, top_alpha), rgba(color, 0), 90))


def finish(im: Image.Image, path: Path, seed: int, preview: Path | None = None) -> None:
    """Downscale, add a whisper of noise against banding, save as JPEG (+ optional PNG copy)."""
    out = im.convert("RGB").resize((W, H), Image.Resampling.LANCZOS)
    rng = np.random.default_rng(seed)
    arr = np.asarray(out, np.float32) + rng.normal(0, 0.9, (H, W, 1))
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    out.save(path, "JPEG", quality=88, optimize=True, progressive=True, subsampling=0)
    if preview is not None:  # PNG copies for reviewing in tools that cannot show JPEG
        preview.mkdir(parents=True, exist_ok=True)
        out.save(preview / f"{path.parent.name}--{path.stem}.png")


# --------------------------------------------------------------------------- isometric solids
class Iso:
    """Isometric projection: x runs right-down, y runs left-down, z up; s = pixels per unit."""

    C30 = math.cos(math.radians(30))

    def __init__(self, ox: float, oy: float, s: float) -> None:
        self.ox, self.oy, self.s = ox, oy, s

    def p(self, x: float, y: float, z: float = 0.0) -> Pt:
        return (self.ox + (x - y) * self.C30 * self.s, self.oy + ((x + y) * 0.5 - z) * self.s)

    def ps(self, pts: Sequence[tuple[float, float, float]]) -> list[Pt]:
        return [self.p(*q) for q in pts]

    def circle(self, cx: float, cy: float, cz: float, r: float, plane: str = "xy",
               n: int = 72) -> list[Pt]:
        out = []
        for i in range(n):
            a = 2 * math.pi * i / n
            u, v = r * math.cos(a), r * math.sin(a)
            q = {"xy": (cx + u, cy + v, cz), "xz": (cx + u, cy, cz + v),
                 "yz": (cx, cy + u, cz + v)}[plane]
            out.append(self.p(*q))
        return out

    def box(self, im: Image.Image, x: float, y: float, z: float, dx: float, dy: float,
            dz: float, top: Color = BODY_TOP, left: Color = BODY_LEFT,
            right: Color = BODY_RIGHT) -> None:
        t = self.ps([(x, y, z + dz), (x + dx, y, z + dz), (x + dx, y + dy, z + dz),
                     (x, y + dy, z + dz)])
        lf = self.ps([(x, y + dy, z), (x + dx, y + dy, z), (x + dx, y + dy, z + dz),
                      (x, y + dy, z + dz)])
        rt = self.ps([(x + dx, y, z), (x + dx, y + dy, z), (x + dx, y + dy, z + dz),
                      (x + dx, y, z + dz)])
        paint(im, poly(lf), grad(mix(left, (255, 255, 255), 0.06), mix(left, NAVY, 0.12), 90))
        paint(im, poly(rt), grad(mix(right, (255, 255, 255), 0.04), mix(right, NAVY, 0.18), 90))
        paint(im, poly(t), grad(mix(top, (255, 255, 255), 0.25), top, 30))
        # bright hairline on the front edges sells the bevel
        edge = [self.p(x, y + dy, z + dz), self.p(x + dx, y + dy, z + dz),
                self.p(x + dx, y, z + dz)]
        paint(im, stroke(edge, 1.2), mix(top, (255, 255, 255), 0.7), 0.7)

    def face_y(self, y: float, x0: float, x1: float, z0: float, z1: float) -> list[Pt]:
        """Rectangle on a left-facing plane (constant y)."""
        return self.ps([(x0, y, z0), (x1, y, z0), (x1, y, z1), (x0, y, z1)])

    def face_x(self, x: float, y0: float, y1: float, z0: float, z1: float) -> list[Pt]:
        """Rectangle on a right-facing plane (constant x)."""
        return self.ps([(x, y0, z0), (x, y1, z0), (x, y1, z1), (x, y0, z1)])

    def cylinder(self, im: Image.Image, cx: float, cy: float, z: float, r: float, h: float,
                 side: Color = BODY_LEFT, top: Color = BODY_TOP, opacity: float = 1.0,
                 lid: bool = True) -> None:
        bottom = self.circle(cx, cy, z, r)
        top_pts = self.circle(cx, cy, z + h, r)
        rx = r * math.sqrt(2) * self.C30 * self.s
        (mx, my0), (_, my1) = self.p(cx, cy, z), self.p(cx, cy, z + h)
        lower = [q for q in bottom if q[1] >= my0 - 1e-6]
        lower.sort(key=lambda q: -q[0])
        body = [(mx - rx, my1), (mx + rx, my1), (mx + rx, my0), *lower, (mx - rx, my0)]
        shade = grad(mix(side, (255, 255, 255), 0.25), mix(side, NAVY, 0.35), 0)
        paint(im, poly(body), shade, opacity)
        if lid:
            paint(im, poly(top_pts), grad(mix(top, (255, 255, 255), 0.2), top, 30), opacity)


# --------------------------------------------------------------------------- shared motifs
def floor_shadow(im: Image.Image, pts: Sequence[Pt], radius: float = 26,
                 opacity: float = 0.6) -> None:
    blurred(im, poly(pts), (0, 3, 10), radius, opacity, (0, 18))


def platform(im: Image.Image, iso: Iso, x: float, y: float, dx: float, dy: float,
             accent: Color, h: float = 0.5) -> None:
    """A dark plinth with a thin accent rim light, the stage every scene stands on."""
    floor_shadow(im, iso.ps([(x, y, -h), (x + dx, y, -h), (x + dx, y + dy, -h), (x, y + dy, -h)]),
                 34, 0.75)
    iso.box(im, x, y, -h, dx, dy, h, DARK_TOP, DARK_LEFT, DARK_RIGHT)
    rim = iso.ps([(x, y + dy, 0), (x + dx, y + dy, 0), (x + dx, y, 0)])
    blurred(im, stroke(rim, 3), accent, 6, 0.6)
    paint(im, stroke(rim, 1.6), mix(accent, (255, 255, 255), 0.3), 0.9)


def sparkles(im: Image.Image, rng: random.Random, color: Color, n: int,
             area: Sequence[float]) -> None:
    x0, y0, x1, y1 = area
    for _ in range(n):
        x, y, r = rng.uniform(x0, x1), rng.uniform(y0, y1), rng.uniform(1.2, 3.2)
        blurred(im, ellipse([x - r, y - r, x + r, y + r]), color, r * 2, 0.7)
        paint(im, ellipse([x - r / 2, y - r / 2, x + r / 2, y + r / 2]), color, 0.9)


# =========================================================================== GC-MS
def tic_trace(x0: float, x1: float, base: float, scale: float, seed: int,
              peaks: Sequence[tuple[float, float, float]], n: int = 900) -> list[Pt]:
    """A total ion chromatogram: drifting noisy baseline plus slightly tailing peaks."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, n)
    y = 0.03 + 0.04 * t + 0.008 * np.sin(t * 9) + rng.normal(0, 0.004, n)
    for pos, height, width in peaks:
        z = (t - pos) / width
        tail = np.where(z < 0, np.exp(-z * z / 2), np.exp(-z * z / 2 * 0.35) * np.exp(-z * 0.15))
        y += height * tail
    y = np.convolve(y, np.ones(3) / 3, mode="same")
    return [(x0 + (x1 - x0) * ti, base - yi * scale) for ti, yi in zip(t, y, strict=False)]


GC_PEAKS = [(0.10, 0.30, 0.006), (0.17, 0.55, 0.007), (0.26, 0.22, 0.007), (0.35, 0.80, 0.008),
            (0.43, 0.38, 0.008), (0.52, 0.62, 0.009), (0.63, 0.28, 0.010), (0.72, 0.47, 0.010),
            (0.84, 0.20, 0.011), (0.91, 0.33, 0.012)]


def spectrum_bars(im: Image.Image, b: Sequence[float], color: Color, seed: int,
                  n: int = 26) -> None:
    rng = random.Random(seed)
    x0, y0, x1, y1 = b
    heights = [rng.random() ** 3 * 0.55 for _ in range(n)]
    for k, v in ((5, 1.0), (11, 0.72), (17, 0.45), (21, 0.3)):
        heights[k] = v
    bw = (x1 - x0) / n
    for i, v in enumerate(heights):
        x = x0 + i * bw + bw * 0.3
        top = y1 - max(v, 0.02) * (y1 - y0)
        c = color if v > 0.4 else mix(color, LINE, 0.55)
        paint(im, rrect([x, top, x + bw * 0.4, y1], bw * 0.2), grad(c, mix(c, NAVY, 0.5), 90))
        if v == 1.0:
            blurred(im, rrect([x, top, x + bw * 0.4, y1], 3), color, 10, 0.6)
    paint(im, stroke([(x0, y1 + 2), (x1, y1 + 2)], 1.5, False), LINE, 0.5)


def gcms_hero(accent: Color) -> Image.Image:
    im = backdrop(accent, (780, 520))
    iso = Iso(650, 380, 42)
    platform(im, iso, 0, 0, 15, 9.2, accent)
    # --- gas chromatograph: oven box with a glass door showing the column coil
    floor_shadow(im, iso.ps([(0.8, 1, 0), (7, 1, 0), (7, 7.6, 0), (0.8, 7.6, 0)]), 14, 0.5)
    iso.box(im, 0.8, 1, 0, 6.2, 6.6, 6.2)
    door = iso.face_y(7.6, 1.4, 6.4, 0.8, 5.0)
    paint(im, poly(door), grad(mix(GLASS, TEAL, 0.4), GLASS, 90))
    cx, cz = 3.9, 2.9
    for k in range(7):
        off = (k - 3) * 0.13
        loop = iso.circle(cx + off, 7.6, cz + off * 0.2, 1.55 - abs(k - 3) * 0.02, "xz")
        c = mix(mix(accent, (255, 215, 170), 0.25), accent, k / 6)
        glow_line(im, loop + loop[:1], c, 1.6, 7, 0.35)
    blurred(im, poly(door), accent, 40, 0.10)
    paint(im, poly(iso.face_y(7.6, 1.4, 6.4, 4.7, 5.0)), (255, 255, 255), 0.08)
    strip = iso.face_y(7.6, 1.4, 6.4, 5.35, 5.8)
    paint(im, poly(strip), DARK_LEFT)
    for i in range(3):
        q = iso.p(1.9 + i * 0.5, 7.6, 5.58)
        blurred(im, ellipse([q[0] - 4, q[1] - 4, q[0] + 4, q[1] + 4]), accent, 5, 0.9)
        paint(im, ellipse([q[0] - 3, q[1] - 3, q[0] + 3, q[1] + 3]),
              accent if i < 2 else LINE)
    # --- mass spectrometer beside it
    floor_shadow(im, iso.ps([(7.2, 1, 0), (14, 1, 0), (14, 7.6, 0), (7.2, 7.6, 0)]), 14, 0.5)
    iso.box(im, 7.2, 1, 0, 6.8, 6.6, 4.6)
    screen = iso.face_y(7.6, 7.8, 10.6, 2.2, 3.9)
    paint(im, poly(screen), grad(mix(GLASS, TEAL, 0.5), GLASS, 90))
    pts = [iso.p(8.0 + 2.4 * i / 60, 7.6, 2.45 + 1.2 * math.exp(-((i - 22) / 3.5) ** 2)
                 + 0.6 * math.exp(-((i - 40) / 3) ** 2)) for i in range(61)]
    glow_line(im, pts, accent, 1.4, 4, 0.5)
    for i in range(4):
        q0, q1 = iso.p(11.2 + i * 0.62, 7.6, 2.2), iso.p(11.2 + i * 0.62, 7.6, 3.9)
        paint(im, stroke([q0, q1], 5), mix(BODY_LEFT, NAVY, 0.25))
    light = [iso.p(7.8, 7.6, 1.2), iso.p(13.4, 7.6, 1.2)]
    glow_line(im, light, accent, 2.2, 8, 0.8)
    for j in range(7):  # vents on the side
        y = 1.8 + j * 0.72
        paint(im, poly(iso.face_x(14, y, y + 0.34, 1.2, 3.7)), mix(BODY_RIGHT, NAVY, 0.35))
    # heated transfer line between the two
    iso.box(im, 6.4, 3.4, 4.6, 1.6, 1.2, 0.5, DARK_TOP, DARK_LEFT, DARK_RIGHT)
    glow_line(im, [iso.p(6.4, 4.6, 4.85), iso.p(8.0, 4.6, 4.85)], accent, 1.5, 5, 0.7)
    # --- autosampler: tower, arm and a carousel of vials on the GC roof
    iso.cylinder(im, 5.4, 2.4, 6.2, 0.35, 0.35, BODY_LEFT, BODY_TOP)
    tray = (3.0, 5.2)
    iso.cylinder(im, tray[0], tray[1], 6.2, 1.7, 0.3, DARK_LEFT, DARK_TOP)
    vials = []
    for i in range(12):
        a = 2 * math.pi * i / 12
        vials.append((tray[0] + 1.25 * math.cos(a), tray[1] + 1.25 * math.sin(a), i))
    vials.sort(key=lambda v: v[0] + v[1])
    for vx, vy, i in vials:
        iso.cylinder(im, vx, vy, 6.5, 0.17, 0.55, (190, 210, 228), (225, 235, 245))
        cap = accent if i % 3 else mix(accent, (255, 255, 255), 0.4)
        iso.cylinder(im, vx, vy, 7.05, 0.18, 0.14, mix(cap, NAVY, 0.2), cap)
    iso.box(im, 1.3, 1.4, 6.2, 1.4, 1.5, 3.0)
    iso.box(im, 1.3, 2.0, 8.5, 4.6, 0.9, 0.6)
    tip = iso.p(5.4, 2.45, 8.5)
    paint(im, stroke([tip, iso.p(5.4, 2.45, 6.8)], 2.2), (215, 225, 238))
    blurred(im, ellipse([tip[0] - 5, tip[1] + 50, tip[0] + 5, tip[1] + 60]), accent, 6, 0.7)
    # --- floating display with a live trace, tied to the spectrometer
    panel = [1040, 110, 1500, 360]
    anchor = iso.p(11.5, 3.5, 4.6)
    dashed(im, (anchor[0], anchor[1]), (1270, 360), LINE, 1.6, 7, 7, 0.5)
    paint(im, ellipse([anchor[0] - 5, anchor[1] - 5, anchor[0] + 5, anchor[1] + 5]), accent)
    card(im, panel, 22, accent)
    grid(im, [1070, 140, 1470, 320], 8, 4, 0.08)
    trace = tic_trace(1070, 1470, 318, 220, 7, GC_PEAKS, 500)
    area_under(im, trace, 320, accent, 90)
    glow_line(im, trace, accent, 1.6, 5, 0.45)
    return im


def axes(im: Image.Image, b: Sequence[float]) -> None:
    x0, y0, x1, y1 = b
    paint(im, stroke([(x0, y0), (x0, y1), (x1, y1)], 2, False), LINE, 0.55)
    ticks = [stroke([(x0 + (x1 - x0) * i / 10, y1), (x0 + (x1 - x0) * i / 10, y1 + 8)], 2, False)
             for i in range(1, 11)]
    ticks += [stroke([(x0 - 8, y0 + (y1 - y0) * j / 5), (x0, y0 + (y1 - y0) * j / 5)], 2, False)
              for j in range(5)]
    paint(im, union(*ticks), LINE, 0.45)


def gcms_chromatogram(accent: Color) -> Image.Image:
    im = backdrop(accent, (700, 480))
    card(im, [100, 110, 1500, 890], 30, accent)
    plot = [190, 190, 1420, 800]
    grid(im, plot, 12, 6, 0.07)
    axes(im, plot)
    x0, _, x1, base = plot
    trace = tic_trace(x0, x1, base, 600, 3, GC_PEAKS)
    area_under(im, trace, base, accent, 70)
    # the selected compound: its peak area filled brighter, its apex marked
    pos = GC_PEAKS[3][0]
    sel = [p for p in trace if abs((p[0] - x0) / (x1 - x0) - pos) < 0.028]
    paint(im, poly([(sel[0][0], base), *sel, (sel[-1][0], base)]),
          grad(rgba(accent, 200), rgba(accent, 40), 90))
    glow_line(im, trace, accent, 2.2, 8, 0.5)
    apex = min(sel, key=lambda p: p[1])
    dashed(im, (apex[0], apex[1] + 14), (apex[0], base), (255, 255, 255), 1.6, 8, 7, 0.45)
    blurred(im, ellipse([apex[0] - 14, apex[1] - 14, apex[0] + 14, apex[1] + 14]), accent, 10, 0.9)
    paint(im, ring(apex, 13, 3), (255, 255, 255))
    paint(im, ellipse([apex[0] - 5, apex[1] - 5, apex[0] + 5, apex[1] + 5]), accent)
    for p_, _h, _ in GC_PEAKS:  # retention-time marks under each compound
        x = x0 + (x1 - x0) * p_
        shape = poly([(x, base + 16), (x - 7, base + 28), (x + 7, base + 28)])
        paint(im, shape, accent if p_ == pos else LINE, 1.0 if p_ == pos else 0.5)
    # inset: the mass spectrum recorded at the apex
    inset = [1000, 170, 1400, 440]
    dashed(im, (apex[0] + 16, apex[1] - 6), (inset[0], inset[1] + 120), LINE, 1.6, 8, 7, 0.6)
    card(im, inset, 20, accent)
    spectrum_bars(im, [1030, 200, 1370, 405], accent, 11)
    return im


def gcms_oven(accent: Color) -> Image.Image:
    im = backdrop(accent, (430, 500))
    # left: inside the oven, the coiled column warms up from below
    oven = [90, 130, 760, 870]
    card(im, oven, 30, accent)
    paint(im, rrect([130, 170, 720, 830], 20), grad(GLASS, mix(GLASS, accent, 0.22), 90))
    # a helix seen from the side: the near half of each turn bright, the far half dim
    x_start, cy, rx, ry, pitch, turns = 215, 500, 62, 215, 44, 8.5
    thetas = np.linspace(math.pi / 2, math.pi / 2 + 2 * math.pi * turns, int(turns * 120))
    helix = [(x_start + pitch * t / (2 * math.pi) + rx * math.cos(t), cy - ry * math.sin(t))
             for t in thetas]
    runs: list[tuple[bool, list[Pt], float]] = []
    for (x, y), t in zip(helix, thetas, strict=False):
        near = math.cos(t) > 0
        if not runs or runs[-1][0] != near:
            runs.append((near, [runs[-1][1][-1]] if runs else [], t))
        runs[-1][1].append((x, y))
    paint(im, union(*[stroke(pts, 3) for near, pts, _ in runs if not near]),
          mix(accent, NAVY, 0.5), 0.9)
    span = thetas[-1] - thetas[0]
    for near, pts, t in runs:
        if near:
            c = mix(mix(LINE, accent, 0.3), accent, (t - thetas[0]) / span)
            glow_line(im, pts, c, 2.6, 6, 0.35)
    inlet, outlet = helix[0], helix[-1]
    glow_line(im, [inlet, (inlet[0], 205), (inlet[0] + 140, 205)], mix(LINE, accent, 0.3), 2.6,
              5, 0.3)
    glow_line(im, [outlet, (outlet[0], 790), (720, 790)], accent, 2.6, 6, 0.5)
    for i in range(5):  # heater glow along the floor of the oven
        x = 170 + i * 120
        blurred(im, ellipse([x, 800, x + 70, 830]), accent, 18, 0.35)
    # right top: the temperature program (hold, ramp, hold)
    prog = [820, 130, 1510, 540]
    card(im, prog, 26, accent)
    px0, py0, px1, py1 = 880, 190, 1450, 480
    grid(im, [px0, py0, px1, py1], 10, 5, 0.07)
    axes(im, [px0, py0, px1, py1])
    knees = [(px0, 440), (px0 + 90, 440), (px0 + 470, 220), (px1, 220)]
    area_under(im, knees, py1, accent, 60)
    cool = mix(LINE, (120, 220, 255), 0.4)
    blurred(im, stroke(knees, 8), accent, 10, 0.35)
    paint(im, stroke(knees, 4), grad(cool, accent, 0))
    for q in knees[1:3]:
        paint(im, ellipse([q[0] - 9, q[1] - 9, q[0] + 9, q[1] + 9]), (255, 255, 255))
        paint(im, ellipse([q[0] - 5, q[1] - 5, q[0] + 5, q[1] + 5]), accent)
    # right bottom: compounds leave the column in turn, lightest first
    sep = [820, 590, 1510, 870]
    card(im, sep, 26, accent)
    ty = 730
    paint(im, rrect([870, ty - 34, 1330, ty + 34], 34), grad(mix(GLASS, TEAL, 0.3), GLASS, 90))
    paint(im, lambda d: d.rounded_rectangle(box_s([870, ty - 34, 1330, ty + 34]),
                                            radius=34 * SS, outline=255, width=3), LINE, 0.5)
    rng = random.Random(5)
    tints = [mix(accent, (255, 240, 200), 0.5), accent, mix(accent, (230, 90, 60), 0.4),
             mix(accent, (200, 60, 90), 0.6)]
    for g, (gx, size) in enumerate([(1250, 5), (1120, 7), (1000, 9), (910, 11)]):
        for _ in range(7):
            x, y = gx + rng.gauss(0, 18), ty + rng.uniform(-18, 18)
            blurred(im, ellipse([x - size, y - size, x + size, y + size]), tints[g], 4, 0.6)
            paint(im, ellipse([x - size, y - size, x + size, y + size]), tints[g])
    dcx = 1420
    for r, op in ((44, 0.25), (32, 0.45), (20, 0.9)):
        paint(im, ring((dcx, ty), r, 3), accent, op)
    paint(im, ellipse([dcx - 9, ty - 9, dcx + 9, ty + 9]), accent)
    paint(im, poly([(1346, ty - 12), (1368, ty), (1346, ty + 12)]), LINE, 0.7)
    return im


# =========================================================================== titration robot
def acetic_ph(volume_ml: np.ndarray, *, ca: float = 0.1, va: float = 20.0, cb: float = 0.1,
              pka: float = 4.76) -> np.ndarray:
    """pH of acetic acid titrated with NaOH, from the charge balance (bisection on log[H+])."""
    ka, kw = 10 ** -pka, 1e-14
    na = cb * volume_ml / (va + volume_ml)
    ct = ca * va / (va + volume_ml)
    lo, hi = np.full_like(volume_ml, -14.0), np.full_like(volume_ml, 0.0)
    for _ in range(60):
        mid = (lo + hi) / 2
        h = 10 ** mid
        excess = na + h - kw / h - ct * ka / (ka + h)  # > 0 means too much H+
        hi = np.where(excess > 0, mid, hi)
        lo = np.where(excess > 0, lo, mid)
    return -(lo + hi) / 2


def cup(im: Image.Image, iso: Iso, x: float, y: float, z: float, r: float, h: float,
        liquid: Color | None) -> None:
    """A translucent sample cup, optionally with coloured liquid."""
    iso.cylinder(im, x, y, z, r, h, (170, 195, 220), (210, 225, 240), 0.5, lid=False)
    if liquid is not None:
        iso.cylinder(im, x, y, z + 0.04, r * 0.9, h * 0.55, liquid, mix(liquid, (255, 255, 255),
                     0.3), 0.85)
    rim = iso.circle(x, y, z + h, r)
    paint(im, stroke(rim + rim[:1], 1.4), (235, 243, 252), 0.9)


def robot_arm(im: Image.Image, joints: Sequence[Pt], accent: Color, width: float = 26) -> None:
    """Arm links as shaded capsules with accent-ringed joints, in screen space."""
    for a, b in itertools.pairwise(joints):
        w = width
        blurred(im, stroke([a, b], w), (0, 4, 12), 10, 0.35, (6, 14))
        paint(im, stroke([a, b], w), grad(BODY_LEFT, BODY_RIGHT, 0))
        paint(im, stroke([(a[0] - w * 0.18, a[1] - w * 0.12), (b[0] - w * 0.18, b[1] - w * 0.12)],
                         w * 0.35), BODY_TOP, 0.9)
        width *= 0.82
    for i, (x, y) in enumerate(joints[:-1]):
        r = 19 - i * 3
        paint(im, ellipse([x - r, y - r, x + r, y + r]), grad(DARK_TOP, DARK_RIGHT, 60))
        blurred(im, ring((x, y), r - 5, 3), accent, 4, 0.8)
        paint(im, ring((x, y), r - 5, 2.5), accent)


def gripper(im: Image.Image, at: Pt, accent: Color, open_: float = 14) -> None:
    x, y = at
    paint(im, rrect([x - 22, y - 8, x + 22, y + 8], 5), grad(DARK_TOP, DARK_RIGHT, 90))
    for s in (-1, 1):
        fx = x + s * open_
        paint(im, rrect([fx - 4, y + 4, fx + 4, y + 36], 3), grad(BODY_LEFT, BODY_RIGHT, 0))
    blurred(im, ellipse([x - 4, y - 4, x + 4, y + 4]), accent, 5, 1.0)


def titration_stand(im: Image.Image, iso: Iso, bx: float, by: float, accent: Color) -> None:
    """Stirrer plate, beaker of sample, burette dosing titrant and the pH electrode."""
    floor_shadow(im, iso.ps([(bx - 1.4, by - 1.6, 0), (bx + 1.6, by - 1.6, 0),
                             (bx + 1.6, by + 1.6, 0), (bx - 1.4, by + 1.6, 0)]), 12, 0.5)
    iso.box(im, bx - 1.4, by - 1.6, 0, 3.0, 3.2, 0.7, DARK_TOP, DARK_LEFT, DARK_RIGHT)
    halo = iso.circle(bx, by, 0.7, 1.35)
    blurred(im, poly(halo), accent, 10, 0.5)
    paint(im, stroke(halo + halo[:1], 2), accent)
    iso.cylinder(im, bx + 1.15, by - 1.2, 0.7, 0.13, 6.6, (150, 165, 185), (200, 210, 225))
    iso.box(im, bx - 0.5, by - 1.3, 6.0, 1.8, 1.6, 0.6)
    iso.cylinder(im, bx, by, 0.75, 1.05, 1.25, mix(accent, (255, 255, 255), 0.25),
                 mix(accent, (255, 255, 255), 0.5), 0.75)
    paint(im, stroke([iso.p(bx - 0.3, by, 0.85), iso.p(bx + 0.3, by, 0.85)], 6), (245, 248, 252))
    iso.cylinder(im, bx + 0.45, by - 0.25, 1.1, 0.11, 4.9, (60, 80, 110), (110, 130, 160))
    iso.cylinder(im, bx, by, 0.7, 1.1, 2.3, (170, 195, 220), (215, 228, 242), 0.35, lid=False)
    rim = iso.circle(bx, by, 3.0, 1.1)
    paint(im, stroke(rim + rim[:1], 2), (240, 246, 252), 0.9)
    iso.cylinder(im, bx - 0.25, by - 0.05, 3.4, 0.17, 2.6, (185, 205, 228), (225, 235, 246), 0.8)
    iso.cylinder(im, bx - 0.25, by - 0.05, 3.5, 0.12, 1.5, accent,
                 mix(accent, (255, 255, 255), 0.4), 0.9)
    tip = iso.p(bx - 0.25, by - 0.05, 3.4)
    paint(im, stroke([tip, (tip[0], tip[1] + 16)], 3), (200, 215, 232))
    drop = (tip[0], tip[1] + 30)
    blurred(im, ellipse([drop[0] - 6, drop[1] - 6, drop[0] + 6, drop[1] + 6]), accent, 6, 0.9)
    paint(im, ellipse([drop[0] - 4, drop[1] - 5, drop[0] + 4, drop[1] + 5]),
          mix(accent, (255, 255, 255), 0.4))


def titration_hero(accent: Color) -> Image.Image:
    im = backdrop(accent, (800, 520))
    iso = Iso(700, 250, 54)
    platform(im, iso, 0, 0, 13.5, 8.5, accent)
    # controller with a small screen showing the curve
    floor_shadow(im, iso.ps([(9.6, 0.8, 0), (12.8, 0.8, 0), (12.8, 3.2, 0), (9.6, 3.2, 0)]), 12, 0.5)
    iso.box(im, 9.6, 0.8, 0, 3.2, 2.4, 3.2)
    scr = iso.face_y(3.2, 9.95, 12.45, 1.2, 2.8)
    paint(im, poly(scr), grad(mix(GLASS, TEAL, 0.5), GLASS, 90))
    vs = np.linspace(0, 40, 60)
    ph = acetic_ph(vs)
    curve = [iso.p(10.15 + 2.1 * v / 40, 3.2, 1.35 + 1.3 * (p - 2) / 11) for v, p in zip(vs, ph, strict=False)]
    glow_line(im, curve, accent, 2.2, 5, 0.5)
    for j in range(4):
        y = 1.1 + j * 0.5
        paint(im, poly(iso.face_x(12.8, y, y + 0.25, 0.7, 2.5)), mix(BODY_RIGHT, NAVY, 0.3))
    # carousel of sample cups: done ones tinted, waiting ones clear, one lifted out
    cx, cy = 3.0, 2.8
    floor_shadow(im, iso.circle(cx, cy, 0, 2.3), 14, 0.45)
    iso.cylinder(im, cx, cy, 0, 2.3, 0.45, DARK_LEFT, DARK_TOP)
    ring_pts = iso.circle(cx, cy, 0.45, 1.95)
    paint(im, stroke(ring_pts + ring_pts[:1], 1.5), accent, 0.6)
    slots = []
    for i in range(12):
        a = 2 * math.pi * i / 12
        slots.append((cx + 1.65 * math.cos(a), cy + 1.65 * math.sin(a), i))
    slots.sort(key=lambda s: s[0] + s[1])
    for sx, sy, i in slots:
        if i == 3:
            hole = iso.circle(sx, sy, 0.45, 0.28)
            paint(im, poly(hole), GLASS)
            blurred(im, poly(hole), accent, 6, 0.6)
            continue
        tint = mix(accent, (255, 255, 255), 0.35) if 3 < i < 9 else (150, 200, 235)
        cup(im, iso, sx, sy, 0.45, 0.28, 0.7, tint)
    titration_stand(im, iso, 8.3, 5.5, accent)
    # the robot arm in front lifts the next cup out of the carousel
    hx, hy = cx, cy + 1.65
    floor_shadow(im, iso.circle(1.2, 7.0, 0, 0.9), 10, 0.5)
    iso.cylinder(im, 1.2, 7.0, 0, 0.9, 0.45, DARK_LEFT, DARK_TOP)
    iso.cylinder(im, 1.2, 7.0, 0.45, 0.58, 1.8, BODY_LEFT, BODY_TOP)
    shoulder, elbow = iso.p(1.2, 7.0, 2.5), iso.p(1.6, 6.4, 5.8)
    wrist, hand = iso.p(hx, hy, 5.0), iso.p(hx, hy, 3.8)
    robot_arm(im, [shoulder, elbow, wrist, hand], accent, 32)
    cup(im, iso, hx, hy, 2.15, 0.3, 0.75, (150, 200, 235))
    gripper(im, (hand[0], hand[1] + 4), accent, 18)
    return im


def titration_curve(accent: Color) -> Image.Image:
    im = backdrop(accent, (760, 460))
    card(im, [100, 90, 1500, 910], 30, accent)
    px0, py0, px1, py1 = 200, 160, 1420, 640
    grid(im, [px0, py0, px1, py1], 10, 7, 0.07)
    axes(im, [px0, py0, px1, py1])
    vs = np.linspace(0.05, 40, 800)
    ph = acetic_ph(vs)

    def to_xy(v: float, p: float) -> Pt:
        return (px0 + (px1 - px0) * v / 40, py1 - (py1 - py0) * (p - 1) / 13)

    pts = [to_xy(v, p) for v, p in zip(vs, ph, strict=False)]
    area_under(im, pts, py1, accent, 60)
    glow_line(im, pts, accent, 3, 10, 0.55)
    # half-equivalence (pH = pKa) and equivalence (steepest point)
    half = to_xy(10, 4.76)
    dphdv = np.gradient(ph, vs)
    k = int(np.argmax(dphdv))
    eq = to_xy(vs[k], ph[k])
    for q, strong in ((half, False), (eq, True)):
        dashed(im, q, (q[0], py1), (255, 255, 255), 1.6, 8, 7, 0.4)
        dashed(im, q, (px0, q[1]), (255, 255, 255), 1.6, 8, 7, 0.4)
        r = 15 if strong else 10
        if strong:
            blurred(im, ellipse([q[0] - 22, q[1] - 22, q[0] + 22, q[1] + 22]), accent, 14, 0.9)
        paint(im, ring(q, r, 3), (255, 255, 255))
        paint(im, ellipse([q[0] - 5, q[1] - 5, q[0] + 5, q[1] + 5]), accent)
    # lower strip: the derivative dpH/dV peaks exactly at the equivalence point
    dy0, dy1 = 700, 850
    grid(im, [px0, dy0, px1, dy1], 10, 2, 0.06)
    paint(im, stroke([(px0, dy1), (px1, dy1)], 2, False), LINE, 0.5)
    dn = dphdv / dphdv.max()
    dpts = [(px0 + (px1 - px0) * v / 40, dy1 - (dy1 - dy0 - 10) * d ** 0.6)
            for v, d in zip(vs, dn, strict=False)]
    area_under(im, dpts, dy1, accent, 140)
    glow_line(im, dpts, mix(accent, (255, 255, 255), 0.2), 2, 6, 0.5)
    dashed(im, (eq[0], py1), (eq[0], dy0 - 4), accent, 1.6, 8, 7, 0.7)
    return im


def titration_queue(accent: Color) -> Image.Image:
    im = backdrop(accent, (800, 560))
    iso = Iso(800, 215, 62)
    cx, cy, n, current = 5.0, 5.0, 12, 7
    step = 2 * math.pi / n
    front = math.pi / 4  # the slot nearest the viewer

    def angle(i: float) -> float:
        return front + (i - current) * step

    floor_shadow(im, iso.circle(cx, cy, -0.5, 5.6), 30, 0.7)
    iso.cylinder(im, cx, cy, -0.5, 5.6, 0.5, DARK_LEFT, DARK_TOP)
    inner = iso.circle(cx, cy, 0.0, 4.9)
    paint(im, stroke(inner + inner[:1], 2), LINE, 0.25)
    # progress arc around the rim: how many samples of the batch are done
    done_arc = [iso.p(cx + 5.25 * math.cos(a), cy + 5.25 * math.sin(a), 0)
                for a in np.linspace(angle(-0.5), angle(current - 0.5), 200)]
    todo_arc = [iso.p(cx + 5.25 * math.cos(a), cy + 5.25 * math.sin(a), 0)
                for a in np.linspace(angle(current - 0.5), angle(n - 0.5), 120)]
    paint(im, stroke(todo_arc, 4), LINE, 0.25)
    glow_line(im, done_arc, accent, 4, 10, 0.7)
    iso.cylinder(im, cx, cy, 0, 1.2, 0.9, BODY_LEFT, BODY_TOP)
    hub = iso.circle(cx, cy, 0.9, 0.7)
    paint(im, stroke(hub + hub[:1], 2.5), accent)
    slots = [(cx + 3.8 * math.cos(angle(i)), cy + 3.8 * math.sin(angle(i)), i) for i in range(n)]
    slots.sort(key=lambda s: s[0] + s[1])
    done_tint = mix(accent, (255, 255, 255), 0.35)
    waiting = (150, 200, 235)
    for sx, sy, i in slots:
        if i == current:
            base = iso.circle(sx, sy, 0, 0.95)
            blurred(im, poly(base), accent, 16, 0.9)
            paint(im, stroke(base + base[:1], 3), accent)
            cup(im, iso, sx, sy, 0, 0.62, 1.4, mix(waiting, done_tint, 0.5))
            # titration head lowered into the cup: dosing tip and electrode
            for dx, col in ((-0.18, (200, 215, 232)), (0.2, (70, 90, 120))):
                iso.cylinder(im, sx + dx, sy - dx, 0.5, 0.09, 3.9, col, mix(col, BODY_TOP, 0.5))
            iso.box(im, sx - 0.7, sy - 0.7, 4.4, 1.4, 1.4, 0.7)
            lamp = [iso.p(sx - 0.5, sy + 0.7, 4.75), iso.p(sx + 0.5, sy + 0.7, 4.75)]
            glow_line(im, lamp, accent, 3, 6, 0.9)
        else:
            cup(im, iso, sx, sy, 0, 0.55, 1.3, done_tint if i < current else waiting)
    # queue indicator: one dot per sample, done / now / waiting
    for i in range(n):
        x, y = 800 - (n - 1) * 18 + i * 36, 945
        if i < current:
            paint(im, ellipse([x - 7, y - 7, x + 7, y + 7]), accent)
        elif i == current:
            blurred(im, ellipse([x - 10, y - 10, x + 10, y + 10]), accent, 8, 0.9)
            paint(im, ring((x, y), 10, 3), (255, 255, 255))
        else:
            paint(im, ring((x, y), 7, 2), LINE, 0.6)
    return im


# =========================================================================== robot training ground
def cube(im: Image.Image, iso: Iso, x: float, y: float, z: float, size: float,
         color: Color) -> None:
    iso.box(im, x - size / 2, y - size / 2, z, size, size, size, mix(color, (255, 255, 255), 0.3),
            color, mix(color, NAVY, 0.35))


def target_pad(im: Image.Image, iso: Iso, x: float, y: float, half: float, accent: Color) -> None:
    sq = iso.ps([(x - half, y - half, 0.02), (x + half, y - half, 0.02),
                 (x + half, y + half, 0.02), (x - half, y + half, 0.02)])
    blurred(im, poly(sq), accent, 16, 0.55)
    paint(im, poly(sq), accent, 0.22)
    paint(im, stroke(sq + sq[:1], 3), accent)
    inner = iso.circle(x, y, 0.02, half * 0.45)
    paint(im, stroke(inner + inner[:1], 2), mix(accent, (255, 255, 255), 0.4), 0.9)


def learning_curve(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-episode success rate (noisy) and its trend: a logistic rise with plateau."""
    rng = np.random.default_rng(seed)
    e = np.linspace(0, 1, n)
    trend = 0.08 + 0.84 / (1 + np.exp(-(e - 0.38) * 9))
    noisy = np.clip(trend + rng.normal(0, 0.07, n) * (1.1 - trend), 0, 1)
    return noisy, trend


def robot_hero(accent: Color) -> Image.Image:
    im = backdrop(accent, (780, 520))
    iso = Iso(712, 262, 62)
    platform(im, iso, 0, 0, 10.5, 7.5, accent)
    # robot base at the back, pick tray front-left, target pad front-right
    floor_shadow(im, iso.circle(2.5, 2.0, 0, 1.0), 10, 0.5)
    iso.cylinder(im, 2.5, 2.0, 0, 1.0, 0.5, DARK_LEFT, DARK_TOP)
    iso.cylinder(im, 2.5, 2.0, 0.5, 0.7, 1.6, BODY_LEFT, BODY_TOP)
    led = iso.circle(2.5, 2.0, 0.5, 1.0)
    paint(im, stroke(led + led[:1], 2), accent, 0.8)
    iso.box(im, 0.8, 4.2, 0, 3.0, 2.8, 0.18, DARK_TOP, DARK_LEFT, DARK_RIGHT)
    for cx_, cy_, col in ((1.5, 4.8, BODY_LEFT), (2.7, 4.7, (120, 150, 190)),
                          (1.6, 6.1, mix(accent, NAVY, 0.2)), (3.0, 6.0, BODY_LEFT)):
        cube(im, iso, cx_, cy_, 0.18, 0.62, col)
    tx, ty = 8.0, 4.4
    target_pad(im, iso, tx, ty, 0.9, accent)
    # the planned path from the tray to the pad
    path = []
    for t in np.linspace(0, 1, 80):
        x = 2.6 + (tx - 2.6) * t
        y = 5.6 + (ty - 5.6) * t
        path.append(iso.p(x, y, 0.9 + 2.4 * math.sin(math.pi * t) + (1.6 - 0.9) * t))
    for k in range(0, 78, 5):
        paint(im, stroke(path[k:k + 3], 2.4), accent, 0.75)
    blurred(im, stroke(path, 4), accent, 8, 0.3)
    # arm holding a cube over the pad
    shoulder, elbow = iso.p(2.5, 2.0, 2.3), iso.p(4.6, 2.0, 5.4)
    wrist, hand = iso.p(tx, ty, 3.9), iso.p(tx, ty, 2.9)
    # the cube's shadow on the pad and a drop line tie the held cube to its goal
    blurred(im, poly(iso.ps([(tx - 0.3, ty - 0.3, 0), (tx + 0.3, ty - 0.3, 0),
                             (tx + 0.3, ty + 0.3, 0), (tx - 0.3, ty + 0.3, 0)])),
            (0, 10, 8), 9, 0.5)
    dashed(im, iso.p(tx, ty, 1.45), iso.p(tx, ty, 0.05), mix(accent, (255, 255, 255), 0.3), 2,
           6, 6, 0.8)
    robot_arm(im, [shoulder, elbow, wrist, hand], accent, 34)
    cube(im, iso, tx, ty, 1.55, 0.62, mix(accent, NAVY, 0.2))
    gripper(im, (hand[0], hand[1] + 4), accent, 30)
    # floating card with the success curve
    card(im, [1090, 110, 1500, 340], 22, accent)
    grid(im, [1120, 140, 1470, 310], 7, 4, 0.08)
    noisy, trend = learning_curve(90, 4)
    xs = np.linspace(1120, 1470, 90)
    pts = [(x, 310 - 165 * v) for x, v in zip(xs, noisy, strict=False)]
    area_under(im, [(x, 310 - 165 * v) for x, v in zip(xs, trend, strict=False)], 310, accent, 80)
    paint(im, stroke(pts, 1.4, False), LINE, 0.6)
    glow_line(im, [(x, 310 - 165 * v) for x, v in zip(xs, trend, strict=False)], accent, 2, 6, 0.5)
    return im


def robot_learning(accent: Color) -> Image.Image:
    im = backdrop(accent, (560, 500))
    card(im, [90, 110, 1060, 890], 30, accent)
    px0, py0, px1, py1 = 170, 190, 990, 800
    grid(im, [px0, py0, px1, py1], 10, 5, 0.07)
    axes(im, [px0, py0, px1, py1])
    n = 160
    noisy, trend = learning_curve(n, 9)
    xs = np.linspace(px0 + 6, px1, n)
    spread = 0.09 * (1.15 - trend)

    def y_of(v: float) -> float:
        return py1 - (py1 - py0) * v

    upper = [(x, y_of(min(v + s, 1))) for x, v, s in zip(xs, trend, spread, strict=False)]
    lower = [(x, y_of(max(v - s, 0))) for x, v, s in zip(xs, trend, spread, strict=False)]
    paint(im, poly(upper + lower[::-1]), grad(rgba(accent, 70), rgba(accent, 25), 90))
    for x, v in zip(xs, noisy, strict=False):
        y = y_of(v)
        paint(im, ellipse([x - 3.2, y - 3.2, x + 3.2, y + 3.2]), mix(LINE, accent, 0.3), 0.75)
    glow_line(im, [(x, y_of(v)) for x, v in zip(xs, trend, strict=False)], accent, 3.2, 10, 0.6)
    last = (xs[-1], y_of(trend[-1]))
    blurred(im, ellipse([last[0] - 16, last[1] - 16, last[0] + 16, last[1] + 16]), accent, 12, 0.9)
    paint(im, ring(last, 12, 3), (255, 255, 255))
    # right top: joint angles over one motion cycle
    card(im, [1100, 110, 1510, 480], 26, accent)
    grid(im, [1140, 160, 1470, 430], 6, 4, 0.07)
    shades = [accent, mix(accent, (255, 255, 255), 0.45), mix(accent, LINE, 0.6)]
    for k, c in enumerate(shades):
        pts = [(1140 + 330 * t, 295 - 95 * math.sin(2 * math.pi * t + k * 1.9) * (0.9 - k * 0.2)
                + 15 * math.sin(6 * math.pi * t + k)) for t in np.linspace(0, 1, 200)]
        glow_line(im, pts, c, 2.2, 5, 0.35)
    # right bottom: battery gauge around a gripper glyph
    card(im, [1100, 520, 1510, 890], 26, accent)
    gx, gy, r = 1305, 705, 120
    paint(im, ring((gx, gy), r, 14), LINE, 0.15)
    arc = [(gx + r * math.cos(a), gy + r * math.sin(a))
           for a in np.linspace(-math.pi / 2, -math.pi / 2 + 2 * math.pi * 0.72, 200)]
    glow_line(im, arc, accent, 14, 10, 0.5)
    paint(im, rrect([gx - 40, gy - 48, gx + 40, gy - 20], 8), grad(BODY_TOP, BODY_RIGHT, 90))
    for s in (-1, 1):
        paint(im, rrect([gx + s * 26 - 7, gy - 22, gx + s * 26 + 7, gy + 40], 5),
              grad(BODY_LEFT, BODY_RIGHT, 0))
    paint(im, rrect([gx - 15, gy + 2, gx + 15, gy + 32], 4), accent)
    return im


def robot_station(im: Image.Image, iso: Iso, x: float, y: float, phase: float, accent: Color,
                  lit: bool) -> Pt:
    """One practice cell: plinth, small arm in a pose given by phase, a cube and a pad."""
    floor_shadow(im, iso.ps([(x, y, 0), (x + 3.2, y, 0), (x + 3.2, y + 3.2, 0), (x, y + 3.2, 0)]),
                 14, 0.6)
    iso.box(im, x, y, -0.35, 3.2, 3.2, 0.35, DARK_TOP, DARK_LEFT, DARK_RIGHT)
    rim = iso.ps([(x, y + 3.2, 0), (x + 3.2, y + 3.2, 0), (x + 3.2, y, 0)])
    paint(im, stroke(rim, 2 if lit else 1.4), accent, 1.0 if lit else 0.45)
    target_pad(im, iso, x + 2.3, y + 2.3, 0.45, accent if lit else mix(accent, LINE, 0.6))
    bx, by = x + 0.9, y + 0.9
    iso.cylinder(im, bx, by, 0, 0.45, 0.8, BODY_LEFT, BODY_TOP)
    reach = 0.5 + 0.5 * math.sin(phase)
    hx, hy = bx + 0.4 + 1.1 * reach, by + 1.4 - 0.2 * reach
    shoulder = iso.p(bx, by, 0.9)
    elbow = iso.p(bx + 0.2 + 0.5 * reach, by + 0.1, 2.6 + 0.3 * math.cos(phase))
    wrist, hand = iso.p(hx, hy, 1.9), iso.p(hx, hy, 1.35)
    robot_arm_small(im, [shoulder, elbow, wrist, hand], accent if lit else mix(accent, LINE, 0.5))
    cube(im, iso, hx, hy, 0.55, 0.42, mix(accent, NAVY, 0.2) if lit else BODY_LEFT)
    return iso.p(bx, by, 0.8)


def robot_arm_small(im: Image.Image, joints: Sequence[Pt], accent: Color) -> None:
    for a, b in itertools.pairwise(joints):
        paint(im, stroke([a, b], 12), grad(BODY_LEFT, BODY_RIGHT, 0))
    for x, y in joints[:-1]:
        paint(im, ellipse([x - 7, y - 7, x + 7, y + 7]), DARK_TOP)
        paint(im, ring((x, y), 4.5, 2), accent)


def robot_fleet(accent: Color) -> Image.Image:
    im = backdrop(accent, (800, 420))
    iso = Iso(800, 395, 43)
    core = (800, 170)
    tops: list[Pt] = []
    rng = random.Random(3)
    cells = [(i, j) for i in range(3) for j in range(3)]
    cells.sort(key=lambda c: c[0] + c[1])
    links = Image.new("RGBA", im.size, (0, 0, 0, 0))
    for i, j in cells:
        lit = (i, j) in ((1, 1), (2, 0), (0, 2), (2, 2))
        tops.append(robot_station(im, iso, i * 4.3, j * 4.3, rng.uniform(0, 6.28), accent, lit))
    # every cell reports to one shared model hovering above the grid
    for t in tops:
        paint(links, stroke([t, core], 2, False), grad(rgba(accent, 30), rgba(accent, 150), 90))
        blurred(links, ellipse([t[0] - 4, t[1] - 4, t[0] + 4, t[1] + 4]), accent, 4, 0.9)
    im.alpha_composite(links)
    for r, op in ((90, 0.12), (64, 0.22)):
        paint(im, ring(core, r, 2), accent, op)
    dia = [(core[0], core[1] - 46), (core[0] + 38, core[1]), (core[0], core[1] + 46),
           (core[0] - 38, core[1])]
    blurred(im, poly(dia), accent, 26, 0.9)
    paint(im, poly(dia), grad(mix(accent, (255, 255, 255), 0.6), accent, 90))
    paint(im, poly([dia[0], dia[1], (core[0], core[1]), dia[3]]), (255, 255, 255), 0.3)
    return im


# =========================================================================== the branch
def tree(im: Image.Image, iso: Iso, x: float, y: float, size: float) -> None:
    base = iso.p(x, y, 0)
    blurred(im, ellipse([base[0] - 26 * size, base[1] - 8 * size, base[0] + 26 * size,
                         base[1] + 10 * size]), (0, 4, 10), 6, 0.5)
    top = iso.p(x, y, 1.0 * size)
    paint(im, stroke([base, top], 6 * size), (90, 110, 120))
    r = 30 * size
    crown = [top[0] - r, top[1] - r * 1.7, top[0] + r, top[1] + r * 0.2]
    paint(im, ellipse(crown), grad((70, 190, 170), (20, 95, 100), 120))
    paint(im, ellipse([crown[0] + r * 0.35, crown[1] + r * 0.25, crown[0] + r * 0.95,
                       crown[1] + r * 0.8]), (255, 255, 255), 0.15)


def wire_box(im: Image.Image, iso: Iso, x: float, y: float, z: float, dx: float, dy: float,
             dz: float, color: Color) -> None:
    """A planned volume: faint glass fill and dashed edges."""
    corners = {(i, j, k): iso.p(x + i * dx, y + j * dy, z + k * dz)
               for i in (0, 1) for j in (0, 1) for k in (0, 1)}
    faces = [[(0, 1, 1), (1, 1, 1), (1, 1, 0), (0, 1, 0)], [(1, 0, 1), (1, 1, 1), (1, 1, 0),
                                                            (1, 0, 0)],
             [(0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)]]
    for f, op in zip(faces, (0.10, 0.07, 0.14), strict=False):
        paint(im, poly([corners[c] for c in f]), color, op)
    for a in corners:
        for b in corners:
            if a < b and sum(u != v for u, v in zip(a, b, strict=False)) == 1:
                hidden = (0, 0, 0) in (a, b)
                dashed(im, corners[a], corners[b], color, 2, 10, 8, 0.3 if hidden else 0.85)


def building(im: Image.Image, iso: Iso, x: float, y: float, dx: float, dy: float,
             floor_h: float, floors: int, accent: Color) -> None:
    """Office block whose glass bands glow in the accent colour, one band per floor."""
    h = floor_h * floors
    floor_shadow(im, iso.ps([(x, y, 0), (x + dx, y, 0), (x + dx, y + dy, 0), (x, y + dy, 0)]),
                 20, 0.7)
    iso.box(im, x, y, 0, dx, dy, h)
    for k in range(floors):
        z0, z1 = k * floor_h + 0.3, (k + 1) * floor_h - 0.25
        for face in (iso.face_y(y + dy, x + 0.3, x + dx - 0.3, z0, z1),
                     iso.face_x(x + dx, y + 0.3, y + dy - 0.3, z0, z1)):
            blurred(im, poly(face), accent, 14, 0.35)
            paint(im, poly(face), grad(mix(accent, GLASS, 0.25), mix(GLASS, accent, 0.25), 90))
            paint(im, poly([face[0], face[1], (face[1][0], face[1][1] - 6),
                            (face[0][0], face[0][1] - 6)]), (255, 255, 255), 0.25)
        mull: list[MaskFn] = []
        u = x + 0.3
        while u < x + dx - 0.4:
            u += 0.7
            mull.append(stroke([iso.p(u, y + dy, z0), iso.p(u, y + dy, z1)], 2.2, False))
        v = y + 0.3
        while v < y + dy - 0.4:
            v += 0.7
            mull.append(stroke([iso.p(x + dx, v, z0), iso.p(x + dx, v, z1)], 2.2, False))
        paint(im, union(*mull), BODY_LEFT, 0.85)
    # roof parapet inset, entrance canopy and rooftop plant
    inset = iso.ps([(x + 0.35, y + 0.35, h), (x + dx - 0.35, y + 0.35, h),
                    (x + dx - 0.35, y + dy - 0.35, h), (x + 0.35, y + dy - 0.35, h)])
    paint(im, poly(inset), grad(BODY_LEFT, mix(BODY_LEFT, BODY_TOP, 0.6), 30), 0.7)
    iso.box(im, x + 1.0, y + dy, 0.95, 2.2, 0.7, 0.16)
    iso.box(im, x + 1.0, y + 1.0, h, 1.6, 1.4, 0.5)
    iso.box(im, x + dx - 2.6, y + 1.2, h, 1.2, 1.0, 0.35)


def branch_hero(accent: Color) -> Image.Image:
    im = backdrop(accent, (800, 520))
    iso = Iso(760, 300, 44)
    platform(im, iso, 0, 0, 17, 11, accent, 0.4)
    # the street in front, with lane marks
    iso.box(im, 0, 9.2, 0, 17, 1.8, 0.02, (38, 52, 74), (38, 52, 74), (38, 52, 74))
    for k in range(9):
        a, b = iso.p(0.6 + k * 1.9, 10.1, 0.03), iso.p(1.5 + k * 1.9, 10.1, 0.03)
        paint(im, stroke([a, b], 2.5), LINE, 0.45)
    wire_box(im, iso, 10.6, 0.8, 0, 5.6, 6.6, 5.6, accent)
    building(im, iso, 1.6, 1.6, 8.2, 5.6, 1.7, 3, accent)
    for k in range(8):
        tree(im, iso, 1.0 + k * 2.05, 8.5, 0.9 if k % 2 else 1.05)
    return im


def icon_chip(im: Image.Image, c: Pt, accent: Color) -> None:
    x, y = c
    pins: list[MaskFn] = []
    for i in range(4):
        o = -27 + i * 18
        pins += [rrect([x + o - 4, y - 58, x + o + 4, y - 40], 3),
                 rrect([x + o - 4, y + 40, x + o + 4, y + 58], 3),
                 rrect([x - 58, y + o - 4, x - 40, y + o + 4], 3),
                 rrect([x + 40, y + o - 4, x + 58, y + o + 4], 3)]
    paint(im, union(*pins), BODY_RIGHT)
    paint(im, rrect([x - 44, y - 44, x + 44, y + 44], 12), grad(BODY_TOP, BODY_RIGHT, 60))
    blurred(im, rrect([x - 20, y - 20, x + 20, y + 20], 6), accent, 10, 0.9)
    paint(im, rrect([x - 20, y - 20, x + 20, y + 20], 6), accent)


def icon_city(im: Image.Image, c: Pt, accent: Color) -> None:
    x, y = c
    blocks = [(-52, -10, -22), (-18, -50, 14), (18, -28, 50)]
    for x0, top, x1 in blocks:
        paint(im, rrect([x + x0, y + top, x + x1, y + 44], 5), grad(BODY_TOP, BODY_RIGHT, 60))
        for wy in range(int(top) + 10, 34, 14):
            paint(im, rrect([x + x0 + 7, y + wy, x + x1 - 7, y + wy + 5], 2), accent, 0.9)
    paint(im, stroke([(x - 62, y + 46), (x + 62, y + 46)], 4), accent)


def icon_data(im: Image.Image, c: Pt, accent: Color) -> None:
    x, y = c
    for k in (2, 1, 0):
        cy = y - 34 + k * 30
        paint(im, union(rrect([x - 48, cy, x + 48, cy + 26], 2),
                        ellipse([x - 48, cy + 14, x + 48, cy + 38])),
              grad(BODY_LEFT, BODY_RIGHT, 0))
        paint(im, ellipse([x - 48, cy - 12, x + 48, cy + 12]), grad(BODY_TOP, BODY_LEFT, 90))
        paint(im, ellipse([x + 24, cy + 14, x + 34, cy + 22]), accent)


def branch_loop(accent: Color) -> Image.Image:
    im = backdrop(accent, (800, 520))
    cx, cy, rad, node_r = 800, 530, 290, 112
    angles = [-90, 30, 150]
    # faint orbit and particles moving round it
    paint(im, ring((cx, cy), rad, 2), LINE, 0.12)
    rng = random.Random(8)
    for _ in range(40):
        a = rng.uniform(0, 2 * math.pi)
        rr = rad + rng.gauss(0, 10)
        x, y, s = cx + rr * math.cos(a), cy + rr * math.sin(a), rng.uniform(1.5, 3.5)
        paint(im, ellipse([x - s, y - s, x + s, y + s]), accent, rng.uniform(0.3, 0.8))
    # arcs: R&D -> deployment -> data -> R&D, each ending in an arrowhead
    gap = math.degrees(node_r / rad) + 6
    tints = [mix(accent, (255, 255, 255), 0.35), accent, mix(accent, (120, 120, 255), 0.35)]
    for k, a0 in enumerate(angles):
        a1 = a0 + 120
        arc = [(cx + rad * math.cos(math.radians(a)), cy + rad * math.sin(math.radians(a)))
               for a in np.linspace(a0 + gap, a1 - gap - 4, 120)]
        glow_line(im, arc, tints[k], 5, 12, 0.5)
        end = math.radians(a1 - gap)
        tip = (cx + rad * math.cos(end), cy + rad * math.sin(end))
        tx, ty = -math.sin(end), math.cos(end)  # tangent (clockwise)
        nx, ny = math.cos(end), math.sin(end)
        head = [(tip[0] + tx * 14, tip[1] + ty * 14),
                (tip[0] - tx * 18 + nx * 18, tip[1] - ty * 18 + ny * 18),
                (tip[0] - tx * 18 - nx * 18, tip[1] - ty * 18 - ny * 18)]
        blurred(im, poly(head), tints[k], 6, 0.7)
        paint(im, poly(head), tints[(k + 1) % 3])
    # nodes with their icons
    centre_glow = ellipse([cx - 120, cy - 120, cx + 120, cy + 120])
    blurred(im, centre_glow, accent, 60, 0.25)
    for a, icon in zip(angles, (icon_chip, icon_city, icon_data), strict=False):
        x, y = cx + rad * math.cos(math.radians(a)), cy + rad * math.sin(math.radians(a))
        b = [x - node_r, y - node_r, x + node_r, y + node_r]
        blurred(im, ellipse(b), (0, 4, 12), 22, 0.6, (0, 14))
        paint(im, ellipse(b), grad(mix(PANEL, (50, 80, 120), 0.4), PANEL, 100))
        blurred(im, ring((x, y), node_r, 3), accent, 8, 0.6)
        paint(im, ring((x, y), node_r, 2.5), accent, 0.9)
        icon(im, (x, y + 4), accent)
    return im


def branch_network(accent: Color) -> Image.Image:
    im = backdrop(accent, (800, 500))
    hub = (800, 500)
    rng = random.Random(21)
    for r, op in ((140, 0.12), (260, 0.08), (380, 0.06)):
        paint(im, ring(hub, r, 2), LINE, op)
    tints = [accent, mix(accent, (255, 255, 255), 0.45), mix(accent, (90, 230, 200), 0.6),
             mix(accent, (150, 140, 255), 0.5)]
    clusters: list[tuple[Pt, list[Pt], Color]] = []
    for k in range(5):
        a = -math.pi / 2 + k * 2 * math.pi / 5 + 0.3
        centre = (hub[0] + 330 * math.cos(a) * 1.45, hub[1] + 300 * math.sin(a))
        members = [(centre[0] + rng.gauss(0, 75), centre[1] + rng.gauss(0, 60))
                   for _ in range(rng.randint(8, 12))]
        clusters.append((centre, members, tints[k % len(tints)]))
    edges = Image.new("RGBA", im.size, (0, 0, 0, 0))
    for centre, members, tint in clusters:
        paint(edges, stroke([hub, centre], 2.5, False), grad(rgba(accent, 200), rgba(tint, 70), 0))
        for m in members:
            near = sorted(members, key=lambda q: math.dist(q, m))[1:3]
            for q in near:
                paint(edges, stroke([m, q], 1.4, False), tint, 0.35)
            paint(edges, stroke([m, centre], 1.2, False), tint, 0.25)
    for (c1, _, t1), (c2, _, _) in zip(clusters, clusters[1:] + clusters[:1], strict=False):
        paint(edges, stroke([c1, c2], 1.2, False), t1, 0.18)
    im.alpha_composite(edges)
    for centre, members, tint in clusters:
        for m in members:
            s = rng.uniform(3, 8)
            blurred(im, ellipse([m[0] - s, m[1] - s, m[0] + s, m[1] + s]), tint, s, 0.6)
            paint(im, ellipse([m[0] - s, m[1] - s, m[0] + s, m[1] + s]), tint, 0.9)
        blurred(im, ellipse([centre[0] - 16, centre[1] - 16, centre[0] + 16, centre[1] + 16]),
                tint, 14, 0.9)
        paint(im, ellipse([centre[0] - 14, centre[1] - 14, centre[0] + 14, centre[1] + 14]),
              (255, 255, 255))
        paint(im, ellipse([centre[0] - 9, centre[1] - 9, centre[0] + 9, centre[1] + 9]), tint)
    blurred(im, ellipse([hub[0] - 60, hub[1] - 60, hub[0] + 60, hub[1] + 60]), accent, 40, 0.8)
    paint(im, ellipse([hub[0] - 44, hub[1] - 44, hub[0] + 44, hub[1] + 44]),
          grad(mix(accent, (255, 255, 255), 0.5), accent, 90))
    paint(im, ring(hub, 62, 3), accent, 0.7)
    sparkles(im, rng, LINE, 40, [60, 60, 1540, 940])
    return im


# =========================================================================== driver
SCENES: dict[str, list[tuple[str, Callable[[Color], Image.Image]]]] = {
    "gc-ms": [("hero.jpg", gcms_hero), ("chromatogram.jpg", gcms_chromatogram),
              ("oven-column.jpg", gcms_oven)],
    "titration-robot": [("hero.jpg", titration_hero), ("ph-curve.jpg", titration_curve),
                        ("sample-queue.jpg", titration_queue)],
    "robot-training-ground": [("hero.jpg", robot_hero), ("learning-curve.jpg", robot_learning),
                              ("fleet.jpg", robot_fleet)],
    "yidian-branch": [("hero.jpg", branch_hero), ("closed-loop.jpg", branch_loop),
                      ("network.jpg", branch_network)],
}


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    preview = None
    if "--preview" in args:
        i = args.index("--preview")
        preview = Path(args[i + 1])
        del args[i:i + 2]
    wanted = set(args) or set(SCENES)
    for slug, scenes in SCENES.items():
        if slug not in wanted:
            continue
        for n, (name, draw) in enumerate(scenes):
            path = CONTENT / slug / name
            finish(draw(ACCENTS[slug]), path, seed=len(slug) * 100 + n, preview=preview)
            print(f"{path.relative_to(CONTENT.parent)}: {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
