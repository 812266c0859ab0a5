"""The one string table: every text in both languages, every core problem code translated."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.bundles.safezip import BundleRefused
from kiosk.media.images import ImageError, import_image
from kiosk.reasons import Reason
from kiosk.ui import i18n
from kiosk.ui.admin import strings
from kiosk.ui.texts import TEXTS, text

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
# a code given where a Reason or a coded error is made: Reason("bundle.x", …), ImageError(…)
CODE = re.compile(r"""(?:Reason|ImageError)\(\s*["']([a-z_]+\.[a-z_0-9]+)["']""")
# and the codes chosen apart from the message: code="content.toml", return "bundle.dotdot", …
ANY_CODE = re.compile(
    r"""(?:code=["']|["'])((?:image|bundle)\.[a-z_0-9]+|(?<=code=")content\.[a-z_]+)["']""")


def test_one_table_for_visitor_and_curator_texts() -> None:
    assert i18n.STRINGS is TEXTS and strings.S is TEXTS
    assert i18n.tr("back", "en") == text("back", "en") == "Back"
    assert strings.t("error", "zh", e="x") == "出错了：x"
    for key, (zh, en) in TEXTS.items():
        assert zh.strip() and en.strip(), key


def test_every_problem_code_of_the_core_has_its_chinese_gist() -> None:
    codes = set()
    for path in KIOSK.rglob("*.py"):
        if "ui" in path.relative_to(KIOSK).parts:
            continue
        source = path.read_text(encoding="utf-8")
        codes |= set(CODE.findall(source))
        codes |= set(ANY_CODE.findall(source)) if "Reason" in source else set()
    assert {"image.damaged", "bundle.not_zip", "content.toml"} <= codes
    missing = sorted(c for c in codes if f"reason.{c}" not in TEXTS)
    assert missing == []


def test_the_gist_follows_the_code_not_the_english_words(tmp_path: Path) -> None:
    bad = tmp_path / "notes.png"
    bad.write_bytes(b"shopping list, not a picture")
    try:
        import_image(bad, media_dir=tmp_path / "media")
    except ImageError as exc:
        shown = strings.bilingual_reason(exc.reason)
    assert shown.startswith("不是 JPEG、PNG 或 WebP 图片 — ") and "notes.png" in shown
    # the same English words under another code get that code's gist, not a guess from words
    assert strings.bilingual_reason(Reason("bundle.damaged", "not a zip file, damaged")) \
        .startswith("文件损坏 — ")
    assert strings.bilingual_reason("plain text without a code") == "plain text without a code"
    assert "不是 zip 文件" in strings.bilingual_reason(
        BundleRefused([Reason("bundle.not_zip", "x.zip: not a zip file")]).reasons[0])
