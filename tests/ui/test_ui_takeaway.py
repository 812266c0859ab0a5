"""扫码带走: the QR codes of `kiosk shot` PNGs decode (zxing-cpp) to exactly the content."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.commands import shot
from kiosk.content import queries
from kiosk.content.engagement import short_url, vcard
from kiosk.content.qr import MAX_BYTES, QUIET_ZONE, qr_matrix


def shoot(tmp_path: Path, db_path: Path, page: str, lang: str,
          size: tuple[int, int] = (1920, 1080)) -> Image.Image:
    out = tmp_path / f"{page.replace(':', '-')}-{lang}-{size[0]}.png"
    args = argparse.Namespace(out=out, page=page, lang=lang, size=size, db=db_path, config=None,
                              at=None)
    assert shot.render(args) == 0
    return Image.open(out)


def decoded(img: Image.Image) -> dict[str, zxingcpp.Barcode]:
    found = zxingcpp.read_barcodes(img)
    assert all(b.format == zxingcpp.BarcodeFormat.QRCode for b in found)
    return {b.text: b for b in found}


def module_px(code: zxingcpp.Barcode, payload: str) -> float:
    pos = code.position
    return (pos.top_right.x - pos.top_left.x) / qr_matrix(payload).size


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("slug", ["gc-ms", "titration-robot", "robot-training-ground"])
def test_exhibit_code_reads_as_its_link(app, tmp_path, db_path, slug, lang) -> None:
    conn = queries.open_readonly(db_path)
    ex = queries.get_exhibit(conn, slug)
    conn.close()
    assert ex is not None
    link = ex.link_for(lang)
    codes = decoded(shoot(tmp_path, db_path, f"exhibit:{slug}", lang))
    assert list(codes) == [link]
    assert module_px(codes[link], link) >= 6  # at 1080p
    assert qr_matrix(link).version <= 10


def test_exhibit_without_link_shows_no_code_and_page_texts_name_it(
        app, tmp_path, db_path, window) -> None:
    assert decoded(shoot(tmp_path, db_path, "exhibit:yidian-branch", "zh")) == {}
    window.open_exhibit("gc-ms")
    texts = window.exhibit.visible_texts()
    assert "扫码带走" in texts and any("Take it with you" in t for t in texts)
    assert "example.org/modelspeed-yidian/zh/gc-ms" in texts  # the short address below it


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_info_page_codes_read_as_the_vcard_and_the_apply_link(app, tmp_path, db_path, lang) -> None:
    conn = queries.open_readonly(db_path)
    contact, apply = queries.showroom_contact(conn), queries.showroom_apply(conn)
    conn.close()
    assert contact is not None and apply is not None
    card = vcard(contact, lang, max_bytes=MAX_BYTES)
    codes = decoded(shoot(tmp_path, db_path, "info", lang))
    assert set(codes) == {card, apply.url}
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert contact.organisation.get(lang) in card
    assert "PLACEHOLDER" not in card  # phone and e-mail are still placeholders: left out
    assert module_px(codes[card], card) >= 6 and module_px(codes[apply.url], apply.url) >= 6
    assert short_url(apply.url) == "example.org/modelspeed-yidian/apply"


@pytest.mark.parametrize("size", [(1080, 1920), (1280, 800)])
def test_codes_still_read_in_portrait_and_on_small_screens(app, tmp_path, db_path, size) -> None:
    img = shoot(tmp_path, db_path, "exhibit:gc-ms", "en", size)
    assert img.size == size
    assert list(decoded(img)) == ["https://example.org/modelspeed-yidian/en/gc-ms"]
    assert len(decoded(shoot(tmp_path, db_path, "info", "en", size))) == 2


def test_quiet_zone_is_light(app, tmp_path, db_path) -> None:
    img = shoot(tmp_path, db_path, "exhibit:gc-ms", "zh").convert("L")
    link = "https://example.org/modelspeed-yidian/zh/gc-ms"
    code = decoded(img.convert("RGB"))[link]
    px = module_px(code, link)
    x0, y0 = code.position.top_left.x, code.position.top_left.y
    side = int(qr_matrix(link).size * px)
    band = int(QUIET_ZONE * px)
    # every pixel of the 4-module margin around the code is light
    for y in range(y0 - band, y0 + side + band, 3):
        for x in list(range(x0 - band, x0 - 1)) + list(range(x0 + side + 1, x0 + side + band)):
            value = img.getpixel((x, y))
            assert isinstance(value, int) and value > 200, (x, y)
