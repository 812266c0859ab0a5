"""What read-aloud says for each item and page of the visitor screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

from kiosk.ui.access.read_aloud import Piece, paragraphs, pieces_of
from kiosk.ui.access.strings import t
from kiosk.ui.i18n import tr

if TYPE_CHECKING:
    from kiosk.content.queries import Exhibit
    from kiosk.content.snapshot import Snapshot


def exhibit_pieces(ex: Exhibit, snap: Snapshot, lang: str) -> list[Piece]:
    """The title, then the recorded narration if there is one in ``lang``, else the texts
    paragraph by paragraph and the specifications."""
    out = [Piece(ex.title.get(lang), lang)]
    narration = ex.narration(lang) if hasattr(ex, "narration") else None
    if narration is not None:
        return [*out, Piece(lang=lang, file=snap.media_dir / narration.file)]
    out.append(Piece(ex.summary.get(lang), lang))
    out += [Piece(p, lang) for p in paragraphs(ex.body.get(lang))]
    if ex.specs:
        out.append(Piece(tr("specs", lang), lang))
        sep = "：" if lang == "zh" else ": "
        out += [Piece(f"{s.key.get(lang)}{sep}{s.value.get(lang)}", lang) for s in ex.specs]
    return [p for p in out if p.text or p.file is not None]


def info_pieces(snap: Snapshot, lang: str) -> list[Piece]:
    out = [Piece(snap.text("name", lang), lang), Piece(snap.text("tagline", lang), lang)]
    for sec in snap.sections:
        out.append(Piece(sec.title.get(lang), lang))
        out += [Piece(p, lang) for p in paragraphs(sec.body.get(lang))]
    return [p for p in out if p.text]


def item_pieces(w: QWidget, window: object) -> list[Piece]:
    """What to say for a focused or tapped item."""
    lang = window.state.lang  # type: ignore[attr-defined]
    snap = window.content.snapshot  # type: ignore[attr-defined]
    ex = getattr(w, "exhibit", None)
    if hasattr(w, "tapped") and ex is not None:  # a home card
        return [Piece(ex.title.get(lang), lang), Piece(ex.summary.get(lang), lang)]
    if isinstance(w, QAbstractButton):
        return pieces_of(w.text(), lang)
    if hasattr(w, "set_index") and hasattr(w, "index"):  # the gallery: the picture's caption
        page = window.exhibit  # type: ignore[attr-defined]
        e = page.exhibit
        if e is not None and e.media:
            m = e.media[min(w.index, len(e.media) - 1)]
            return [Piece(m.caption.get(lang), lang)]
        return []
    if isinstance(w, QScrollArea):  # a reading area: its page's texts
        current = window.current  # type: ignore[attr-defined]
        if current == "exhibit" and window.exhibit.exhibit is not None:  # type: ignore[attr-defined]
            return exhibit_pieces(window.exhibit.exhibit, snap, lang)  # type: ignore[attr-defined]
        if current == "info":
            return info_pieces(snap, lang)
    return []


def page_pieces(name: str, window: object) -> list[Piece]:
    """Said when a page appears: its heading (an exhibit: all of it)."""
    lang = window.state.lang  # type: ignore[attr-defined]
    snap = window.content.snapshot  # type: ignore[attr-defined]
    if name == "attract":
        other = "en" if lang == "zh" else "zh"
        return [Piece(tr("touch_to_start", lang), lang), Piece(tr("touch_to_start", other), other)]
    if name == "home":
        return [Piece(snap.text("welcome", lang) or f"{tr('welcome', lang)}, "
                      f"{snap.text('name', lang)}", lang)]
    if name == "exhibit" and window.exhibit.exhibit is not None:  # type: ignore[attr-defined]
        return exhibit_pieces(window.exhibit.exhibit, snap, lang)  # type: ignore[attr-defined]
    if name == "info":
        return [Piece(snap.text("name", lang), lang), Piece(snap.text("tagline", lang), lang)]
    return []


def still_there_pieces(seconds: int, lang: str) -> list[Piece]:
    other = "en" if lang == "zh" else "zh"
    return [Piece(f"{t('still_there', x)} {t('still_there_body', x, s=seconds)}", x)
            for x in (lang, other)]
