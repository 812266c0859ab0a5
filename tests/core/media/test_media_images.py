"""The image pipeline on real files made with Pillow: each awkward kind of input."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from kiosk.media import images
from kiosk.media.images import ImageError, import_batch, import_image


def _jpeg_with_orientation(path: Path, orientation: int) -> None:
    # a wide image whose left half is red: after rotating 90° clockwise the top half is red
    arr = np.zeros((60, 120, 3), np.uint8)
    arr[:, :60] = (255, 0, 0)
    arr[:, 60:] = (0, 0, 255)
    im = Image.fromarray(arr, "RGB")
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "TestCam"  # Make: must not survive into the rendition
    im.save(path, "JPEG", exif=exif.tobytes(), quality=95)


def _png_bomb(path: Path, width: int = 100_000, height: int = 100_000) -> None:
    """A valid-looking PNG whose header claims ``width``×``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b"")
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + body)


def _open(media: Path, rel: str) -> Image.Image:
    with Image.open(media / rel) as im:
        im.load()
        return im.copy()  # the copy keeps .info, so EXIF would still be visible


def test_exif_orientation_is_applied_and_metadata_stripped(tmp_path: Path) -> None:
    src = tmp_path / "rotated.jpg"
    _jpeg_with_orientation(src, 6)
    stored = import_image(src, media_dir=tmp_path / "media")
    im = _open(tmp_path / "media", stored.display)
    assert im.size == (60, 120)  # orientation 6: rotate 90° clockwise, so portrait now
    top, bottom = im.getpixel((30, 20)), im.getpixel((30, 100))
    assert top[0] > 200 and top[2] < 60      # the red half went to the top
    assert bottom[2] > 200 and bottom[0] < 60
    assert (stored.width, stored.height) == (60, 120)
    assert not im.getexif()                  # no EXIF at all, so no orientation applied twice
    assert "exif" not in im.info
    thumb = _open(tmp_path / "media", stored.thumb)
    assert not thumb.getexif()
    # the original is kept byte for byte, for export
    assert (tmp_path / "media" / stored.original).read_bytes() == src.read_bytes()


def test_cmyk_jpeg_becomes_rgb(tmp_path: Path) -> None:
    src = tmp_path / "print.jpg"
    Image.new("CMYK", (64, 48), (0, 255, 255, 0)).save(src, "JPEG", quality=95)  # pure red ink
    stored = import_image(src, media_dir=tmp_path / "media")
    im = _open(tmp_path / "media", stored.display)
    assert im.mode == "RGB" and stored.display.endswith(".jpg")
    r, g, b = im.getpixel((32, 24))
    assert r > 200 and g < 60 and b < 60


def test_png_with_alpha_stays_png_rgba(tmp_path: Path) -> None:
    src = tmp_path / "logo.png"
    im = Image.new("RGBA", (40, 30), (10, 200, 30, 255))
    im.putpixel((0, 0), (0, 0, 0, 0))
    im.save(src)
    stored = import_image(src, media_dir=tmp_path / "media")
    out = _open(tmp_path / "media", stored.display)
    assert stored.display.endswith(".png") and stored.thumb.endswith(".png")
    assert out.mode == "RGBA"
    assert out.getpixel((0, 0))[3] == 0 and out.getpixel((20, 15)) == (10, 200, 30, 255)


def test_opaque_png_becomes_jpeg(tmp_path: Path) -> None:
    src = tmp_path / "photo.png"
    Image.new("RGBA", (40, 30), (10, 200, 30, 255)).save(src)
    assert import_image(src, media_dir=tmp_path / "m").display.endswith(".jpg")


def test_16bit_png_is_scaled_not_clipped(tmp_path: Path) -> None:
    src = tmp_path / "deep.png"
    ramp = np.tile(np.linspace(0, 65535, 256).astype(np.uint16), (16, 1))
    Image.fromarray(ramp).save(src)  # uint16 → mode I;16
    with Image.open(src) as check:
        assert check.mode in ("I;16", "I")  # really a 16-bit file
    stored = import_image(src, media_dir=tmp_path / "media")
    out = np.asarray(_open(tmp_path / "media", stored.display).convert("L"), dtype=int)
    row = out[8]
    assert row[0] <= 3 and row[-1] >= 252
    assert abs(row[128] - 128) <= 4          # mid-grey stays mid-grey (clipping gives 255)
    assert (np.diff(row) >= -3).all()        # still a ramp (JPEG allows tiny ripples)


