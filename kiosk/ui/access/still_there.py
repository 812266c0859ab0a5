""""Still there? / 还在吗？": the countdown before the idle reset, with a large "more time"."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui import theme
from kiosk.ui.access.strings import t
from kiosk.ui.widgets import PillButton


class StillThere(QWidget):
    """Covers the window; the card sits in the reach band."""

    more_time = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "zh"
        self.seconds = 20
        self.card = QWidget(self)
        self.card.setObjectName("panel")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(self.card)
        self.title.setObjectName("h1")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.subtitle = QLabel(self.card)
        self.subtitle.setObjectName("lead")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = QLabel(self.card)
        self.count.setObjectName("lead")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count.setWordWrap(True)
        self.button = PillButton(accent=True, parent=self.card)
        self.button.clicked.connect(self.more_time)
        lay = QVBoxLayout(self.card)
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        lay.addWidget(self.count)
        lay.addWidget(self.button)
        self.metrics = theme.Metrics(1920, 1080)
        self.hide()

    def apply_metrics(self, m: theme.Metrics) -> None:
        # its text stops at 150 %: the card must fit the reach band of the smallest screen
        m = dataclasses.replace(m, text_scale=min(m.text_scale, 1.5))
        self.metrics = m
        lay = self.card.layout()
        assert lay is not None
        pad = m.px(40)
        lay.setContentsMargins(pad, pad, pad, pad)
        lay.setSpacing(m.px(16))
        self.button.apply_metrics(m)
        self.button.setFixedHeight(max(m.tap(110), m.min_tap * 2))  # large: easy to hit
        self.card.setStyleSheet(theme.stylesheet(m).replace("QMainWindow, ", ""))

    def text_to_speak(self) -> tuple[str, str]:
        return (f"{t('still_there', self.lang)} {t('still_there_body', self.lang, s=self.seconds)}",
                self.lang)

    def set_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        self._retranslate()

    def _retranslate(self) -> None:
        lang = self.lang
        other = "en" if lang == "zh" else "zh"
        # both languages on the title line: the card stays short enough for the reach band
        self.title.setText(f"{t('still_there', lang)}  {t('still_there', other)}")
        self.subtitle.hide()
        self.count.setText(f"{t('still_there_body', lang, s=self.seconds)}\n"
                           f"{t('still_there_body', other, s=self.seconds)}")
        self.button.setText(f"{t('more_time', lang)} · {t('more_time', other)}")

    def open_in(self, window_rect: QRect, area: QRect, lang: str, seconds: int) -> None:
        self.lang = lang
        self.set_seconds(seconds)
        self.setGeometry(window_rect)
        m = self.metrics
        w = min(area.width() - 2 * m.px(40), max(m.px(900), m.fpx(760)))
        self.card.setFixedWidth(w)
        self.card.adjustSize()
        lay = self.card.layout()
        assert lay is not None
        h = min(max(self.card.sizeHint().height(), lay.totalHeightForWidth(w)), area.height())
        self.card.setGeometry(area.left() + (area.width() - w) // 2,
                              area.top() + (area.height() - h) // 2, w, h)
        self.show()
        self.raise_()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        self.more_time.emit()  # a touch anywhere on the overlay: still there

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        dim = QColor(theme.palette().scrim)
        dim.setAlpha(200)
        p.fillRect(self.rect(), dim)
        p.end()
