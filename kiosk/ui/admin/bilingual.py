"""One text field in both languages: a zh input and an en input, side by side."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from kiosk.content.record import LANGS


class BilingualText(QWidget):
    """A zh input and an en input for one field, side by side."""

    def __init__(self, *, multiline: bool, height: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(16)
        for lang in LANGS:
            e: QLineEdit | QPlainTextEdit
            if multiline:
                e = QPlainTextEdit(self)
                e.setTabChangesFocus(True)
                if height:
                    e.setFixedHeight(height)
            else:
                e = QLineEdit(self)
            self.edits[lang] = e
            lay.addWidget(e, 1)

    def text(self, lang: str) -> str:
        e = self.edits[lang]
        return e.toPlainText() if isinstance(e, QPlainTextEdit) else e.text()

    def set_text(self, lang: str, value: str) -> None:
        e = self.edits[lang]
        e.blockSignals(True)
        if isinstance(e, QPlainTextEdit):
            e.setPlainText(value)
        else:
            e.setText(value)
            e.setCursorPosition(0)  # show the start of a long title, not its end
        e.blockSignals(False)
