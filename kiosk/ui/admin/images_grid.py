"""The exhibit's images as a model/view grid of thumbnails with one caption editor.

A batch import adds dozens of images while the curator watches. With a row of widgets per
image (thumbnail, two caption fields, four buttons) every addition re-laid out the whole form
and the event loop stalled for hundreds of milliseconds. Here an image is a model row: adding
one is ``beginInsertRows`` and one painted cell; thumbnails are decoded in the pool; only the
selected image gets real editors (zh + en captions and the buttons).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.record import LANGS, FieldPath
from kiosk.curation import drafts
from kiosk.ui import theme
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.strings import t
from kiosk.ui.services import Background, decode_image

THUMB = QSize(192, 128)     # the cell's picture: well above the 120 px a finger needs
CELL = QSize(212, 148)      # picture + selection ring + gap
DANGER = QColor("#FF6B6B")
MissingRole = int(Qt.ItemDataRole.UserRole) + 1
HeroRole = int(Qt.ItemDataRole.UserRole) + 2

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


def grouped_problems(problems: list[FieldPath], lang: str,
                     label: Callable[[FieldPath, str], str]) -> list[str]:
    """Lines for the missing-translations list: one per language for all image captions.

    Fifty freshly imported images would otherwise make a hundred lines that the curator has to
    scroll past (and that the form re-lays out after each batch)."""
    out: list[str] = []
    captions: dict[str, list[int]] = {}
    for p in problems:
        if not (p.within == "media" and p.field == "caption" and p.lang):
            out.append(label(p, lang))
            continue
        if not captions:
            out.append("")  # placeholder: the caption lines go where the first one was
        captions.setdefault(p.lang, []).append(p.index)
    if captions:
        sep = "（{}）：" if lang == "zh" else " ({}): "
        lines = [t("f.caption", lang) + sep.format(t(f"lang.{code}", lang))
                 + t("grid.images_n" if len(nums) > 1 else "grid.image_n", lang,
                     i=_ranges(nums, lang))
                 for code, nums in sorted(captions.items(), key=lambda kv: LANGS.index(kv[0]))]
        at = out.index("")
        out[at:at + 1] = lines
    return out


def caption_missing(item: dict[str, Any]) -> bool:
    cap = item.get("caption") or {}
    return any(not str(cap.get(lang, "")).strip() for lang in LANGS)


RADIUS = 12
_ROOT = QModelIndex()  # the invalid index: the list's root


def _rounded(size: QSize) -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(QRectF(0, 0, size.width(), size.height()), RADIUS, RADIUS)
    return path


def _cover_crop(path: Path) -> QImage:
    """Decoded, cropped to exactly THUMB and given round corners in the pool: painting a
    cell is then a plain blit (an antialiased clip per cell cost ~20 ms per grid repaint)."""
    img = decode_image(path, THUMB)
    img = img.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                     Qt.TransformationMode.SmoothTransformation)
    x = (img.width() - THUMB.width()) // 2
    y = (img.height() - THUMB.height()) // 2
    out = QImage(THUMB, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(Qt.GlobalColor.transparent)
    p = QPainter(out)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(img.copy(x, y, THUMB.width(), THUMB.height())))
    p.drawPath(_rounded(THUMB))
    p.end()
    return out


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
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumb(item.get("poster") or item["file"])  # a video: its poster
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
            if (item.get("poster") or item["file"]) == file:
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

    def move(self, src: int, dst: int) -> bool:
        n = len(self.items)
        if not (0 <= src < n and 0 <= dst < n) or src == dst:
            return False
        # Qt's destination is "insert before", counted before the row leaves
        before = dst + 1 if dst > src else dst
        if not self.beginMoveRows(QModelIndex(), src, src, QModelIndex(), before):
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
        self._shape = _rounded(THUMB)
        corner = QPainterPath()
        corner.moveTo(THUMB.width() - 46, 0)
        corner.lineTo(THUMB.width(), 0)
        corner.lineTo(THUMB.width(), 46)
        corner.closeSubpath()
        self._badge = corner.intersected(self._shape)
        self._font = QFont(grid.font())
        self._font.setPixelSize(15)
        self._font.setBold(True)
        self._cells: dict[tuple[str, int, bool, str, bool], QImage] = {}

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        return CELL

    def paint(self, p: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        row = index.row()
        model = self.grid.model
        if not 0 <= row < len(model.items):
            return
        cell = option.rect  # type: ignore[attr-defined]
        x = cell.x() + (cell.width() - THUMB.width()) // 2
        y = cell.y() + (cell.height() - THUMB.height()) // 2
        # a whole grid repaints after each batch insert: a cached cell is one blit
        p.drawImage(x, y, self._cell(row, model.items[row]))
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            p.save()
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(QPen(QColor(theme.ACCENT), 4))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(x - 4, y - 4, THUMB.width() + 8, THUMB.height() + 8), 15, 15)
            p.restore()

    def _cell(self, row: int, item: dict[str, Any]) -> QImage:
        thumb = self.grid.model.thumb(item.get("poster") or item["file"])
        key = (item["file"], row, caption_missing(item), self.grid.lang, thumb is not None)
        img = self._cells.get(key)
        if img is None:
            if len(self._cells) > 4 * max(64, len(self.grid.model.items)):
                self._cells.clear()  # stale numbers and badges after many moves: start over
            img = self._cells[key] = self._render(row, item, thumb)
        return img

    def _render(self, row: int, item: dict[str, Any], thumb: QImage | None) -> QImage:
        out = QImage(THUMB, QImage.Format.Format_ARGB32_Premultiplied)
        out.fill(Qt.GlobalColor.transparent)
        p = QPainter(out)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if thumb is not None:
            p.drawImage(0, 0, thumb)
        else:
            p.fillPath(self._shape, QColor(theme.BG2))
        p.setFont(self._font)
        # number, bottom left: the missing-translations list names images by number
        num = str(row + 1)
        tag = QRectF(8, THUMB.height() - 34, max(28, 12 + 9 * len(num)), 26)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(8, 18, 35, 200))
        p.drawRoundedRect(tag, 13, 13)
        p.setPen(QColor(theme.TEXT))
        p.drawText(tag, Qt.AlignmentFlag.AlignCenter, num)
        if row == 0:
            text = t("hero", self.grid.lang)
            chip = QRectF(8, 8, 16 + p.fontMetrics().horizontalAdvance(text), 28)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(theme.ACCENT))
            p.drawRoundedRect(chip, 14, 14)
            p.setPen(QColor(theme.BG))
            p.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)
        if caption_missing(item):
            # a red corner: visible at a glance on any picture
            p.fillPath(self._badge, DANGER)
            p.setPen(QColor(theme.TEXT))
            p.drawText(QRectF(THUMB.width() - 24, 1, 22, 24), Qt.AlignmentFlag.AlignCenter, "!")
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(theme.CARD_LINE), 1))
        p.drawRoundedRect(QRectF(0.5, 0.5, THUMB.width() - 1, THUMB.height() - 1), RADIUS, RADIUS)
        p.end()
        return out


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
        self.reserved = 0   # cells kept free for images on their way (a batch import)

    def fit(self) -> None:
        """Height for all rows; changes (and re-lays out the page) once per row of cells."""
        model = self.model()
        n = (model.rowCount() if model is not None else 0) + self.reserved
        per_row = max(1, self.viewport().width() // CELL.width())
        rows = max(1, -(-n // per_row))
        if rows != self._rows:
            self._rows = rows
            self.setFixedHeight(rows * CELL.height() + 4)

    def resizeEvent(self, event: Any) -> None:
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
