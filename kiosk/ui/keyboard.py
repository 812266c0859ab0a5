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


def probe(timeout_s: float = 5.0) -> dict[str, object]:
    """Load the on-screen keyboard in this process and open it for a text field (for
    ``kiosk doctor``; run in a child process: the input method is chosen once per process).

    ``loaded``: Qt made the keyboard's input panel (its plugin and QML modules are there);
    ``visible`` and ``rect``: it opened (needs a real display)."""
    import time

    os.environ["QT_IM_MODULE"] = MODULE
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QApplication, QLineEdit

    app = QApplication.instance() or QApplication(["kiosk-keyboard-probe"])
    before = set(QGuiApplication.topLevelWindows())
    field = QLineEdit()
    field.resize(600, 80)
    field.show()
    field.activateWindow()
    field.setFocus(Qt.FocusReason.MouseFocusReason)
    im = QGuiApplication.inputMethod()
    im.show()
    end = time.monotonic() + timeout_s
    panel: list[object] = []
    while time.monotonic() < end and not im.isVisible():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        panel = [w for w in QGuiApplication.topLevelWindows() if w not in before
                 and w is not field.windowHandle()]
        if panel and QGuiApplication.platformName() == "offscreen":
            break  # it cannot show there: made is all we can learn
        time.sleep(0.01)
    r = im.keyboardRectangle().toAlignedRect()
    out: dict[str, object] = {"module": os.environ.get("QT_IM_MODULE", ""),
                              "platform": QGuiApplication.platformName(),
                              "loaded": bool(panel) or im.isVisible(), "visible": im.isVisible(),
                              "rect": [r.x(), r.y(), r.width(), r.height()],
                              "locale": im.locale().name()}
    field.close()
    return out
