"""The exhibit's images as a model/view grid of thumbnails with one caption editor.

A batch import adds dozens of images while the curator watches. With a row of widgets per
image (thumbnail, two caption fields, four buttons) every addition re-laid out the whole form
and the event loop stalled for hundreds of milliseconds. Here an image is a model row: adding
one is ``beginInsertRows`` and one painted cell; thumbnails are decoded in the pool; only the
selected image gets real editors (zh + en captions and the buttons).

The rows live in ``images_model``, their painting in ``images_delegate``; this module is the
grid widget and its caption editor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.record import LANGS, FieldPath
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.images_delegate import ThumbDelegate, ThumbView
from kiosk.ui.admin.images_model import ImagesModel
from kiosk.ui.admin.strings import t


class ImagesGrid(QWidget):
    """Images with their captions; the first one is the cover (hero).

    Same contract as the other form parts: edits ``items`` in place, ``changed(structural)``,
    ``inputs`` maps missing-translation names to the (selected image's) caption fields.
    """

    changed = Signal(bool)

    def __init__(self, media_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "zh"
        self.inputs: dict[FieldPath, QWidget] = {}
        self.model = ImagesModel(media_dir, self)
        self.empty = w.label("", "admMuted", self, wrap=True)
        self.hint = w.label("", "admSmall", self, wrap=True)
        self.view = ThumbView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(ThumbDelegate(self))
        self.view.selectionModel().currentChanged.connect(lambda *_a: self._show_selected())
        for sig in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            sig.connect(lambda *_a: self._count_changed())

        # the one caption editor, for the selected image
        self.panel = w.card(self, "admRow")
        self.panel_title = w.label("", "admH3", self.panel)
        self.panel_size = w.label("", "admSmall", self.panel)
        self.hero_chip = w.chip("", "admChipOk", self.panel)
        self.edits: dict[str, QLineEdit] = {}
        fields = QHBoxLayout()
        fields.setSpacing(16)
        for lang in LANGS:
            e = QLineEdit(self.panel)
            e.textChanged.connect(lambda value, lg=lang: self._caption_edited(lg, value))
            self.edits[lang] = e
            fields.addWidget(e, 1)
        self.hero_btn = w.button("", "", self.panel)
        self.left_btn = w.button("←", "icon", self.panel)
        self.right_btn = w.button("→", "icon", self.panel)
        self.remove_btn = w.button("", "danger", self.panel)
        self.hero_btn.clicked.connect(lambda: self.make_hero(self.selected()))
        self.left_btn.clicked.connect(lambda: self.move(self.selected(), -1))
        self.right_btn.clicked.connect(lambda: self.move(self.selected(), 1))
        self.remove_btn.clicked.connect(lambda: self.remove(self.selected()))
        head = QHBoxLayout()
        head.setSpacing(12)
        head.addWidget(self.panel_title)
        head.addWidget(self.hero_chip, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.panel_size)
        head.addStretch(1)
        tools = QHBoxLayout()
        tools.setSpacing(10)
        tools.addWidget(self.hero_btn)
        tools.addWidget(self.left_btn)
        tools.addWidget(self.right_btn)
        tools.addStretch(1)
        tools.addWidget(self.remove_btn)
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(20, 16, 20, 18)
        inner.setSpacing(12)
        inner.addLayout(head)
        inner.addLayout(fields)
        inner.addLayout(tools)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(12)
        lay.addWidget(self.empty)
        lay.addWidget(self.hint)
        lay.addWidget(self.view)
        lay.addWidget(self.panel)
        self._count_changed()

    @property
    def items(self) -> list[dict[str, Any]]:
        return self.model.items

    # --- the editor's calls ------------------------------------------------------------------
    def set_items(self, items: list[dict[str, Any]]) -> None:
        self.model.reset(items)
        self.select(0 if items else -1)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.empty.setText(t("no_images", lang))
        self.hint.setText(f"{t('grid.pick_hint', lang)} {t('grid.badge_hint', lang)}")
        self.hero_btn.setText(t("set_hero", lang))
        self.remove_btn.setText(t("remove", lang))
        self.left_btn.setToolTip(t("grid.move_left", lang))
        self.right_btn.setToolTip(t("grid.move_right", lang))
        for lg, e in self.edits.items():
            e.setPlaceholderText(f"{t('f.caption', lang)} · {t('lang.' + lg, lang)}")
        self.hero_chip.setText(t("hero", lang))
        self.view.viewport().update()  # the cover chip is painted in the current language
        self._show_selected()

    def rebuild(self) -> None:
        """``items`` was changed wholesale: show it again, keeping the selection if possible."""
        keep = self.selected()
        self.model.reset(self.model.items)
        self.select(min(keep, len(self.items) - 1) if keep >= 0 else (0 if self.items else -1))

    def reserve(self, count: int) -> None:
        """Make room for ``count`` more images now (0: fit what is there)."""
        self.view.reserved = max(0, count)
        self.view.fit()

    def append(self, new: list[dict[str, Any]]) -> None:
        """O(1) UI work per image: one model insert for the whole batch."""
        self.view.reserved = max(0, self.view.reserved - len(new))
        self.model.append(new)
        if self.selected() < 0 and self.items:
            self.select(0)

    # --- selection and the caption editor ----------------------------------------------------
    def selected(self) -> int:
        ix = self.view.currentIndex()
        return ix.row() if ix.isValid() else -1

    def select(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.view.setCurrentIndex(self.model.index(row))
        else:
            self.view.setCurrentIndex(QModelIndex())
        self._show_selected()

    def _show_selected(self) -> None:
        row = self.selected()
        self.inputs = {}
        if row < 0:
            self.panel.hide()
            return
        item = self.items[row]
        n = row + 1
        self.panel_title.setText(
            f"{t('grid.image_n', self.lang, i=n)} · {t('f.caption', self.lang)}")
        self.panel_size.setText(f"{item.get('width', 0)}×{item.get('height', 0)}")
        self.hero_chip.setVisible(row == 0)
        for lang, e in self.edits.items():
            e.blockSignals(True)
            e.setText(item["caption"][lang])
            e.setCursorPosition(0)
            e.blockSignals(False)
            self.inputs[FieldPath("caption", lang, "media", n)] = e
            w.set_missing(e, not item["caption"][lang].strip())
        self.hero_btn.setEnabled(row > 0)
        self.left_btn.setEnabled(row > 0)
        self.right_btn.setEnabled(row < len(self.items) - 1)
        self.panel.show()

    def _caption_edited(self, lang: str, value: str) -> None:
        row = self.selected()
        if row < 0:
            return
        self.items[row]["caption"][lang] = value
        w.set_missing(self.edits[lang], not value.strip())
        self.model.row_changed(row)  # the red corner follows the typing
        self.changed.emit(False)

    def _count_changed(self) -> None:
        has = bool(self.items)
        self.empty.setVisible(not has)
        self.hint.setVisible(has)
        self.view.setVisible(has)
        self.view.fit()
        if not has:
            self.panel.hide()
            self.inputs = {}
        elif self.selected() >= 0:
            # the last image's → button, the numbers in the title: cheap, one panel only
            self.right_btn.setEnabled(self.selected() < len(self.items) - 1)

    # --- verbs -------------------------------------------------------------------------------
    def move(self, index: int, delta: int) -> None:  # type: ignore[override]  # a list verb
        j = index + delta
        if self.model.move(index, j):
            self.select(j)
            self.changed.emit(True)

    def make_hero(self, index: int) -> None:
        if 0 < index < len(self.items) and self.model.move(index, 0):
            self.select(0)
            self.changed.emit(True)

    def remove(self, index: int) -> None:
        if self.model.remove(index):
            self.select(min(index, len(self.items) - 1))
            self.changed.emit(True)
