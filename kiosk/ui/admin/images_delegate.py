"""How an image cell of the grid is painted: a cached thumbnail, the cover chip, a red corner
while a caption is missing, the selection ring; and the list view that lays the cells out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from kiosk.ui import theme
from kiosk.ui.admin.images_model import CELL, DANGER, RADIUS, THUMB, caption_missing, rounded
from kiosk.ui.admin.strings import t

if TYPE_CHECKING:
    from kiosk.ui.admin.images_grid import ImagesGrid


class ThumbDelegate(QStyledItemDelegate):
    """A rounded thumbnail; accent ring when selected, cover chip, number, red missing badge."""

    def __init__(self, grid: ImagesGrid):
        super().__init__(grid)
        self.grid = grid
        self._shape = rounded(THUMB)
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
        cell = option.rect
        x = cell.x() + (cell.width() - THUMB.width()) // 2
        y = cell.y() + (cell.height() - THUMB.height()) // 2
        # a whole grid repaints after each batch insert: a cached cell is one blit
        p.drawImage(x, y, self._cell(row, model.items[row]))
        if option.state & QStyle.StateFlag.State_Selected:
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
