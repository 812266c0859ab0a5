"""Chinese must render on machines with no Chinese font: the bundled one covers every text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase

from kiosk.content import store
from kiosk.ui import i18n, theme
from kiosk.ui.fonts import font_files, missing_glyphs


def _all_chinese(db_path: Path) -> str:
    parts: list[str] = []
    with store.opened(db_path) as db:
        for e in store.list_exhibits(db, include_hidden=True):
            parts += [e.title.zh, e.summary.zh, e.body.zh]
            parts += [s.key.zh + s.value.zh for s in e.specs]
            parts += [m.caption.zh for m in e.media]
            parts += [c.title.zh for c in e.charts]
        parts += [t.zh for t in store.showroom_texts(db).values()]
        parts += [s.title.zh + s.body.zh for s in store.showroom_sections(db)]
    parts += [zh for zh, _en in i18n.STRINGS.values()]
    return "".join(parts)


def test_bundled_cjk_font_covers_every_seeded_text(app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = font_files()
    assert files, "no font bundled under assets/fonts"
    assert (files[0].parent / "LICENSE-OFL.txt").is_file()
    text = _all_chinese(db_path)
    assert len({c for c in text if "\u4e00" <= c <= "\u9fff"}) > 200  # real Chinese texts
    for f in files:
        assert missing_glyphs(text, f) == set(), f.name


def test_bundled_font_is_the_application_font(app) -> None:  # type: ignore[no-untyped-def]
    assert theme.FONT_FAMILY in QFontDatabase.families()
    assert app.font().family() == theme.FONT_FAMILY


def test_missing_glyphs_detects_absent_characters(app) -> None:  # type: ignore[no-untyped-def]
    # Linear B is certainly not in a CJK font: the check must be able to fail
    assert missing_glyphs("中\U00010000", font_files()[0]) == {"\U00010000"}
