"""The PIN pad: an overlay over the whole window with big keys and masked dots.

It only collects digits and shows messages; what a PIN means (entry with lockout, or a step of
changing the PIN) is decided by whoever listens to ``submitted``. Every text on it is shown in
both languages at once: the curator has not chosen a language yet.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui import theme
from kiosk.ui.admin import style
from kiosk.ui.admin.strings import both, duration, t
from kiosk.ui.widgets import host_of, layout_of

MAX_DIGITS = 8
MIN_DIGITS = 4


def _key(text: str, name: str, parent: QWidget) -> QPushButton:
    b = QPushButton(text, parent)
    b.setObjectName(name)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    return b


class PinPad(QWidget):
    """Overlay child of the kiosk window; ``open_pad()`` shows it, ``close_pad()`` hides it."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget, *, clock: Callable[[], float] = time.time):
        super().__init__(parent)
        self.clock = clock
        self.entered = ""
        self.locked_until = 0.0
        self.busy = False
        self.blocked = False  # no PIN set: nothing to type
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.card = QWidget(self)
        self.card.setObjectName("pinCard")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(self.card)
        self.title.setObjectName("pinTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt = QLabel(self.card)
        self.prompt.setObjectName("pinSub")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots = QLabel(self.card)
        self.dots.setObjectName("pinDots")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(self.card)
        self.message.setObjectName("pinMsg")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        grid = QGridLayout()
        self.digit_buttons: dict[str, QPushButton] = {}
        for i, d in enumerate("123456789"):
            b = _key(d, "pinKey", self.card)
            b.clicked.connect(lambda _c=False, d=d: self.press(d))
            self.digit_buttons[d] = b
            grid.addWidget(b, i // 3, i % 3)
        self.clear_btn = _key("", "pinAux", self.card)
        self.clear_btn.clicked.connect(self.clear)
        zero = _key("0", "pinKey", self.card)
        zero.clicked.connect(lambda: self.press("0"))
        self.digit_buttons["0"] = zero
        self.back_btn = _key("⌫", "pinAux", self.card)
        self.back_btn.clicked.connect(self.backspace)
        grid.addWidget(self.clear_btn, 3, 0)
        grid.addWidget(zero, 3, 1)
        grid.addWidget(self.back_btn, 3, 2)
        self.cancel_btn = _key("", "pinCancel", self.card)
        self.cancel_btn.clicked.connect(self._cancel)
        self.ok_btn = _key("", "pinOk", self.card)
        self.ok_btn.clicked.connect(self.submit)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel_btn, 1)
        actions.addWidget(self.ok_btn, 1)
        lay = QVBoxLayout(self.card)
        lay.addWidget(self.title)
        lay.addWidget(self.prompt)
        lay.addWidget(self.dots)
        lay.addWidget(self.message)
        lay.addLayout(grid)
        lay.addLayout(actions)
        self._grid, self._actions = grid, actions
        self._tick = QTimer(self)
        self._tick.setInterval(500)
        self._tick.timeout.connect(self._update_lock)
        self.set_prompt(both("pin_title").replace("\n", " · "), "")
        self._retranslate()
        self.hide()
        parent.installEventFilter(self)

    # --- geometry ----------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        host = host_of(self)
        self.setGeometry(host.rect())
        m = theme.Metrics(max(1, host.width()), max(1, host.height()))
        self.setStyleSheet(style.pinpad_stylesheet(m))
        lay = layout_of(self.card)
        pad = m.px(36)
        lay.setContentsMargins(pad, pad, pad, pad)
        lay.setSpacing(m.px(14))
        self._grid.setSpacing(m.px(16))
        self._actions.setSpacing(m.px(16))
        self.card.adjustSize()
        w = max(self.card.sizeHint().width(), m.px(520))
        h = self.card.sizeHint().height()
        self.card.setGeometry((self.width() - w) // 2, max(0, (self.height() - h) // 2), w, h)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(4, 9, 18, 225))  # dim the visitor page behind
        p.end()

    # --- texts -------------------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.clear_btn.setText(both("pin_clear"))
        self.cancel_btn.setText(f"{t('pin_cancel', 'zh')} · {t('pin_cancel', 'en')}")
        self.ok_btn.setText(f"{t('pin_ok', 'zh')} · {t('pin_ok', 'en')}")

    def set_prompt(self, title: str, prompt: str) -> None:
        self.title.setText(title)
        self.prompt.setText(prompt)
        self.prompt.setVisible(bool(prompt))

    def show_message(self, text: str, kind: str = "info") -> None:
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self._fit()

    # --- input -------------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.locked_until > self.clock()

    def _refresh(self) -> None:
        self.dots.setText("●" * len(self.entered) + "○" * max(0, MIN_DIGITS - len(self.entered)))
        usable = not (self.busy or self.locked or self.blocked)
        for b in self.digit_buttons.values():
            b.setEnabled(usable and len(self.entered) < MAX_DIGITS)
        self.clear_btn.setEnabled(usable)
        self.back_btn.setEnabled(usable)
        self.ok_btn.setEnabled(usable and len(self.entered) >= MIN_DIGITS)

    def press(self, digit: str) -> None:
        if self.busy or self.locked or self.blocked or len(self.entered) >= MAX_DIGITS:
            return
        self.entered += digit
        if self.message.property("kind") == "error":
            self.show_message("")
        self._refresh()

    def backspace(self) -> None:
        self.entered = self.entered[:-1]
        self._refresh()

    def clear(self) -> None:
        self.entered = ""
        self._refresh()

    def submit(self) -> None:
        if self.busy or self.locked or self.blocked:
            return
        if len(self.entered) < MIN_DIGITS:
            self.show_message(both("pin_too_short"), "error")
            return
        value, self.entered = self.entered, ""
        self._refresh()
        self.submitted.emit(value)

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        if busy:
            self.show_message(both("pin_checking"))
        self._refresh()

    def set_blocked(self, blocked: bool) -> None:
        self.blocked = blocked
        self._refresh()

    def lock_for(self, seconds: float) -> None:
        """Refuse input for ``seconds`` and count down in both languages."""
        self.locked_until = self.clock() + seconds
        self._update_lock()
        self._tick.start()

    def _update_lock(self) -> None:
        left = self.locked_until - self.clock()
        if left <= 0:
            self._tick.stop()
            self.locked_until = 0.0
            if self.message.property("kind") == "locked":
                self.show_message("")
        else:
            self.show_message(
                f"{t('pin_locked', 'zh', t=duration(left, 'zh'))}\n"
                f"{t('pin_locked', 'en', t=duration(left, 'en'))}", "locked")
        self._refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and len(text) == 1:
            self.press(text)
        elif event.key() == Qt.Key.Key_Backspace:
            self.backspace()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        else:
            super().keyPressEvent(event)

    # --- showing -----------------------------------------------------------------------------
    def open_pad(self) -> None:
        self.entered = ""
        self.busy = False
        self.show_message("")
        self._fit()
        self.show()
        self.raise_()
        self.setFocus()
        self._update_lock()

    def close_pad(self) -> None:
        self.entered = ""
        self._tick.stop()
        self.hide()

    def _cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()
