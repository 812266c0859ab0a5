"""Load the bundled CJK font: kiosk PCs often have no Chinese font at all."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QRawFont

from kiosk import paths
from kiosk.ui import theme

log = logging.getLogger(__name__)


def font_files() -> list[Path]:
    return sorted((paths.assets_dir() / "fonts").glob("*.otf")) + sorted(
        (paths.assets_dir() / "fonts").glob("*.ttf"))


def load_bundled_fonts() -> list[str]:
    """Register the bundled fonts with Qt and make the CJK one the app default."""
    families: list[str] = []
    for f in font_files():
        fid = QFontDatabase.addApplicationFont(str(f))
        if fid < 0:
            log.error("font %s could not be loaded", f)
            continue
        families += QFontDatabase.applicationFontFamilies(fid)
    if theme.FONT_FAMILY in families:
        font = QFont(theme.FONT_FAMILY)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        QGuiApplication.setFont(font)
    else:
        log.error("bundled CJK font %s missing; Chinese will not render", theme.FONT_FAMILY)
    return families


def missing_glyphs(text: str, font_file: Path, *, pixel_size: float = 24) -> set[str]:
    """Characters of ``text`` the font file has no glyph for (QRawFont is exact for CJK)."""
    raw = QRawFont(str(font_file), pixel_size)
    if not raw.isValid():
        return set(text)
    chars = sorted({c for c in text if not c.isspace()})
    if not chars:
        return set()
    indexes = raw.glyphIndexesForString("".join(chars))
    return {c for c, g in zip(chars, indexes, strict=False) if g == 0}
