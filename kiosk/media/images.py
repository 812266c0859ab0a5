"""Turn an image file into a display rendition and a thumbnail, stored by sha256.

Layout of the media dir::

    originals/<sha256>.<ext>   the file as imported (kept so that export → import round-trips)
    display/<sha256>.jpg|png   at most DISPLAY_MAX px on the long edge, metadata stripped
    thumbs/<sha256>.jpg|png    at most THUMB_MAX px on the long edge

Runs in an executor: nothing here touches Qt, and nothing here changes Pillow's global
state (``warnings`` filters and ``Image.MAX_IMAGE_PIXELS`` are process-wide, not per thread).
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import cast

import numpy as np
from PIL import Image, ImageCms, ImageOps

from kiosk.reasons import CodedError, Reason

FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
DISPLAY_MAX = 2560
# JPEG DCT scaling may shrink while decoding as long as the long edge stays at least this big:
# a full-HD panel shows the picture full screen without upscaling, and decoding a 12 MP photo
# at half size is what keeps an import fast.
DISPLAY_MIN_DRAFT = 1920
THUMB_MAX = 480
MAX_PIXELS = 80_000_000  # a 12 MP camera photo is far below; a crafted bomb is far above
JPEG_QUALITY = 88

_SRGB = ImageCms.createProfile("sRGB")


class ImageError(CodedError):
    """This file cannot be used as an image; the message names the file and the reason,
    ``code`` the kind of problem (``image.damaged``…, see ``kiosk.reasons``)."""


@dataclasses.dataclass(frozen=True)
class StoredImage:
    sha256: str
    width: int            # of the display rendition
    height: int
    display: str          # path relative to the media dir
    thumb: str
    original: str


@dataclasses.dataclass(frozen=True)
class BatchItem:
    """One file of a batch import: ``image`` on success, else ``error`` (names file and reason)."""
    path: Path
    image: StoredImage | None
    error: Reason | None

    @property
    def ok(self) -> bool:
        return self.image is not None


def _icc_to_srgb(im: Image.Image) -> Image.Image:
    """Photos tagged Adobe RGB, Display P3 or a CMYK press profile look wrong unless converted."""
    icc = im.info.get("icc_profile")
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK"):
        return im
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
        out = ImageCms.profileToProfile(im, src, _SRGB, outputMode=out_mode)
        return out if out is not None else im  # None only when converting in place
    except (ImageCms.PyCMSError, OSError, ValueError):
        return im  # a broken profile: plain conversion below is better than refusing the photo


def _to_8bit_rgb(im: Image.Image) -> Image.Image:
    """Any mode Pillow gives us → RGB or RGBA with 8 bits per channel, sRGB."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(im, dtype=np.uint32)
        # 16-bit greyscale PNGs use the whole 0..65535 range; scale instead of clipping at 255
        peak = 65535 if im.mode.startswith("I;16") or arr.max(initial=0) > 255 else 255
        arr8 = (arr.astype(np.float64) * (255.0 / peak)).round().clip(0, 255).astype(np.uint8)
        return Image.fromarray(arr8, "L").convert("RGB")
    im = _icc_to_srgb(im)
    if im.mode == "CMYK":
        return im.convert("RGB")
    if im.mode in ("P", "PA", "LA", "La", "RGBa"):
        im = im.convert("RGBA")
    elif im.mode not in ("RGB", "RGBA"):
        im = im.convert("RGB")
    if im.mode == "RGBA" and cast(tuple[tuple[int, int], ...], im.getextrema())[3][0] == 255:
        im = im.convert("RGB")  # fully opaque: JPEG is far smaller
    return im


