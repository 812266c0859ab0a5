"""Touch-sized controls for the admin screens (buttons, segmented choice, stepper, toast)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import theme
from kiosk.ui.pages.base import drag_scroll_area
from kiosk.ui.widgets import host_of

W = TypeVar("W", bound=QWidget)


def button(text: str = "", kind: str = "", parent: QWidget | None = None) -> QPushButton:
    """``kind``: "" (plain), "accent", "danger", "ghost", "icon"."""
    b = QPushButton(text, parent)
    b.setObjectName({"": "admBtn", "accent": "admBtnAccent", "danger": "admBtnDanger",
                     "ghost": "admBtnGhost", "icon": "admIcon"}[kind])
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.setMinimumHeight(theme.MIN_TAP)
    b.setMinimumWidth(theme.MIN_TAP)
    return b


def label(text: str = "", name: str = "", parent: QWidget | None = None, *,
          wrap: bool = False) -> QLabel:
    lab = QLabel(text, parent)
    if name:
        lab.setObjectName(name)
    lab.setWordWrap(wrap)
    return lab


def chip(text: str, name: str, parent: QWidget | None = None) -> QLabel:
    """A small status label that keeps its own size inside any layout."""
    lab = QLabel(text, parent)
    lab.setObjectName(name)
    lab.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return lab


def card(parent: QWidget | None = None, name: str = "admCard") -> QFrame:
    f = QFrame(parent)
    f.setObjectName(name)
    f.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return f


def repolish(w: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property change."""
    w.style().unpolish(w)
    w.style().polish(w)
    w.update()


def set_missing(w: QWidget, missing: bool) -> None:
    if bool(w.property("missing")) != missing:
        w.setProperty("missing", missing)
        repolish(w)


class Segmented(QWidget):
    """A row of exclusive choices; ``changed(key)`` when the curator picks another."""

    changed = Signal(str)

    def __init__(self, keys: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.keys = list(keys)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        for k in self.keys:
            b = QPushButton(self)
            b.setObjectName("admSeg")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setMinimumHeight(theme.MIN_TAP)
            b.clicked.connect(lambda _c=False, k=k: self._pick(k))
            self.group.addButton(b)
            self.buttons[k] = b
            lay.addWidget(b)
        lay.addStretch(1)
        if self.keys:
            self.buttons[self.keys[0]].setChecked(True)

    @property
    def value(self) -> str:
        return next((k for k, b in self.buttons.items() if b.isChecked()), "")

    def set_value(self, key: str) -> None:
        if key in self.buttons:
            self.buttons[key].setChecked(True)

    def set_texts(self, texts: dict[str, str]) -> None:
        for k, text in texts.items():
            if k in self.buttons:
                self.buttons[k].setText(text)

    def _pick(self, key: str) -> None:
        self.changed.emit(key)


class Stepper(QWidget):
    """ − value + : numbers picked with a finger, within bounds, in fixed steps."""

    changed = Signal(float)

    def __init__(self, *, minimum: float, maximum: float, step: float,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.minimum, self.maximum, self.step = minimum, maximum, step
        self.value = minimum
        self.fmt = "{v:g}"
        self.minus = button("−", "icon", self)
        self.plus = button("+", "icon", self)
        self.text = label("", "admH2", self)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setMinimumWidth(130)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.minus)
        lay.addWidget(self.text)
        lay.addWidget(self.plus)
        self.minus.clicked.connect(lambda: self._nudge(-1))
        self.plus.clicked.connect(lambda: self._nudge(1))

    def set_value(self, v: float) -> None:
        self.value = max(self.minimum, min(self.maximum, float(v)))
        self.text.setText(self.fmt.format(v=self.value))
        self.minus.setEnabled(self.value > self.minimum)
        self.plus.setEnabled(self.value < self.maximum)

    def _nudge(self, direction: int) -> None:
        # snap to the step grid so 90 → 100 → 110, not 90 → 100.5
        base = round(self.value / self.step) * self.step
        self.set_value(base + direction * self.step)
        self.changed.emit(self.value)


class Toast(QLabel):
    """A short confirmation at the bottom of the admin screen; fades away by itself."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("admToast")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def show_text(self, text: str, *, ms: int = 3500) -> None:
        self.setText(text)
        self.adjustSize()
        host = host_of(self)
        self.move((host.width() - self.width()) // 2, host.height() - self.height() - 40)
        self.show()
        self.raise_()
        self._timer.start(ms)


class Column(QWidget):
    """A plain vertical box; saves three lines per use."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 12, margins: int = 0):
        super().__init__(parent)
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(margins, margins, margins, margins)
        self.lay.setSpacing(spacing)

    def add(self, w: W, stretch: int = 0) -> W:
        self.lay.addWidget(w, stretch)
        return w


def scroll_area(parent: QWidget | None = None) -> QScrollArea:
    """A vertical scroll area that a finger can drag: forms are full of buttons and fields."""
    return drag_scroll_area(parent)


def expanding(w: QWidget) -> QWidget:
    w.setSizePolicy(QSizePolicy.Policy.Expanding, w.sizePolicy().verticalPolicy())
    return w
