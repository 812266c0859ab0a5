"""The accessibility panel: one tap on a mode turns it on or off at once."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.ui import theme
from kiosk.ui.access.modes import AccessModes, Modes
from kiosk.ui.access.strings import both, t
from kiosk.ui.widgets import PillButton

PANEL_TEXT_SCALE_MAX = 1.25  # the panel itself must stay usable at 200 % (it turns it off)


class ModeButton(PillButton):
    """A mode's switch: ● on / ○ off in the label as well as the fill (not colour alone)."""

    def __init__(self, key: str, parent: QWidget | None = None):
        super().__init__(parent=parent)
        self.key = key
        self.setCheckable(True)

    def retranslate(self, lang: str) -> None:
        self.setText(("●  " if self.isChecked() else "○  ") + t(self.key, lang))


class AccessPanel(QWidget):
    """An overlay over the whole window: a dimmed backdrop (a tap there closes) and the card."""

    closed = Signal()

    def __init__(self, modes: AccessModes, parent: QWidget | None = None):
        super().__init__(parent)
        self.modes = modes
        self.lang = "zh"
        self.read_aloud_problem = ""
        self.card = QWidget(self)
        self.card.setObjectName("panel")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(self.card)
        self.title.setObjectName("h2")
        self.hint = QLabel(self.card)
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.size_label = QLabel(self.card)
        self.size_label.setObjectName("h3")
        self.sizes = {s: ModeButton(k, self.card) for s, k in
                      ((1.0, "size_100"), (1.5, "size_150"), (2.0, "size_200"))}
        for scale, b in self.sizes.items():
            b.clicked.connect(lambda _c=False, s=scale: self.modes.set(text_scale=s))
        self.toggles = {k: ModeButton(k, self.card) for k in
                        ("high_contrast", "reach", "reduce_motion", "read_aloud")}
        for key, b in self.toggles.items():
            b.clicked.connect(lambda _c=False, k=key: self.modes.toggle(k))
        self.note = QLabel(self.card)
        self.note.setObjectName("muted")
        self.note.setWordWrap(True)
        self.reset_btn = PillButton(parent=self.card)
        self.reset_btn.clicked.connect(self.modes.reset)
        self.close_btn = PillButton(accent=True, parent=self.card)
        self.close_btn.clicked.connect(self.close_panel)
        self.grid = QGridLayout(self.card)
        modes.changed.connect(lambda _m: self._sync())
        self.hide()

    def buttons(self) -> list[PillButton]:
        return [*self.sizes.values(), *self.toggles.values(), self.reset_btn, self.close_btn]

    def _layout(self, columns: int) -> None:
        """Title and close on top; then the sizes and reset, then the modes, in ``columns``."""
        g = self.grid
        while g.count():
            g.takeAt(0)
        self.size_label.hide()  # the size buttons say what they are
        g.addWidget(self.title, 0, 0, 1, max(1, columns - 1))
        g.addWidget(self.close_btn, 0, columns - 1)
        g.addWidget(self.hint, 1, 0, 1, columns)
        rest = [*self.sizes.values(), self.reset_btn, *self.toggles.values()]
        for i, b in enumerate(rest):
            g.addWidget(b, 2 + i // columns, i % columns)
        g.addWidget(self.note, 2 + (len(rest) + columns - 1) // columns, 0, 1, columns)
        for c in range(4):
            g.setColumnStretch(c, 1 if c < columns else 0)

    def _columns(self, width: int) -> int:
        pm = self.metrics
        inner = width - 2 * pm.px(28)
        widest = max(b.sizeHint().width() for b in self.buttons())
        for cols in (4, 3, 2):
            if widest * cols + pm.px(16) * (cols - 1) <= inner:
                return cols
        return 1

    def apply_metrics(self, m: theme.Metrics) -> None:
        self.metrics = theme.Metrics(m.width, m.height, min(m.text_scale, PANEL_TEXT_SCALE_MAX),
                                     m.min_tap, m.unit_size)
        pm = self.metrics
        pad = pm.px(28)
        self.grid.setContentsMargins(pad, pad, pad, pad)
        self.grid.setHorizontalSpacing(pm.px(16))
        self.grid.setVerticalSpacing(pm.px(14))
        for b in self.buttons():
            b.apply_metrics(pm)
        # the panel's own sizes: its text never grows past 150 % (style sheet per widget)
        self.card.setStyleSheet(theme.stylesheet(pm).replace("QMainWindow, ", ""))

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self._sync()

    def _sync(self) -> None:
        mo: Modes = self.modes.modes
        lang = self.lang
        self.title.setText(both("panel_title", lang))
        self.hint.setText(t("panel_hint", lang))
        self.size_label.setText(t("text_size", lang))
        for scale, b in self.sizes.items():
            b.setChecked(abs(mo.text_scale - scale) < 0.01)
            b.retranslate(lang)
        for key, b in self.toggles.items():
            b.setChecked(bool(getattr(mo, key)))
            b.retranslate(lang)
        self.reset_btn.setText(t("reset_all", lang))
        self.close_btn.setText(t("close", lang))
        missing = mo.read_aloud and self.read_aloud_problem
        self.note.setText(f"{t('read_aloud_missing', lang)}: {self.read_aloud_problem}"
                          if missing else "")
        self.note.setVisible(bool(missing))

    def open_in(self, window_rect: QRect, area: QRect) -> None:
        """Show over ``window_rect``, the card at the bottom left of ``area`` (the reach band
        above the dock)."""
        self.setGeometry(window_rect)
        self._sync()
        width = min(area.width() - 2 * self.metrics.px(28), self.metrics.px(1500))
        self._sync()
        self._layout(self._columns(width))
        self.card.setFixedWidth(width)
        self.card.adjustSize()
        h = min(self.card.sizeHint().height(), area.height() - self.metrics.px(12))
        self.card.setGeometry(area.left() + self.metrics.px(28),
                              area.bottom() + 1 - h - self.metrics.px(12), self.card.width(), h)
        self.show()
        self.raise_()

    def close_panel(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if not self.card.geometry().contains(e.position().toPoint()):
            self.close_panel()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        dim = QColor(theme.palette().scrim)
        dim.setAlpha(150)
        p.fillRect(self.rect(), dim)
        p.end()
