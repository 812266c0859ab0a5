"""Audits of a rendered kiosk window: touch-target size, the reach band, nothing truncated,
nothing overlapping. They walk whatever widgets exist, so every page's additions are covered."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QScrollArea,
    QWidget,
)

from kiosk.ui.widgets import ClampLabel, CoverImage, LogoMark


def settle() -> None:
    """Let posted layout requests run (several rounds: a relayout can post another)."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(4):
        app.sendPostedEvents()
        app.processEvents()


def window_rect(w: QWidget, top: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def visible_rect(w: QWidget, top: QWidget) -> QRect:
    """The part of ``w`` that shows: clipped by every ancestor (scroll viewports included)."""
    r = window_rect(w, top)
    p = w.parentWidget()
    while p is not None and p is not top:
        r = r.intersected(window_rect(p, top))
        p = p.parentWidget()
    return r.intersected(top.rect())


def in_scroll_area(w: QWidget) -> bool:
    p = w.parentWidget()
    while p is not None:
        if isinstance(p, QScrollArea):
            return True
        p = p.parentWidget()
    return False


def _skip(w: QWidget) -> bool:
    """Inside a plot (pyqtgraph draws its own items) or not really shown."""
    p = w.parentWidget()
    while p is not None:
        if p.inherits("QGraphicsView"):
            return True
        p = p.parentWidget()
    return False


def target_problems(window, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every item the visitor can touch or reach by keyboard, at least the panel's 20 mm."""
    need = window.geometry_mm.min_target_px
    out = []
    for w in window.key_items():
        if not w.isVisible():
            continue
        # scrolled partly or wholly out of view: scrolling brings all of it in, so its size
        r = window_rect(w, window) if in_scroll_area(w) else visible_rect(w, window)
        if min(r.width(), r.height()) + 1 < need:
            out.append(f"{where}: {_name(w)} is {r.width()}x{r.height()} px, "
                       f"under {need} px ({window.geometry_mm.min_target_mm:g} mm)")
    return out


def reach_problems(window, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every interactive widget (and the attract page, a touch surface) inside the band."""
    top, bottom = window.geometry_mm.band_px()
    out = []
    items = [w for w in window.key_items() if w.isVisible()]
    if window.current == "attract":
        items.append(window.attract)
    for w in items:
        r = visible_rect(w, window)
        if isinstance(w, QAbstractScrollArea):  # a reading area: what shows of it
            r = visible_rect(w.viewport(), window)
        if r.isEmpty() and in_scroll_area(w):
            continue  # scrolled out of view: it shows in the (checked) viewport when needed
        lo, hi = window.geometry_mm.floor_mm(r.bottom() + 1), window.geometry_mm.floor_mm(r.top())
        if r.top() < top or r.bottom() + 1 > bottom:
            out.append(f"{where}: {_name(w)} spans {lo:.0f}-{hi:.0f} mm above the floor "
                       f"(band {window.cfg['access.reach_low_mm']:g}-"
                       f"{window.cfg['access.reach_high_mm']:g} mm)")
    return out


def _leaves(root: QWidget) -> list[QWidget]:
    out = []
    for w in root.findChildren(QWidget):
        if not w.isVisible() or _skip(w):
            continue
        label = isinstance(w, QLabel) and bool(w.text() or not w.pixmap().isNull())
        drawn = isinstance(w, QAbstractButton | CoverImage | LogoMark) \
            or w.inherits("QGraphicsView")
        gallery = bool(w.property("keyNav")) and not isinstance(w, QScrollArea)
        if label or drawn or gallery:
            out.append(w)
    return out


def truncation_problems(root: QWidget, where: str, *, large: bool = True) -> list[str]:
    """No label or button whose text needs more room than it has. Home cards clamp their
    summary to three lines by design in normal text (a teaser); with large text, never."""
    out = []
    for w in _leaves(root):
        text = w.text() if isinstance(w, QLabel | QAbstractButton) else ""
        if not text:
            continue
        if isinstance(w, ClampLabel) and not large:
            continue
        if isinstance(w, ClampLabel):
            if w.truncated():
                out.append(f"{where}: {_name(w)} cut with an ellipsis: {text[:40]!r}")
            continue
        if isinstance(w, QLabel):
            cr = w.contentsRect()
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + 2:
                    out.append(f"{where}: {_name(w)} needs {need} px, has {w.height()}: "
                               f"{text[:40]!r}")
            elif w.sizeHint().width() > w.width() + 2 or w.fontMetrics().height() > cr.height() + 2:
                out.append(f"{where}: {_name(w)} needs {w.sizeHint().width()} px, has "
                           f"{w.width()}: {text[:40]!r}")
        else:
            hint = w.sizeHint()
            if hint.width() > w.width() + 2 or w.fontMetrics().height() > w.height():
                out.append(f"{where}: button {text[:30]!r} needs {hint.width()}x"
                           f"{w.fontMetrics().height()} px, has {w.width()}x{w.height()}")
    return out


def overlap_problems(root: QWidget, top: QWidget, where: str) -> list[str]:
    """No two visible leaves (texts, buttons, pictures, plots) drawn over each other."""
    leaves = [(w, visible_rect(w, top)) for w in _leaves(root)]
    leaves = [(w, r) for w, r in leaves if r.width() > 0 and r.height() > 0]
    out = []
    for i, (a, ra) in enumerate(leaves):
        for b, rb in leaves[i + 1:]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            x = ra.intersected(rb)
            if x.width() > 2 and x.height() > 2:
                out.append(f"{where}: {_name(a)} and {_name(b)} overlap by "
                           f"{x.width()}x{x.height()} px")
    return out


def attract_problems(window, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The painted attract page: brand, title block and prompt apart and on the page."""
    page = window.attract
    rects = [("brand", page.brand_rect())]
    rects += [(f"title block {i}", r) for i, r in enumerate(page.title_rects())]
    rects.append(("prompt", page._prompt_rect()))
    out = []
    for name, r in rects:
        inside = r.top() >= 0 and r.left() >= 0 and r.bottom() <= page.height() + 1 \
            and r.right() <= page.width() + 1
        if not inside:
            out.append(f"{where}: attract {name} leaves the page: {r}")
    for i, (na, ra) in enumerate(rects):
        for nb, rb in rects[i + 1:]:
            x = ra.intersected(rb)
            if x.width() > 2 and x.height() > 2:
                out.append(f"{where}: attract {na} and {nb} overlap")
    return out


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, QLabel | QAbstractButton) else ""
    label = f" {text[:24]!r}" if text else ""
    return f"{type(w).__name__}#{w.objectName() or '-'}{label}"
