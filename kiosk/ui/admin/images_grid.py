"""The exhibit's images as a model/view grid of thumbnails with one caption editor.

A batch import adds dozens of images while the curator watches. With a row of widgets per
image (thumbnail, two caption fields, four buttons) every addition re-laid out the whole form
and the event loop stalled for hundreds of milliseconds. Here an image is a model row: adding
one is ``beginInsertRows`` and one painted cell; thumbnails are decoded in the pool; only the
selected image gets real editors (zh + en captions and the buttons).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect,
                            QRectF, QSize, Qt, Signal)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLineEdit, QListView,
                               QStyle, QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout,
                               QWidget)

from kiosk.admin import drafts
from kiosk.ui import theme
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.strings import t
from kiosk.ui.services import Background, decode_image

LANGS = ("zh", "en")
THUMB = QSize(192, 128)     # the cell's picture: well above the 120 px a finger needs
CELL = QSize(212, 148)      # picture + selection ring + gap
DANGER = QColor("#FF6B6B")
MissingRole = int(Qt.ItemDataRole.UserRole) + 1
HeroRole = int(Qt.ItemDataRole.UserRole) + 2

# Texts of this grid only (strings.py keeps the shared ones); zh first, as everywhere.
_S: dict[str, tuple[str, str]] = {
    "move_left": ("左移", "Move left"),
    "move_right": ("右移", "Move right"),
    "image_n": ("图片 {i}", "Image {i}"),
    "images_n": ("图片 {i}", "Images {i}"),
    "pick_hint": ("点按缩略图即可编辑说明、设为封面、调整顺序或移除。",
                  "Tap a thumbnail to edit its caption, make it the cover, move or remove it."),
    "badge_hint": ("红色角标 = 说明缺少中文或英文。", "Red corner = caption missing in a language."),
}


def tr(key: str, lang: str, **fmt: object) -> str:
    zh, en = _S[key]
    text = en if lang == "en" else zh
    return text.format(**fmt) if fmt else text


def _ranges(numbers: list[int], lang: str) -> str:
    """[1, 2, 3, 7] → "1–3、7" (zh) / "1–3, 7" (en)."""
    spans: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], n)
        else:
            spans.append((n, n))
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in spans]
    return ("、" if lang == "zh" else ", ").join(parts)


_CAPTION = re.compile(r"^media\[(\d+)\]\.caption\.(zh|en)$")


def grouped_problems(problems: list[str], lang: str, label: Callable[[str, str], str]) -> list[str]:
    """Lines for the missing-translations list: one per language for all image captions.

    Fifty freshly imported images would otherwise make a hundred lines that the curator has to
    scroll past (and that the form re-lays out after each batch)."""
    out: list[str] = []
    captions: dict[str, list[int]] = {}
    for p in problems:
        m = _CAPTION.match(p)
        if m is None:
            out.append(label(p, lang))
            continue
        if not captions:
            out.append("")  # placeholder: the caption lines go where the first one was
        captions.setdefault(m.group(2), []).append(int(m.group(1)))
    if captions:
        sep = "（{}）：" if lang == "zh" else " ({}): "
        lines = [t("f.caption", lang) + sep.format(t(f"lang.{code}", lang))
                 + tr("images_n" if len(nums) > 1 else "image_n", lang, i=_ranges(nums, lang))
                 for code, nums in sorted(captions.items(), key=lambda kv: LANGS.index(kv[0]))]
        at = out.index("")
        out[at:at + 1] = lines
    return out


def caption_missing(item: dict[str, Any]) -> bool:
    cap = item.get("caption") or {}
    return any(not str(cap.get(lang, "")).strip() for lang in LANGS)


def _cover_crop(path: Path) -> QImage:
    """Decoded and cropped to exactly THUMB in the pool: painting is then a plain blit."""
    img = decode_image(path, THUMB)
    img = img.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                     Qt.TransformationMode.SmoothTransformation)
    x = (img.width() - THUMB.width()) // 2
    y = (img.height() - THUMB.height()) // 2
    return img.copy(x, y, THUMB.width(), THUMB.height())


class ImagesModel(QAbstractListModel):
    """Rows over ``items`` (the editor record's ``media`` list, edited in place)."""

    def __init__(self, media_dir: Path, parent: Any = None):
        super().__init__(parent)
        self.media_dir = media_dir
        self.items: list[dict[str, Any]] = []
        self._bg = Background(self)
        self._thumbs: dict[str, QImage] = {}    # file → thumbnail (null when unreadable)
        self._loading: set[str] = set()

    # --- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802,B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumb(item["file"])
        if role == MissingRole:
            return caption_missing(item)
        if role == HeroRole:
            return index.row() == 0
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            cap = item.get("caption") or {}
            return cap.get("zh") or cap.get("en") or ""
        return None

    # --- thumbnails --------------------------------------------------------------------------
    def thumb(self, file: str) -> QImage | None:
        """The ready thumbnail, or None while it decodes (the cell paints a placeholder)."""
        img = self._thumbs.get(file)
        if img is not None:
            return None if img.isNull() else img
        if file not in self._loading:
            self._loading.add(file)
            path = self.media_dir / drafts.thumb_of(file)
            self._bg.submit(lambda: _cover_crop(path), lambda r, f=file: self._thumb_ready(f, r))
        return None

    def _thumb_ready(self, file: str, result: object) -> None:
        self._loading.discard(file)
        self._thumbs[file] = result if isinstance(result, QImage) else QImage()
        for row, item in enumerate(self.items):
            if item["file"] == file:
                ix = self.index(row)
                self.dataChanged.emit(ix, ix, [Qt.ItemDataRole.DecorationRole])

    @property
    def decoding(self) -> int:
        return len(self._loading)

    # --- edits (the grid calls these; the list is the editor's record) -----------------------
    def reset(self, items: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.items = items
        live = {m["file"] for m in items}
        self._thumbs = {f: img for f, img in self._thumbs.items() if f in live}
        self.endResetModel()

    def append(self, new: list[dict[str, Any]]) -> None:
        """Add rows at the end (one insert for a whole batch)."""
        if not new:
            return
        first = len(self.items)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self.items.extend(new)
        self.endInsertRows()

    def adopt_tail(self, shown: int) -> None:
        """``items`` grew behind the model's back (the editor appended): announce the rows."""
        extra = len(self.items) - shown
        if extra > 0:
            self.beginInsertRows(QModelIndex(), shown, shown + extra - 1)
            self.endInsertRows()

    def move(self, src: int, dst: int) -> bool:
        n = len(self.items)
        if not (0 <= src < n and 0 <= dst < n) or src == dst:
            return False
        # Qt's destination is "insert before", counted before the row leaves
        if not self.beginMoveRows(QModelIndex(), src, src, QModelIndex(), dst + 1 if dst > src else dst):
            return False
        self.items.insert(dst, self.items.pop(src))
        self.endMoveRows()
        self.row_changed(0)  # the cover chip follows the first row
        self.row_changed(1)
        return True

    def remove(self, row: int) -> bool:
        if not 0 <= row < len(self.items):
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.items[row]
        self.endRemoveRows()
        self.row_changed(0)
        return True

    def row_changed(self, row: int) -> None:
        if 0 <= row < len(self.items):
            ix = self.index(row)
            self.dataChanged.emit(ix, ix)


class ThumbDelegate(QStyledItemDelegate):
    """A rounded thumbnail; accent ring when selected, cover chip, number, red missing badge."""

    def __init__(self, grid: ImagesGrid):
        super().__init__(grid)
        self.grid = grid

    def sizeHint(self, option: QStyleOptionViewItem,  # noqa: N802
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return CELL

    def paint(self, p: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        cell = option.rect  # type: ignore[attr-defined]
        rect = QRect(0, 0, THUMB.width(), THUMB.height())
        rect.moveCenter(cell.center())
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        clip = QPainterPath()
        clip.addRoundedRect(QRectF(rect), 12, 12)
        img = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(img, QImage) and not img.isNull():
            p.setClipPath(clip)
            p.drawImage(rect.topLeft(), img)
            p.setClipping(False)
        else:
            p.fillPath(clip, QColor(theme.BG2))
        font = QFont(option.font)  # type: ignore[attr-defined]
        font.setPixelSize(15)
        font.setBold(True)
        p.setFont(font)
        # number, bottom left: the missing-translations list names images by number
        num = str(index.row() + 1)
        tag = QRectF(rect.left() + 8, rect.bottom() - 34, max(28, 12 + 9 * len(num)), 26)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(8, 18, 35, 200))
        p.drawRoundedRect(tag, 13, 13)
        p.setPen(QColor(theme.TEXT))
        p.drawText(tag, Qt.AlignmentFlag.AlignCenter, num)
        if index.data(HeroRole):
            text = t("hero", self.grid.lang)
            chip = QRectF(rect.left() + 8, rect.top() + 8, 16 + p.fontMetrics().horizontalAdvance(text), 28)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(theme.ACCENT))
            p.drawRoundedRect(chip, 14, 14)
            p.setPen(QColor(theme.BG))
            p.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        if index.data(MissingRole):
            # a red corner, clipped to the rounded picture: visible at a glance, never hidden
            corner = QPainterPath()
            corner.moveTo(rect.right() - 46, rect.top())
            corner.lineTo(rect.right() + 1, rect.top())
            corner.lineTo(rect.right() + 1, rect.top() + 46)
            corner.closeSubpath()
            p.setClipPath(clip)
            p.fillPath(corner, DANGER)
            p.setClipping(False)
            p.setPen(QColor(theme.TEXT))
            p.drawText(QRectF(rect.right() - 24, rect.top() + 1, 22, 24), Qt.AlignmentFlag.AlignCenter, "!")
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        p.setBrush(Qt.BrushStyle.NoBrush)
        if selected:
            p.setPen(QPen(QColor(theme.ACCENT), 4))
            p.drawRoundedRect(QRectF(rect).adjusted(-4, -4, 4, 4), 15, 15)
        else:
            p.setPen(QPen(QColor(theme.CARD_LINE), 1))
            p.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 12, 12)
        p.restore()


class ThumbView(QListView):
    """An icon-mode list as tall as its rows: the editor page scrolls, not the grid."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)    # no drag-to-move: a finger scrolls the page
        self.setUniformItemSizes(True)
        self.setGridSize(CELL)
        self.setSpacing(0)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionRectVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setStyleSheet("QListView { background: transparent; border: none; }")
        self._rows = -1

    def fit(self) -> None:
        """Height for all rows; changes (and re-lays out the page) once per row of cells."""
        model = self.model()
        n = model.rowCount() if model is not None else 0
        per_row = max(1, self.viewport().width() // CELL.width())
        rows = max(1, -(-n // per_row))
        if rows != self._rows:
            self._rows = rows
            self.setFixedHeight(rows * CELL.height() + 4)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()


class ImagesGrid(QWidget):
    """Images with their captions; the first one is the cover (hero).

    Same contract as the other form parts: edits ``items`` in place, ``changed(structural)``,
    ``inputs`` maps missing-translation names to the (selected image's) caption fields.
    """

    changed = Signal(bool)

    def __init__(self, media_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = "zh"
        self.inputs: dict[str, QWidget] = {}
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
            e.textEdited.connect(lambda value, lg=lang: self._caption_edited(lg, value))
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
        self.hint.setText(f"{tr('pick_hint', lang)} {tr('badge_hint', lang)}")
        self.hero_btn.setText(t("set_hero", lang))
        self.remove_btn.setText(t("remove", lang))
        self.left_btn.setToolTip(tr("move_left", lang))
        self.right_btn.setToolTip(tr("move_right", lang))
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

    def append(self, new: list[dict[str, Any]]) -> None:
        """O(1) UI work per image: one model insert for the whole batch."""
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
        self.panel_title.setText(f"{tr('image_n', self.lang, i=n)} · {t('f.caption', self.lang)}")
        self.panel_size.setText(f"{item.get('width', 0)}×{item.get('height', 0)}")
        self.hero_chip.setVisible(row == 0)
        for lang, e in self.edits.items():
            e.blockSignals(True)
            e.setText(item["caption"][lang])
            e.setCursorPosition(0)
            e.blockSignals(False)
            self.inputs[f"media[{n}].caption.{lang}"] = e
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
    def move(self, index: int, delta: int) -> None:
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
