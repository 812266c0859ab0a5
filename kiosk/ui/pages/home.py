"""Home: a welcome line and one card per exhibit."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.content.queries import Exhibit
from kiosk.ui import theme
from kiosk.ui.i18n import category_label, tr
from kiosk.ui.pages.base import Page, drag_scroll_area, scroll_to_top, wrap_label
from kiosk.ui.services import ImageLoader
from kiosk.ui.widgets import Chip, ClampLabel, CoverImage, Tappable, TopBar, layout_of


class ExhibitCard(Tappable):
    """Hero image on top, category, title and summary below; the whole card is the button."""

    def __init__(self, loader: ImageLoader, parent: QWidget | None = None):
        super().__init__(parent)
        self.slug = ""
        self.exhibit: Exhibit | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        lay = QVBoxLayout(self)
        self.image = CoverImage(loader, parent=self)
        self.image.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.chip = Chip(self)
        self.title = wrap_label("h2", self)
        self.summary = ClampLabel("muted", 3, self)
        self.more = QLabel(self)
        self.more.setObjectName("h3")
        lay.addWidget(self.image, 5)
        lay.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.title)
        lay.addWidget(self.summary)
        lay.addStretch(1)
        lay.addWidget(self.more)
        for w in (self.chip, self.title, self.summary, self.more):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def set_exhibit(self, exhibit: Exhibit, media_path: object) -> None:
        self.exhibit = exhibit
        self.slug = exhibit.slug
        self.image.set_path(media_path)  # type: ignore[arg-type]
        self.image.tint = theme.accent_for(exhibit.category)
        self.chip.set_color(theme.accent_for(exhibit.category))

    def retranslate(self, lang: str, m: theme.Metrics) -> None:
        if self.exhibit is None:
            return
        e = self.exhibit
        self.chip.setText(category_label(e.category, lang))
        self.title.setText(e.title.get(lang))
        # at most three lines of summary: a card is a teaser, the page has the rest
        self.summary.setText(e.summary.get(lang))
        self.more.setText(tr("explore", lang) + "  →")
        pad = m.px(22)
        layout_of(self).setContentsMargins(pad, pad, pad, pad)
        layout_of(self).setSpacing(m.px(12))
        self.image.radius = m.px(14)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        pal = theme.palette()
        p.setPen(QColor(pal.card_line))
        p.setBrush(QColor(pal.card_line if self.pressed else pal.card))
        radius = max(12.0, self.height() * 0.035)
        p.drawRoundedRect(r, radius, radius)
        if self.exhibit is not None:  # accent line on top: the category's colour
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.accent_for(self.exhibit.category))
            p.drawRoundedRect(QRectF(r.left() + radius, r.top(), r.width() - 2 * radius, 4), 2, 2)
        p.end()


class HomePage(Page):
    scroll: QScrollArea  # type: ignore[assignment]  # shadows the QWidget method of that name
    name = "home"
    open_exhibit = Signal(str)
    open_info = Signal()
    language = Signal()

    def __init__(self, loader: ImageLoader, parent: QWidget | None = None):
        super().__init__(parent)
        self._loader = loader
        self.topbar = TopBar(show_back=False, parent=self)
        self.topbar.info.connect(self.open_info)
        self.topbar.language.connect(self.language)
        self.welcome = wrap_label("h1", self)
        self.tagline = wrap_label("lead", self)
        self.footer = wrap_label("muted", self)
        self.empty = wrap_label("lead", self)
        self.scroll = drag_scroll_area(self)
        self.content = QWidget()
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(0, 0, 0, 0)
        self.grid_host = QWidget(self.content)
        self.grid = QGridLayout(self.grid_host)
        self.content_layout.addWidget(self.grid_host, 1)
        self.scroll.setWidget(self.content)
        self._header_scrolls = False
        self.scroll.viewport().installEventFilter(self)
        self.cards: list[ExhibitCard] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.topbar)
        self.body = QWidget(self)
        bl = QVBoxLayout(self.body)
        bl.addWidget(self.welcome)
        bl.addWidget(self.tagline)
        bl.addWidget(self.empty)
        bl.addWidget(self.scroll, 1)
        bl.addWidget(self.footer)
        lay.addWidget(self.body, 1)

    def _place_header(self, scrolls: bool) -> None:
        """Large text: the welcome, tagline and footer scroll with the cards (they would leave
        the cards no room); normal text: they stay put above and below."""
        if scrolls == self._header_scrolls:
            return
        self._header_scrolls = scrolls
        bl = layout_of(self.body)
        assert isinstance(bl, QVBoxLayout)
        cl = self.content_layout
        for w in (self.welcome, self.tagline, self.empty, self.footer):
            bl.removeWidget(w)
            cl.removeWidget(w)
        if scrolls:
            for i, w in enumerate((self.welcome, self.tagline, self.empty)):
                cl.insertWidget(i, w)
            cl.addWidget(self.footer)
        else:
            for i, w in enumerate((self.welcome, self.tagline, self.empty)):
                bl.insertWidget(i, w)
            bl.addWidget(self.footer)

    def _columns(self) -> int:
        n = max(1, len(self.cards))
        return min(2, n) if self.metrics.portrait else min(4, n)

    def _rows_visible(self) -> int:
        return 2 if self.metrics.portrait and len(self.cards) > 2 else 1

    def card_height(self) -> int:
        """Cards fill the visible area: one row in landscape, two in portrait; more scroll."""
        rows = self._rows_visible()
        margins = self.grid.contentsMargins()
        avail = self.scroll.viewport().height() - margins.top() - margins.bottom()
        if self._header_scrolls:
            avail -= self.content_layout.spacing()
        return max(self.metrics.px(300), (avail - (rows - 1) * self.grid.verticalSpacing()) // rows)

    def _fit_cards(self) -> None:
        h = self.card_height()
        m = self.metrics
        picture = int(h * (0.42 if m.unit >= 0.9 else 0.32))
        if m.large:  # large text: a smaller picture, and cards as tall as their text needs
            picture = int(h * (0.30 if m.unit >= 0.9 else 0.22))
        for card in self.cards:
            card.summary.set_unclamped(m.large)
        if self.cards:
            # the longest text decides: the picture gives up room first, then the card grows
            # (and the page scrolls) rather than squeeze the texts over each other
            cols = self._columns()
            width = (self.scroll.viewport().width() - (cols - 1) * self.grid.horizontalSpacing()) \
                // cols
            for card in self.cards:
                card.image.setFixedHeight(picture)
            need = max(layout_of(c).totalHeightForWidth(width) for c in self.cards)
            over = need + m.px(8) - h
            if over > 0:
                picture = max(m.px(120), picture - over)
                for card in self.cards:
                    card.image.setFixedHeight(picture)
                need = max(layout_of(c).totalHeightForWidth(width) for c in self.cards)
                h = max(h, need + m.px(8))
        for card in self.cards:
            # the same picture height on every card, whatever the length of its title
            card.image.setFixedHeight(picture)
            card.setFixedHeight(h)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_cards()
        return False

    def reset(self) -> None:
        scroll_to_top(self.scroll)

    def _rebuild_cards(self) -> None:
        exhibits = list(self.snapshot.exhibits)
        while len(self.cards) > len(exhibits):
            card = self.cards.pop()
            self.grid.removeWidget(card)
            card.deleteLater()
        while len(self.cards) < len(exhibits):
            card = ExhibitCard(self._loader, self.grid_host)
            card.tapped.connect(lambda c=card: self.open_exhibit.emit(c.slug))
            self.cards.append(card)
        for card, ex in zip(self.cards, exhibits, strict=False):
            card.set_exhibit(ex, self.snapshot.media_path(ex.hero) if ex.hero else None)
        for card in self.cards:
            self.grid.removeWidget(card)
        cols = self._columns()
        for i, card in enumerate(self.cards):
            self.grid.addWidget(card, i // cols, i % cols)
        for c in range(4):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)

    def refresh(self) -> None:
        m = self.metrics
        lang = self.lang
        snap = self.snapshot
        self._rebuild_cards()
        name = snap.text("name", lang)
        self.topbar.retranslate(lang, name, snap.text("tagline", lang))
        self.topbar.apply_metrics(m)
        self.welcome.setText(snap.text("welcome", lang) or f"{tr('welcome', lang)} · {name}")
        self.tagline.setText(snap.text("intro", lang) or snap.text("tagline", lang))
        self.footer.setText("   ·   ".join(
            t for t in (snap.text("address", lang), snap.text("opened", lang)) if t))
        self.empty.setText(tr("no_exhibits", lang))
        self.empty.setVisible(not self.cards)
        self._place_header(m.large or m.height < m.px(700))
        self.content_layout.setSpacing(m.px(14))
        pad = m.px(56)
        layout_of(self.body).setContentsMargins(pad, m.px(36), pad, m.px(28))
        layout_of(self.body).setSpacing(m.px(14))
        self.grid.setContentsMargins(0, m.px(18), 0, m.px(6))
        self.grid.setSpacing(m.px(28))
        for card in self.cards:
            card.retranslate(lang, m)
        self._fit_cards()

    def reach_picture(self) -> tuple[Path | None, str]:
        branch = next((e for e in self.snapshot.exhibits if e.category == "branch" and e.hero),
                      None)
        path = self.snapshot.media_path(branch.hero) if branch and branch.hero else None
        return path, self.snapshot.text("name", self.lang)

    def card(self, slug: str) -> ExhibitCard:
        return next(c for c in self.cards if c.slug == slug)
