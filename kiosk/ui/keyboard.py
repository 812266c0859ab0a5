"""The on-screen keyboard of admin mode: Qt Virtual Keyboard (PySide6-Addons), Pinyin and
English, and the layout rule that keeps it off the field being typed in.

Qt picks its input method once, when the QApplication is made (``QT_IM_MODULE``), so
``choose_input_method`` runs before that. Visitor pages have no text field: the keyboard only
ever opens in admin mode. While it is open, the window's content is laid out in the part of
the screen above it (``KeyboardAvoider``), so the focused field is never underneath.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLayout, QWidget

log = logging.getLogger(__name__)
MODULE = "qtvirtualkeyboard"


def choose_input_method(mode: str) -> str:
    """``admin.keyboard``: "onscreen" sets Qt Virtual Keyboard unless the environment already
    names an input method (an installer's ``QT_IM_MODULE=ibus`` wins); "system" leaves it to
    the operating system. Returns the module Qt will use ("" = platform default)."""
    if mode == "onscreen" and not os.environ.get("QT_IM_MODULE"):
        os.environ["QT_IM_MODULE"] = MODULE
    return os.environ.get("QT_IM_MODULE", "")


class KeyboardAvoider(QObject):
    """While the on-screen keyboard is open, ``layout``'s bottom margin is its height."""

    def __init__(self, window: QWidget, layout: QLayout, parent: QObject | None = None):
        super().__init__(parent or window)
        self.window = window
        self.layout = layout
        self.base = layout.contentsMargins()
        im = QGuiApplication.inputMethod()
        im.visibleChanged.connect(self.update)
        im.keyboardRectangleChanged.connect(self.update)

    def covered(self) -> int:
        """How many pixels of the window's bottom the keyboard covers now."""
        im = QGuiApplication.inputMethod()
        if not im.isVisible():
            return 0
        kb = im.keyboardRectangle().toAlignedRect()
        top_left = self.window.mapToGlobal(self.window.rect().topLeft())
        win = QRect(top_left, self.window.size())
        overlap = win.intersected(kb)
        return overlap.height() if not overlap.isEmpty() else 0

    def update(self) -> None:
        m = self.base
        self.layout.setContentsMargins(m.left(), m.top(), m.right(), m.bottom() + self.covered())
