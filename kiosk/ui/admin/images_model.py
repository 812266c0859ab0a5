"""The exhibit's images as a Qt list model: one row per image, thumbnails decoded in the pool.

The rows are the editor's own ``media`` list (its JSON working copy), edited in place.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath

from kiosk.content.record import LANGS
from kiosk.curation import drafts
from kiosk.ui.services import Background, decode_image

THUMB = QSize(192, 128)     # the cell's picture: well above the 120 px a finger needs
CELL = QSize(212, 148)      # picture + selection ring + gap
DANGER = QColor("#FF6B6B")
MissingRole = int(Qt.ItemDataRole.UserRole) + 1
HeroRole = int(Qt.ItemDataRole.UserRole) + 2

def caption_missing(item: dict[str, Any]) -> bool:
    cap = item.get("caption") or {}
    return any(not str(cap.get(lang, "")).strip() for lang in LANGS)


RADIUS = 12
_ROOT = QModelIndex()  # the invalid index: the list's root


def rounded(size: QSize) -> QPainterPath:
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
    p.drawPath(rounded(THUMB))
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
            # an unreadable file gets a null thumbnail: painted as a placeholder, not retried
            self._bg.submit(lambda: _cover_crop(path), functools.partial(self._thumb_ready, file),
                            lambda _exc: self._thumb_ready(file, QImage()))
        return None

    def _thumb_ready(self, file: str, img: QImage) -> None:
        self._loading.discard(file)
        self._thumbs[file] = img
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
