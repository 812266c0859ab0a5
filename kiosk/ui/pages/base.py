"""What every page shares: the snapshot it shows, language, metrics, reset."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QWidget,
)

from kiosk.content.snapshot import EMPTY, Snapshot
from kiosk.ui import theme


class Page(QWidget):
    name = "page"
    visitor = True  # a visitor page: the access dock shows under it (not under admin mode)
    picture_changed = Signal()  # what ``reach_picture()`` returns changed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.snapshot: Snapshot = EMPTY
        self.lang = "zh"
        self.metrics = theme.Metrics(1920, 1080)
        self.reduce_motion = False

    def set_snapshot(self, snap: Snapshot) -> None:
        self.snapshot = snap
        self.refresh()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.refresh()

    def apply_metrics(self, m: theme.Metrics) -> None:
        self.metrics = m
        self.refresh()

    def refresh(self) -> None:
        """Re-fill every visible text from the snapshot in the current language."""

    def reset(self) -> None:
        """Back to the first image, the top of the text."""

    def set_reduce_motion(self, on: bool) -> None:
        """No fades, flings or looping animation while on (the reduce-motion mode)."""
        self.reduce_motion = on
        for area in self.findChildren(QScrollArea):
            set_kinetic(area, not on)

    def key_items(self) -> list[QWidget]:
        """What a keyboard can reach on this page: every visible button and tappable item,
        and the widgets marked ``keyNav`` (reading areas, the gallery); in any order."""
        from kiosk.ui.access.keys import is_item

        return [w for w in self.findChildren(QWidget) if w.isVisibleTo(self) and is_item(w)]

    def reach_picture(self) -> tuple[Path | None, str]:
        """The picture and title reach mode shows above the band (view only)."""
        return None, ""

    def visible_texts(self) -> list[str]:
        """The texts a visitor reads on this page now (for tests and checks)."""
        widgets = self.findChildren(QLabel) + self.findChildren(QAbstractButton)
        return [w.text() for w in widgets if w.isVisibleTo(self) and w.text()]


def kinetic_scroll_area(parent: QWidget | None = None) -> QScrollArea:
    """A scroll area that a finger can flick (QScroller), with no horizontal scrolling."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setProperty("kinetic", True)
    area.setProperty("keyNav", True)  # a reading area: arrow keys scroll it
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    scroller = QScroller.scroller(area.viewport())
    props = scroller.scrollerProperties()
    props.setScrollMetric(QScrollerProperties.ScrollMetric.OvershootDragResistanceFactor, 0.4)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.OvershootScrollDistanceFactor, 0.1)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.DecelerationFactor, 0.35)
    scroller.setScrollerProperties(props)
    return area


def set_kinetic(area: QScrollArea, on: bool) -> None:
    """Kinetic (flick) scrolling on or off; off, a finger drag still scrolls, without fling."""
    if not area.property("kinetic"):
        return
    from kiosk.ui.widgets import DragScroll

    vp = area.viewport()
    drag = getattr(area, "drag", None)
    if on:
        QScroller.grabGesture(vp, QScroller.ScrollerGestureType.TouchGesture)
        if drag is not None:
            drag.enabled = False
    else:
        QScroller.scroller(vp).stop()
        QScroller.ungrabGesture(vp)
        if drag is None:
            area.drag = drag = DragScroll(area)  # type: ignore[attr-defined]
        drag.enabled = True


def drag_scroll_area(parent: QWidget | None = None) -> QScrollArea:
    """A scroll area for pages full of tap targets: presses reach the cards at once and only a
    drag past the slop scrolls (QScroller holds presses back and can lose quick taps)."""
    from kiosk.ui.widgets import DragScroll

    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.drag = DragScroll(area)  # type: ignore[attr-defined]
    return area


def scroll_to_top(area: QScrollArea) -> None:
    QScroller.scroller(area.viewport()).stop()
    area.verticalScrollBar().setValue(0)


def rich_body(text: str, *, px: int, color: str | None = None, accent: str | None = None) -> str:
    """Plain content text → Qt rich text: blank line = paragraph, ``- `` = bullet."""
    color = color or theme.palette().body
    accent = accent or theme.palette().accent
    out = []
    for para in [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]:
        lines = para.split("\n")
        if all(ln.lstrip().startswith(("- ", "• ")) for ln in lines):
            for ln in lines:
                item = html.escape(ln.lstrip()[2:].strip())
                out.append(
                    f'<p style="margin:0 0 {px // 2}px 0; line-height:135%;">'
                    f'<span style="color:{accent};">●</span>&nbsp;&nbsp;{item}</p>')
            out.append(f'<p style="margin:0; font-size:{px // 2}px;">&nbsp;</p>')
        else:
            body = "<br>".join(html.escape(ln) for ln in lines)
            out.append(f'<p style="margin:0 0 {px}px 0; line-height:140%;">{body}</p>')
    return f'<div style="color:{color};">' + "".join(out) + "</div>"


def wrap_label(object_name: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label
