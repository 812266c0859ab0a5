"""Image import speed: a 12-megapixel camera JPEG → display rendition + thumbnail.

Prints ``image_import_ms`` (median of the real pipeline, which decodes with JPEG draft mode)
and ``image_import_ratio`` (that median over the median of a full decode + LANCZOS resize
without draft mode, measured in the same run on the same file).
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.media import images

RUNS = 7


def camera_like_jpeg(width: int = 4000, height: int = 3000, seed: int = 7) -> bytes:
    """Smooth scene-like shading, a few hard edges and sensor noise, saved like a camera does."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    r = 120 + 90 * np.sin(x / 610.0) * np.cos(y / 470.0)
    g = 110 + 70 * np.cos((x + y) / 830.0)
    b = 90 + 100 * (y / height)
    img = np.stack([r, g, b], axis=-1)
    for _ in range(12):  # objects with edges, so the encoder has real detail to keep
        x0, y0 = rng.integers(0, width - 600), rng.integers(0, height - 600)
        w, h = rng.integers(150, 600, size=2)
        img[y0:y0 + h, x0:x0 + w] = rng.uniform(20, 235, size=3)
    img += rng.normal(0.0, 4.0, img.shape).astype(np.float32)  # ISO-400-ish sensor noise
    buf = io.BytesIO()
    Image.fromarray(img.clip(0, 255).astype(np.uint8), "RGB").save(buf, "JPEG", quality=92)
    return buf.getvalue()


def pipeline(data: bytes) -> None:
    display, thumb = images.render(data, name="bench.jpg")
    images._encode(display)
    images._encode(thumb)


def baseline(data: bytes) -> None:
    im = Image.open(io.BytesIO(data), formats=images.FORMATS)
    im.load()
    display = im.copy()
    display.thumbnail((images.DISPLAY_MAX, images.DISPLAY_MAX), Image.Resampling.LANCZOS,
                      reducing_gap=None)
    thumb = display.copy()
    thumb.thumbnail((images.THUMB_MAX, images.THUMB_MAX), Image.Resampling.LANCZOS,
                    reducing_gap=None)
    images._encode(display)
    images._encode(thumb)


def median_ms(fn, data: bytes) -> float:
    fn(data)  # warm-up: first call pays for imports and allocations
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn(data)
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def main() -> int:
    data = camera_like_jpeg()
    fast = median_ms(pipeline, data)
    slow = median_ms(baseline, data)
    print(f"image_import_ms: {fast:.1f}")
    print(f"image_import_ratio: {fast / slow:.3f}")
    print(f"image_full_decode_resize_ms: {slow:.1f}")
    print(f"image_source_bytes: {len(data)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
