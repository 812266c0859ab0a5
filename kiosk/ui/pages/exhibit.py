"""One exhibit: gallery, live charts, and the text with its specifications."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.content.queries import Exhibit
from kiosk.ui import theme
from kiosk.ui.access.strings import t as access_t
from kiosk.ui.gallery import Gallery
from kiosk.ui.i18n import category_label, tr
from kiosk.ui.narration import NarrationBar
from kiosk.ui.pages.base import Page, kinetic_scroll_area, rich_body, scroll_to_top, wrap_label
from kiosk.ui.services import ImageLoader
from kiosk.ui.sound import Sound
from kiosk.ui.takeaway import TakeAwayPanel
from kiosk.ui.widgets import Chip, PillButton, TopBar, layout_of

# (exhibit, parent) -> a widget with set_language(lang) and reset(); None when it has no charts
ChartsFactory = Callable[[Exhibit, QWidget], QWidget | None]


class ChartsRegion(QWidget):
    """The space reserved for an exhibit's live charts; hidden when it has none.

    Each exhibit's chart panel is built once and kept (hidden panels stop their timers): a
    tap on an exhibit card shows its page at once instead of building plots first.
    """

    def __init__(self, factory: ChartsFactory | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.factory = factory
        self.title = QLabel(self)
        self.title.setObjectName("h3")
        self.content: QWidget | None = None
        self.lang = "zh"
        self._built: dict[str, tuple[tuple[object, ...], QWidget | None, list[str]]] = {}
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.addWidget(self.title)

    def set_exhibit(self, exhibit: Exhibit | None) -> None:
        if self.content is not None:
            self.content.hide()
            self._lay.removeWidget(self.content)
            self.content = None
        if exhibit is not None and exhibit.charts and self.factory is not None:
            built = self._built.get(exhibit.slug)
            if built is None or built[0] != exhibit.charts:
                if built is not None and built[1] is not None:
                    built[1].deleteLater()  # the exhibit's charts changed: build anew
                widget = self.factory(exhibit, self)
                built = (exhibit.charts, widget, [self.lang])
                self._built[exhibit.slug] = built
            elif built[1] is not None:
                if built[2][0] != self.lang and hasattr(built[1], "set_language"):
                    built[1].set_language(self.lang)
                built[2][0] = self.lang
                if hasattr(built[1], "reset"):
                    built[1].reset()  # back to live auto-range, as a fresh panel
            self.content = built[1]
            if self.content is not None:
                self._lay.addWidget(self.content, 1)
                self.content.show()
        self.setVisible(self.content is not None)

    def forget(self, keep: set[str]) -> None:
        """Drop the panels of exhibits no longer shown to visitors."""
        for slug in [s for s in self._built if s not in keep]:
            widget = self._built.pop(slug)[1]
            if widget is not None and widget is not self.content:
                widget.deleteLater()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.title.setText(tr("live_data", lang))
        if self.content is not None and hasattr(self.content, "set_language"):
            self.content.set_language(lang)
            for _charts, widget, langs in self._built.values():
                if widget is self.content:
                    langs[0] = lang

    def reset(self) -> None:
        if self.content is not None and hasattr(self.content, "reset"):
            self.content.reset()


class ExhibitPage(Page):
    scroll: QScrollArea  # type: ignore[assignment]  # shadows the QWidget method of that name
    name = "exhibit"
    back = Signal()
    open_info = Signal()
    language = Signal()

    def __init__(self, loader: ImageLoader, *, charts_factory: ChartsFactory | None = None,
                 sound: Sound | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.exhibit: Exhibit | None = None
        self.topbar = TopBar(show_back=True, parent=self)
        self.topbar.back.connect(self.back)
        self.topbar.info.connect(self.open_info)
        self.topbar.language.connect(self.language)
        self.gallery = Gallery(loader, self, sound=sound)
        self.gallery.index_changed.connect(lambda _i: self._update_caption())
        self.gallery.index_changed.connect(lambda _i: self.picture_changed.emit())
        self.caption = wrap_label("caption", self)
        self.charts = ChartsRegion(charts_factory, self)
        self.scroll = kinetic_scroll_area(self)
        text = QWidget()
        self.chip = Chip(text)
        self.title = wrap_label("h1", text)
        self.summary = wrap_label("lead", text)
        self.body = wrap_label("body", text)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.specs_title = QLabel(text)
        self.specs_title.setObjectName("h3")
        self.specs_host = QWidget(text)
        self.specs_grid = QGridLayout(self.specs_host)
        self.specs_grid.setContentsMargins(0, 0, 0, 0)
        self.spec_labels: list[tuple[QLabel, QLabel]] = []
        tl = QVBoxLayout(text)
        tl.addWidget(self.chip, 0, Qt.AlignmentFlag.AlignLeft)
        tl.addWidget(self.title)
        tl.addWidget(self.summary)
        tl.addWidget(self.body)
        tl.addWidget(self.specs_title)
        tl.addWidget(self.specs_host)
        tl.addStretch(1)
        self._charts_in_text = False
        self.text_host = text
        self.scroll.setWidget(text)
        self.media_col = QWidget(self)
        ml = QVBoxLayout(self.media_col)
        ml.setContentsMargins(0, 0, 0, 0)
        ml.addWidget(self.gallery, 6)
        ml.addWidget(self.caption)
        ml.addWidget(self.charts, 5)
        # compact (reach mode): the pictures show above the band; these page them
        self.pictures_row = QWidget(self.media_col)
        pr = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.pictures_row)
        pr.setContentsMargins(0, 0, 0, 0)
        self.prev_btn = PillButton(parent=self.pictures_row)
        self.next_btn = PillButton(parent=self.pictures_row)
        self.prev_btn.clicked.connect(lambda: self.gallery.set_index(self.gallery.index - 1))
        self.next_btn.clicked.connect(lambda: self.gallery.set_index(self.gallery.index + 1))
        pr.addWidget(self.prev_btn)
        pr.addWidget(self.next_btn)
        pr.addStretch(1)
        ml.addWidget(self.pictures_row)
        ml.addStretch(0)
        # the audio guide stays in view above the text, however far the visitor scrolls (and
        # outside the scroll area's touch scroller, which would take a first tap for a drag)
        self.text_col = QWidget(self)
        self.narration = NarrationBar(sound, self.text_col)
        self._text_col_lay = tc = QVBoxLayout(self.text_col)
        tc.setContentsMargins(0, 0, 0, 0)
        tc.addWidget(self.narration)
        tc.addWidget(self.scroll, 1)
        # the take-away code stays in reach below the text
        self.takeaway = TakeAwayPanel(self.text_col)
        tc.addWidget(self.takeaway)
        self.split = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.split.addWidget(self.media_col, 11)
        self.split.addWidget(self.text_col, 9)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.topbar)
        lay.addLayout(self.split, 1)

    def show_exhibit(self, exhibit: Exhibit | None) -> None:
        self.exhibit = exhibit
        self.gallery.set_images(
            [self.snapshot.media_path(m) for m in exhibit.media] if exhibit else [])
        self.gallery.set_videos(
            {i: (self.snapshot.video_path(m), m.duration_ms)
             for i, m in enumerate(exhibit.media) if m.kind == "video"} if exhibit else {})
        self.gallery.set_index(0)
        self.charts.set_exhibit(exhibit)
        self.narration.set_exhibit(exhibit, self.snapshot.media_dir)
        self.refresh()
        scroll_to_top(self.scroll)

    def set_snapshot(self, snap: object) -> None:
        super().set_snapshot(snap)  # type: ignore[arg-type]
        self.charts.forget({e.slug for e in self.snapshot.exhibits})
        if self.exhibit is not None:
            fresh = self.snapshot.exhibit(self.exhibit.slug)
            if fresh is not None and fresh != self.exhibit:
                index = self.gallery.index
                self.show_exhibit(fresh)
                self.gallery.set_index(index)

    def _rebuild_specs(self, n: int) -> None:
        while len(self.spec_labels) > n:
            k, v = self.spec_labels.pop()
            k.deleteLater()
            v.deleteLater()
        while len(self.spec_labels) < n:
            k, v = wrap_label("specKey", self.specs_host), wrap_label("specValue", self.specs_host)
            row = len(self.spec_labels)
            self.specs_grid.addWidget(k, row, 0, Qt.AlignmentFlag.AlignTop)
            self.specs_grid.addWidget(v, row, 1, Qt.AlignmentFlag.AlignTop)
            self.spec_labels.append((k, v))
        self.specs_grid.setColumnStretch(0, 2)
        self.specs_grid.setColumnStretch(1, 3)

    def _update_caption(self) -> None:
        e = self.exhibit
        n = len(e.media) if e is not None else 0
        self.prev_btn.setEnabled(self.gallery.index > 0)
        self.next_btn.setEnabled(self.gallery.index < n - 1)
        if e is None or not e.media:
            self.caption.setText("")
            return
        i = min(self.gallery.index, len(e.media) - 1)
        n = len(e.media)
        hint = f"   ·   {tr('swipe_hint', self.lang)}" if n > 1 else ""
        self.caption.setText(f"{i + 1} / {n}   {e.media[i].caption.get(self.lang)}{hint}")

    def refresh(self) -> None:
        m, lang, e = self.metrics, self.lang, self.exhibit
        snap = self.snapshot
        self.topbar.retranslate(lang, snap.text("name", lang), snap.text("tagline", lang))
        self.topbar.apply_metrics(m)
        self.split.setDirection(QBoxLayout.Direction.TopToBottom if m.portrait
                                else QBoxLayout.Direction.LeftToRight)
        self.split.setStretch(0, 12 if m.portrait else 11)
        self.split.setStretch(1, 10 if m.portrait else 9)
        pad = m.px(40)
        self.split.setContentsMargins(pad, m.px(28), pad if m.portrait else m.px(16), m.px(24))
        self.split.setSpacing(m.px(36))
        layout_of(self.text_host).setContentsMargins(0, 0, m.px(24), m.px(24))
        layout_of(self.text_host).setSpacing(m.px(16))
        layout_of(self.media_col).setSpacing(m.px(12))
        self.gallery.radius = m.px(18)
        self.gallery.setMinimumHeight(m.px(220))
        self.charts.set_language(lang)
        self.narration.set_language(lang)
        self.gallery.lang = lang
        self.narration.apply_metrics(m)
        self._text_col_lay.setContentsMargins(0, 0, m.px(24), 0)
        self._text_col_lay.setSpacing(m.px(16))
        self._layout_compact(m)
        self.specs_title.setText(tr("specs", lang))
        if e is None:
            return
        self.chip.setText(category_label(e.category, lang))
        self.chip.set_color(theme.accent_for(e.category))
        self.title.setText(e.title.get(lang))
        self.summary.setText(e.summary.get(lang))
        self.body.setText(rich_body(e.body.get(lang), px=m.fpx(23),
                                    accent=theme.accent_for(e.category).name()))
        self._rebuild_specs(len(e.specs))
        self.specs_grid.setHorizontalSpacing(m.px(24))
        self.specs_grid.setVerticalSpacing(m.px(12))
        for (k, v), spec in zip(self.spec_labels, e.specs, strict=False):
            k.setText(spec.key.get(lang))
            v.setText(spec.value.get(lang))
        self.specs_title.setVisible(bool(e.specs))
        self._update_caption()
        link = e.link_for(lang)
        if link:
            self.takeaway.show_link(e.slug, link, lang, m)
        else:
            self.takeaway.hide()

    @staticmethod
    def compact(m: theme.Metrics) -> bool:
        """A short area (reach mode): no gallery on the page, its pictures show above."""
        return m.height < m.px(700)

    def _layout_compact(self, m: theme.Metrics) -> None:
        compact = self.compact(m)
        e = self.exhibit
        n = len(e.media) if e is not None else 0
        self.gallery.setVisible(not compact)
        self.caption.setVisible(not compact)
        self.pictures_row.setVisible(compact and n > 1)
        # large text or a short area: the charts follow the text in its scrolling column, each
        # a screen high, instead of being squeezed under the gallery
        self._place_charts(compact or m.large, m)
        self._place_takeaway(compact or m.large)
        self.charts.setVisible(self.charts.content is not None)
        buttons_beside = compact and m.width >= m.px(1400) and n > 1
        self.media_col.setVisible(not compact or buttons_beside)
        lay = self.media_col.layout()
        assert isinstance(lay, QVBoxLayout)
        lay.setStretch(lay.count() - 1, 1 if compact else 0)  # compact: the buttons on top
        self.prev_btn.setText("‹  " + access_t("previous_picture", self.lang))
        self.next_btn.setText(access_t("next_picture", self.lang) + "  ›")
        for b in (self.prev_btn, self.next_btn):
            b.apply_metrics(m)
        self.prev_btn.setEnabled(self.gallery.index > 0)
        self.next_btn.setEnabled(self.gallery.index < n - 1)
        if compact:
            # wide: the picture buttons in a column beside the text; narrow: a row above it
            wide = m.width >= m.px(1400)
            self.split.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                    else QBoxLayout.Direction.TopToBottom)
            row = self.pictures_row.layout()
            assert isinstance(row, QBoxLayout)
            row.setDirection(QBoxLayout.Direction.TopToBottom if wide
                             else QBoxLayout.Direction.LeftToRight)
            self.split.setStretch(0, 0)
            self.split.setStretch(1, 1)
        elif m.large and not m.portrait:  # larger text: the text gets more room
            self.split.setStretch(0, 9)
            self.split.setStretch(1, 11)
        # narrow and short: the picture buttons scroll with the text (every pixel of height
        # goes to reading)
        self._place_picture_buttons(in_text=compact and m.width < m.px(1400))
        content = self.charts.content
        if content is not None and hasattr(content, "restyle"):
            content.restyle()

    def _place_picture_buttons(self, *, in_text: bool) -> None:
        tl = self.text_host.layout()
        ml = self.media_col.layout()
        assert isinstance(tl, QVBoxLayout) and isinstance(ml, QVBoxLayout)
        if in_text == (self.pictures_row.parentWidget() is self.text_host):
            return
        (ml if in_text else tl).removeWidget(self.pictures_row)
        if in_text:
            self.pictures_row.setParent(self.text_host)
            tl.insertWidget(0, self.pictures_row)
        else:
            self.pictures_row.setParent(self.media_col)
            ml.insertWidget(3, self.pictures_row)
        self.pictures_row.setVisible(self.compact(self.metrics) and bool(
            self.exhibit and len(self.exhibit.media) > 1))

    def _place_takeaway(self, in_text: bool) -> None:
        """Large text or a short area: the take-away code follows the text in its scrolling
        column (pinned below it, it would be squeezed until its headings are cut)."""
        tl = layout_of(self.text_host)
        assert isinstance(tl, QVBoxLayout)
        if in_text == (self.takeaway.parentWidget() is self.text_host):
            return
        shown = not self.takeaway.isHidden()
        if in_text:
            self._text_col_lay.removeWidget(self.takeaway)
            self.takeaway.setParent(self.text_host)
            tl.insertWidget(tl.count() - 1, self.takeaway)  # before the closing stretch
        else:
            tl.removeWidget(self.takeaway)
            self.takeaway.setParent(self.text_col)
            self._text_col_lay.addWidget(self.takeaway)
        self.takeaway.setVisible(shown)

    def _place_charts(self, in_text: bool, m: theme.Metrics) -> None:
        tl = self.text_host.layout()
        ml = self.media_col.layout()
        assert isinstance(tl, QVBoxLayout) and isinstance(ml, QVBoxLayout)
        if in_text != self._charts_in_text:
            self._charts_in_text = in_text
            (ml if in_text else tl).removeWidget(self.charts)
            if in_text:
                tl.insertWidget(tl.count() - 1, self.charts)  # before the closing stretch
            else:
                ml.insertWidget(2, self.charts, 5)
        content = self.charts.content
        n = len(getattr(content, "views", ())) or 1
        if in_text:
            per = max(m.fpx(300), int(self.scroll.viewport().height() * 0.8), m.px(360))
            self.charts.setMinimumHeight(per * n + m.fpx(40))
        else:
            self.charts.setMinimumHeight(0)

    def reach_picture(self) -> tuple[Path | None, str]:
        e = self.exhibit
        if e is None or not e.media:
            return None, ""
        i = min(self.gallery.index, len(e.media) - 1)
        return self.snapshot.media_path(e.media[i]), e.title.get(self.lang)

    def set_reduce_motion(self, on: bool) -> None:
        super().set_reduce_motion(on)
        self.gallery.animate = not on

    def reset(self) -> None:
        self.gallery.set_index(0)
        scroll_to_top(self.scroll)
        self.charts.reset()