def test_palette_image_converts(tmp_path: Path) -> None:
    src = tmp_path / "pal.png"
    Image.new("RGB", (20, 20), (200, 10, 10)).convert("P").save(src)
    stored = import_image(src, media_dir=tmp_path / "media")
    assert _open(tmp_path / "media", stored.display).mode == "RGB"


def test_truncated_file_names_the_file(tmp_path: Path) -> None:
    good = io.BytesIO()
    rng = np.random.default_rng(1)
    Image.fromarray(rng.integers(0, 255, (200, 300, 3), dtype=np.uint8)).save(good, "JPEG")
    src = tmp_path / "cut-short.jpg"
    src.write_bytes(good.getvalue()[: len(good.getvalue()) // 2])
    with pytest.raises(ImageError, match=r"cut-short.jpg.*(damaged|truncated)"):
        import_image(src, media_dir=tmp_path / "media")
    assert not (tmp_path / "media" / "display").exists()


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "bomb.png"
    _png_bomb(src)
    with pytest.raises(ImageError, match=r"bomb.png.*too large"):
        import_image(src, media_dir=tmp_path / "media")


def test_bomb_just_over_our_limit_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "big.png"
    _png_bomb(src, 9000, 9000)  # 81 MP: under Pillow's own limit, over ours
    with pytest.raises(ImageError, match=r"big.png.*too large"):
        import_image(src, media_dir=tmp_path / "media")


def test_not_an_image(tmp_path: Path) -> None:
    src = tmp_path / "notes.png"
    src.write_text("hello")
    with pytest.raises(ImageError, match=r"notes\.png: not a JPEG, PNG or WebP"):
        import_image(src, media_dir=tmp_path / "media")


def test_large_jpeg_is_shrunk_with_draft(tmp_path: Path) -> None:
    src = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 3000), (90, 120, 150)).save(src, "JPEG")
    stored = import_image(src, media_dir=tmp_path / "media")
    assert max(stored.width, stored.height) <= images.DISPLAY_MAX
    assert max(stored.width, stored.height) >= images.DISPLAY_MIN_DRAFT
    assert stored.width / stored.height == pytest.approx(4 / 3, rel=0.01)
    thumb = _open(tmp_path / "media", stored.thumb)
    assert max(thumb.size) == images.THUMB_MAX


def test_large_png_is_limited_to_display_max(tmp_path: Path) -> None:
    src = tmp_path / "wide.png"
    Image.new("RGB", (3000, 1000), (1, 2, 3)).save(src)
    stored = import_image(src, media_dir=tmp_path / "media")
    assert (stored.width, stored.height) == (2560, 853)


def test_content_addressed_and_idempotent(tmp_path: Path) -> None:
    src = tmp_path / "a.png"
    Image.new("RGB", (10, 10), (1, 2, 3)).save(src)
    first = import_image(src, media_dir=tmp_path / "media")
    second = import_image(src.read_bytes(), media_dir=tmp_path / "media", name="again.png")
    assert first == second
    assert first.display.startswith(f"display/{first.sha256}.")
    found = images.find_original(tmp_path / "media", first.sha256)
    assert found == tmp_path / "media" / first.original


def test_batch_reports_bad_files_and_imports_the_rest(tmp_path: Path) -> None:
    paths = []
    for i, colour in enumerate([(255, 0, 0), (0, 255, 0)]):
        p = tmp_path / f"ok{i}.png"
        Image.new("RGB", (30, 20), colour).save(p)
        paths.append(p)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0garbage")
    missing = tmp_path / "gone.png"
    paths[1:1] = [broken, missing]
    seen: list[tuple[int, int, str]] = []
    def progress(done: int, total: int, item: images.BatchItem) -> None:
        seen.append((done, total, item.path.name))

    results = import_batch(paths, tmp_path / "media", progress=progress)
    assert [r.ok for r in results] == [True, False, False, True]
    assert "broken.jpg" in (results[1].error or "")
    assert "gone.png" in (results[2].error or "") and "cannot be read" in (results[2].error or "")
    assert seen == [(1, 4, "ok0.png"), (2, 4, "broken.jpg"), (3, 4, "gone.png"), (4, 4, "ok1.png")]
    for r in results:
        if r.image:
            assert (tmp_path / "media" / r.image.display).is_file()
