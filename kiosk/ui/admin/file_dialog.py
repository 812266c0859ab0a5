"""The file dialog of the curator screens: Qt's own, sized for fingers, opening on a USB stick."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

IMAGE_FILTER = "Images (*.jpg *.jpeg *.png *.webp *.JPG *.JPEG *.PNG *.WEBP)"


def start_dir() -> str:
    """USB sticks mount under /media on Linux; elsewhere (or when empty) the home folder."""
    media = Path("/media")
    try:
        if media.is_dir() and any(media.iterdir()):
            return str(media)
    except OSError:
        pass
    return str(Path.home())


def touch_file_dialog(parent: QWidget, title: str, *, mode: QFileDialog.FileMode,
                      name_filter: str, save: bool = False) -> QFileDialog:
    """Qt's own dialog (not the OS one: it would escape the kiosk), sized for fingers."""
    dlg = QFileDialog(parent, title, start_dir(), name_filter)
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dlg.setFileMode(mode)
    accept = QFileDialog.AcceptMode
    dlg.setAcceptMode(accept.AcceptSave if save else accept.AcceptOpen)
    dlg.setViewMode(QFileDialog.ViewMode.Detail)
    dlg.setWindowModality(Qt.WindowModality.ApplicationModal)
    win = parent.window()
    dlg.resize(int(win.width() * 0.8), int(win.height() * 0.8))
    dlg.setStyleSheet(
        "QWidget { font-size: 22px; } QPushButton { min-height: 60px; min-width: 140px; }"
        " QAbstractItemView::item { min-height: 56px; } QLineEdit, QComboBox { min-height: 52px; }"
        " QToolButton { min-width: 56px; min-height: 56px; }")
    return dlg


def choose_files(parent: QWidget, title: str, *, mode: QFileDialog.FileMode, name_filter: str,
                 chosen: Callable[[list[Path]], None]) -> QFileDialog:
    """Open the touch dialog; ``chosen(paths)`` once the curator picks (one path or several).

    ``open()``, not ``exec()``: no nested event loop, the kiosk keeps running. The dialog is
    returned so a screen can keep it (tests reach it there); it deletes itself when closed."""
    dlg = touch_file_dialog(parent, title, mode=mode, name_filter=name_filter)
    dlg.filesSelected.connect(lambda files: chosen([Path(f) for f in files]))
    dlg.finished.connect(dlg.deleteLater)
    dlg.open()
    return dlg
