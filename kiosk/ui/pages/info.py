"""The showroom itself: name, address, opening, and its sections (missions, services …)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.ui import theme
from kiosk.ui.pages.base import Page, kinetic_scroll_area, rich_body, scroll_to_top, wrap_label
from kiosk.ui.services import ImageLoader
from kiosk.ui.takeaway import ContactPanel
from kiosk.ui.widgets import CoverImage, LogoMark, TopBar, layout_of


class InfoPage(Page):
    scroll: QScrollArea  # type: ignore[assignment]  # shadows the QWidget method of that name
    name = "info"
    back = Signal()
    language = Signal()

    def __init__(self, loader: ImageLoader, parent: QWidget | None = None):
        super().__init__(parent)
        self.topbar = TopBar(show_back=True, show_info=False, parent=self)
        self.topbar.back.connect(self.back)
        self.topbar.language.connect(self.language)
        self.side = QWidget(self)
        self.side.setObjectName("panel")
        self.side.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.logo = LogoMark(self.side)
        self.name_label = wrap_label("h1", self.side)
        self.tagline = wrap_label("lead", self.side)
        self.facts = [wrap_label("muted", self.side) for _ in range(3)]
        sl = QVBoxLayout(self.side)
        sl.addWidget(self.logo)
        sl.addWidget(self.name_label)
        sl.addWidget(self.tagline)
        for f in self.facts:
            sl.addWidget(f)
        self.contact = ContactPanel(self)
        sl.addWidget(self.contact.details)
        sl.addStretch(1)
        # the branch's own picture fills the panel's lower part
        self.picture = CoverImage(loader, parent=self.side)
        sl.addWidget(self.picture, 6)
        self.scroll = kinetic_scroll_area(self)
        self.sections_host = QWidget()
        self.sections_layout = QVBoxLayout(self.sections_host)
        self.section_labels: list[tuple[QLabel, QLabel]] = []
        self.scroll.setWidget(self.sections_host)
        # the sections scroll; the contact card and the apply code stay in reach below them
        self.text_col = QWidget(self)
        tc = self._text_col_layout = QVBoxLayout(self.text_col)
        tc.setContentsMargins(0, 0, 0, 0)
        tc.addWidget(self.scroll, 1)
        self.contact.setParent(self.text_col)
        tc.addWidget(self.contact)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.split.addWidget(self.side, 2)
        self._side_in_scroll = False
        self.split.addWidget(self.text_col, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.topbar)
        lay.addLayout(self.split, 1)

    def _place_side(self, in_scroll: bool) -> None:
        if in_scroll == self._side_in_scroll:
            return
        self._side_in_scroll = in_scroll
        # the contact card goes with it, after the sections (pinned below them it would be
        # squeezed until its headings are cut); show_contact sets its visibility again
        if in_scroll:
            self.split.removeWidget(self.side)
            self.sections_layout.insertWidget(0, self.side)
            self._text_col_layout.removeWidget(self.contact)
            self.contact.setParent(self.sections_host)
        else:
            self.sections_layout.removeWidget(self.side)
            self.side.setParent(self)
            self.split.insertWidget(0, self.side, 2)
            self.sections_layout.removeWidget(self.contact)
            self.contact.setParent(self.text_col)
            self._text_col_layout.addWidget(self.contact)
        self.side.show()

    def _rebuild(self, n: int) -> None:
        while self.sections_layout.count():
            self.sections_layout.takeAt(0)
        while len(self.section_labels) > n:
            t, b = self.section_labels.pop()
            t.deleteLater()
            b.deleteLater()
        while len(self.section_labels) < n:
            t = wrap_label("h2", self.sections_host)
            b = wrap_label("body", self.sections_host)
            b.setTextFormat(Qt.TextFormat.RichText)
            self.section_labels.append((t, b))
        if self._side_in_scroll:
            self.sections_layout.addWidget(self.side)
        for t, b in self.section_labels:
            self.sections_layout.addWidget(t)
            self.sections_layout.addWidget(b)
        if self._side_in_scroll:
            self.sections_layout.addWidget(self.contact)
        self.sections_layout.addStretch(1)

    def refresh(self) -> None:
        m, lang, snap = self.metrics, self.lang, self.snapshot
        self.topbar.retranslate(lang, snap.text("name", lang), snap.text("tagline", lang))
        self.topbar.apply_metrics(m)
        self.split.setDirection(QBoxLayout.Direction.TopToBottom if m.portrait
                                else QBoxLayout.Direction.LeftToRight)
        pad = m.px(40)
        self.split.setContentsMargins(pad, m.px(28), pad, m.px(24))
        self.split.setSpacing(m.px(40))
        layout_of(self.side).setContentsMargins(m.px(36), m.px(36), m.px(36), m.px(36))
        layout_of(self.side).setSpacing(m.px(18))
        self.logo.setFixedSize(m.px(84), m.px(84))
        self.name_label.setText(snap.text("name", lang))
        self.tagline.setText(snap.text("tagline", lang))
        for label, key in zip(self.facts, ("address", "opened", "size"), strict=False):
            label.setText(snap.text(key, lang))
            label.setVisible(bool(label.text()))
        branch = next((e for e in snap.exhibits if e.category == "branch" and e.hero), None)
        self.picture.set_path(snap.media_path(branch.hero) if branch and branch.hero else None)
        self.picture.radius = m.px(16)
        # large text or a short area: the words need the room (reach mode shows the picture
        # above the band)
        self.picture.setVisible(branch is not None and not m.large and m.height >= m.px(700))
        # portrait: the panel takes what it needs (a shorter picture) and the text the rest
        if m.portrait:
            self.picture.setFixedHeight(m.px(360))
        else:
            self.picture.setMinimumHeight(0)
            self.picture.setMaximumHeight(16_777_215)
        self.split.setStretch(0, 0 if m.portrait else 2)
        self.split.setStretch(1, 1 if m.portrait else 3)
        # large text or a short area: the panel scrolls with the sections, one column
        self._place_side(m.large or m.height < m.px(700))
        self.contact.show_contact(snap.contact, snap.apply, lang, m)
        self._text_col_layout.setSpacing(m.px(16))
        self._rebuild(len(snap.sections))
        self.sections_layout.setContentsMargins(0, 0, m.px(24), m.px(24))
        self.sections_layout.setSpacing(m.px(14))
        for (t, b), sec in zip(self.section_labels, snap.sections, strict=False):
            t.setText(sec.title.get(lang))
            b.setText(rich_body(sec.body.get(lang), px=m.fpx(23), accent=theme.palette().accent))

    def reach_picture(self) -> tuple[Path | None, str]:
        snap = self.snapshot
        branch = next((e for e in snap.exhibits if e.category == "branch" and e.hero), None)
        return (snap.media_path(branch.hero) if branch and branch.hero else None,
                snap.text("name", self.lang))

    def reset(self) -> None:
        scroll_to_top(self.scroll)