def _encode(im: Image.Image) -> tuple[bytes, str]:
    """Encode without any metadata: a fresh info dict means no EXIF, GPS, XMP or comments."""
    im.info = {}
    buf = io.BytesIO()
    if im.mode == "RGBA":
        im.save(buf, "PNG", compress_level=6)
        return buf.getvalue(), ".png"
    im.save(buf, "JPEG", quality=JPEG_QUALITY)
    return buf.getvalue(), ".jpg"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _draft_box(size: tuple[int, int], min_edge: int) -> tuple[int, int]:
    """The box handed to ``draft``: Pillow keeps both sides at least this big, so scale it
    with the aspect ratio (a square box would forbid any shrinking of a 4:3 photo)."""
    w, h = size
    if w >= h:
        return min_edge, max(1, -(-min_edge * h // w))
    return max(1, -(-min_edge * w // h)), min_edge


def decode(data: bytes, *, name: str, min_edge: int = DISPLAY_MIN_DRAFT,
           draft: bool = True) -> Image.Image:
    """Decode, check and orient an image; shrink in the decoder where the format allows."""
    try:
        im = Image.open(io.BytesIO(data), formats=FORMATS)
        w, h = im.size
        if w * h > MAX_PIXELS:
            raise ImageError("image.too_large", f"{name}: refused, {w}×{h} pixels is too large "
                             f"to decode safely (limit {MAX_PIXELS:,} pixels)")
        if draft and im.format == "JPEG":
            # DCT scaling: decode at 1/2, 1/4 or 1/8 when the result is still big enough
            im.draft("RGB" if im.mode != "CMYK" else "CMYK", _draft_box(im.size, min_edge))
        im.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # the warning only arrives as an exception where warnings are errors (the test suite)
        raise ImageError("image.too_large",
                         f"{name}: refused, image is too large to decode safely ({exc})") from exc
    except Image.UnidentifiedImageError as exc:
        raise ImageError("image.not_image", f"{name}: not a JPEG, PNG or WebP image") from exc
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as exc:
        raise ImageError("image.damaged", f"{name}: damaged or truncated image ({exc})") from exc
    try:
        upright = ImageOps.exif_transpose(im)
    except Exception as exc:  # Pillow raises many types on malformed EXIF
        raise ImageError("image.orientation",
                         f"{name}: unreadable orientation data ({exc})") from exc
    return _to_8bit_rgb(upright)


def _shrink(im: Image.Image, max_edge: int, *, reducing_gap: float = 2.0) -> Image.Image:
    if max(im.size) <= max_edge:
        return im
    out = im.copy()
    # reducing_gap: box-reduce first, then LANCZOS over the last step; visually the same, far
    # faster. Thumbnails are small enough that a box reduce right down to the target is fine.
    out.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS, reducing_gap=reducing_gap)
    return out


def render(data: bytes, *, name: str) -> tuple[Image.Image, Image.Image]:
    """The display rendition and the thumbnail of an image file's bytes."""
    im = decode(data, name=name)
    display = _shrink(im, DISPLAY_MAX)
    return display, _shrink(display, THUMB_MAX, reducing_gap=1.0)


def original_ext(name: str) -> str:
    ext = Path(name).suffix.lower()
    return ".jpg" if ext == ".jpeg" else ext if ext in EXTENSIONS else ".bin"


def import_image(source: Path | bytes, *, media_dir: Path, name: str | None = None) -> StoredImage:
    """Import one image file into ``media_dir``; raise ImageError naming the file on bad input."""
    if isinstance(source, bytes):
        data, label, ext = source, name or "image", original_ext(name or "x.bin")
    else:
        label = name or str(source)
        ext = original_ext(str(source))
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise ImageError("image.unreadable",
                             f"{label}: cannot be read ({exc.strerror or exc})") from exc
    if not data:
        raise ImageError("image.empty", f"{label}: empty file")
    sha = hashlib.sha256(data).hexdigest()
    media_dir = Path(media_dir)
    display, thumb = render(data, name=label)
    d_bytes, d_ext = _encode(display)
    t_bytes, t_ext = _encode(thumb)
    orig_rel = f"originals/{sha}{ext}"
    disp_rel = f"display/{sha}{d_ext}"
    thumb_rel = f"thumbs/{sha}{t_ext}"
    for rel, blob in ((orig_rel, data), (disp_rel, d_bytes), (thumb_rel, t_bytes)):
        target = media_dir / rel
        if not target.exists():
            _write_atomic(target, blob)
    return StoredImage(sha, display.width, display.height, disp_rel, thumb_rel, orig_rel)


def find_original(media_dir: Path, sha256: str) -> Path | None:
    """The stored original of an image, whatever its extension."""
    for p in sorted((Path(media_dir) / "originals").glob(f"{sha256}.*")):
        if p.is_file() and not p.name.startswith(".tmp-"):
            return p
    return None


ProgressFn = Callable[[int, int, BatchItem], None]


def import_batch(paths: Iterable[Path], media_dir: Path, *,
                 progress: ProgressFn | None = None,
                 cancelled: Callable[[], bool] | None = None) -> list[BatchItem]:
    """Import many files; a bad one is reported (name and reason) and the rest still import.

    ``progress(done, total, item)`` is called after each file, from the calling thread (the
    admin screen runs this in an executor and forwards progress to the UI thread itself).
    """
    todo = [Path(p) for p in paths]
    results: list[BatchItem] = []
    for i, path in enumerate(todo, 1):
        if cancelled is not None and cancelled():
            break
        try:
            item = BatchItem(path, import_image(path, media_dir=media_dir, name=path.name), None)
        except ImageError as exc:
            item = BatchItem(path, None, exc.reason)
        except OSError as exc:  # disk full, media dir not writable: still a per-file report
            item = BatchItem(path, None, Reason(
                "image.store_failed", f"{path.name}: cannot be stored ({exc.strerror or exc})"))
        results.append(item)
        if progress is not None:
            progress(i, len(todo), item)
    return results
