"""Preview: the draft on the visitors' own exhibit page, full size, in either language."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.curation import drafts
from kiosk.ui import theme
from kiosk.ui.admin import style
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.strings import t
from kiosk.ui.i18n import tr
from kiosk.ui.pages.exhibit import ExhibitPage


class PreviewScreen(QWidget):
    """A page of the window's stack (outside the admin shell, so it gets the whole screen)."""

    back = Signal()
    publish = Signal()

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("admShell")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.lang = ctx.lang
        self.data: dict[str, Any] | None = None
        self.bar = QFrame(self)
        self.bar.setObjectName("admBanner")
        self.bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.back_btn = w.button("", "", self.bar)
        self.banner = w.label("", "", self.bar)
        self.banner.setStyleSheet(f"color: {theme.BG}; font-weight: 800;")
        self.lang_seg = w.Segmented(("zh", "en"), self.bar)
        self.lang_seg.set_texts({"zh": "中文", "en": "English"})
        self.publish_btn = w.button("", "", self.bar)
        bl = QHBoxLayout(self.bar)
        bl.setContentsMargins(20, 8, 20, 8)
        bl.setSpacing(16)
        bl.addWidget(self.back_btn)
        bl.addWidget(self.banner, 1, Qt.AlignmentFlag.AlignCenter)
        bl.addWidget(self.lang_seg)
        bl.addWidget(self.publish_btn)
        # the visitors' page class itself, so the preview cannot drift from what they will see
        self.page = ExhibitPage(ctx.window.loader, charts_factory=ctx.window.exhibit.charts.factory,
                                parent=self)
        self.page.language.connect(self._toggle)
        self.page.back.connect(self.back)
        self.page.topbar.info_btn.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.bar)
        lay.addWidget(self.page, 1)
        self.back_btn.clicked.connect(self.back)
        self.publish_btn.clicked.connect(self.publish)
        self.publish_btn.setVisible(not ctx.content_read_only)
        self.lang_seg.changed.connect(self.set_language)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.back_btn.setText(t("preview_back", lang))
        self.publish_btn.setText(t("publish", lang))
        self.banner.setText(f"{tr('preview_banner', 'zh')}   ·   {tr('preview_banner', 'en')}")

    def apply_metrics(self, m: theme.Metrics) -> None:
        # only the bar gets the admin look; the page keeps the window's visitor style sheet
        self.bar.setStyleSheet(style.stylesheet(m))
        self.page.apply_metrics(m)

    def show_record(self, data: dict[str, Any], lang: str) -> None:
        self.data = data
        ex = drafts.from_json(data)
        snap = dataclasses.replace(self.ctx.window.content.snapshot, exhibits=(ex,))
        self.page.set_snapshot(snap)
        self.page.show_exhibit(ex)
        self.set_language(lang)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.lang_seg.set_value(lang)
        self.page.set_language(lang)

    def _toggle(self) -> None:
        self.set_language("en" if self.lang == "zh" else "zh")

    def visible_texts(self) -> list[str]:
        return self.page.visible_texts()
