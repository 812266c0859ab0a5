"""The exhibit list: search, filter by status, create, open, delete/restore, reorder."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QScrollArea, QVBoxLayout, QWidget
from sqlite_utils import Database

from kiosk.curation import drafts
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.strings import t
from kiosk.ui.widgets import CoverImage

STATUS_CHIP = {"published": "admChipOk", "hidden": "admChipMuted", "deleted": "admChipBad"}


def title_of(row_title: object, lang: str) -> str:
    zh, en = getattr(row_title, "zh", ""), getattr(row_title, "en", "")
    first, second = (en, zh) if lang == "en" else (zh, en)
    return first or second or t("untitled", lang)


class ExhibitRow(QFrame):
    """One exhibit: thumbnail, title, status chips and the buttons for it."""

    def __init__(self, ctx: AdminContext, row: drafts.AdminRow, *, can_move: bool,
                 first: bool, last: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("admRow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.row = row
        lang = ctx.lang
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 14, 18, 14)
        lay.setSpacing(18)
        self.thumb = CoverImage(ctx.window.loader, radius=12, parent=self)
        self.thumb.setFixedSize(QSize(150, 96))
        if row.hero:
            self.thumb.set_path(ctx.media_dir / drafts.thumb_of(row.hero))
        lay.addWidget(self.thumb)
        text = w.Column(self, spacing=6)
        self.title = w.label(title_of(row.title, lang), "admH2", text)
        text.add(self.title)
        chips = QWidget(text)
        cl = QHBoxLayout(chips)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(8)
        cl.addWidget(w.chip(t(f"status.{row.status}", lang), STATUS_CHIP[row.status], chips))
        if row.is_new:
            cl.addWidget(w.chip(t("badge.new", lang), "admChipWarn", chips))
        elif row.has_draft:
            cl.addWidget(w.chip(t("badge.draft", lang), "admChipWarn", chips))
        if row.missing:
            cl.addWidget(w.chip(t("badge.missing", lang, n=len(row.missing)), "admChipBad", chips))
        cl.addWidget(w.label(row.slug, "admSmall", chips))
        cl.addStretch(1)
        text.add(chips)
        lay.addWidget(text, 1)
        self.up = w.button("↑", "icon", self)
        self.down = w.button("↓", "icon", self)
        self.up.setToolTip(t("move_up", lang))
        self.down.setToolTip(t("move_down", lang))
        self.up.setEnabled(can_move and not first)
        self.down.setEnabled(can_move and not last)
        self.up.setVisible(row.status != "deleted" and not ctx.content_read_only)
        self.down.setVisible(row.status != "deleted" and not ctx.content_read_only)
        lay.addWidget(self.up)
        lay.addWidget(self.down)
        if ctx.content_read_only:  # content comes from the author: open to look, nothing else
            self.view = w.button(t("view", lang), "", self)
            lay.addWidget(self.view)
        elif row.status == "deleted":
            self.restore = w.button(t("restore", lang), "", self)
            lay.addWidget(self.restore)
        else:
            self.delete = w.button(t("delete", lang), "danger", self)
            self.edit = w.button(t("edit", lang), "accent", self)
            lay.addWidget(self.delete)
            lay.addWidget(self.edit)


class ExhibitListScreen(QWidget):
    scroll: QScrollArea  # type: ignore[assignment]  # shadows the QWidget method of that name
    open_exhibit = Signal(str)

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[ExhibitRow] = []
        self.loaded: list[drafts.AdminRow] = []
        self.loads = 0  # completed list loads (tests wait on it)
        self.heading = w.label("", "admH1", self)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(420)
        self.new_btn = w.button("", "accent", self)
        self.filter = w.Segmented(drafts.STATUSES, self)
        self.hint = w.label("", "admSmall", self)
        self.read_only_note = w.label("", "admOkNote", self, wrap=True)
        self.read_only_note.setVisible(ctx.content_read_only)
        self.new_btn.setVisible(not ctx.content_read_only)
        self.empty = w.label("", "admMuted", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = w.scroll_area(self)
        self.list_host = QWidget()
        self.list_lay = QVBoxLayout(self.list_host)
        self.list_lay.setContentsMargins(0, 0, 12, 0)
        self.list_lay.setSpacing(12)
        self.list_lay.addStretch(1)
        self.scroll.setWidget(self.list_host)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.search)
        top.addWidget(self.new_btn)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.hint)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(36, 28, 36, 20)
        lay.setSpacing(18)
        lay.addLayout(top)
        lay.addWidget(self.read_only_note)
        lay.addLayout(bar)
        lay.addWidget(self.empty)
        lay.addWidget(self.scroll, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.filter.changed.connect(lambda _k: self.refresh())
        self.new_btn.clicked.connect(self.create)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.heading.setText(t("nav.exhibits", lang))
        self.search.setPlaceholderText(t("search", lang))
        self.new_btn.setText(t("new_exhibit", lang))
        self.filter.set_texts({k: t(f"filter.{k}", lang) for k in drafts.STATUSES})
        self.hint.setText(t("reorder_hint", lang))
        self.empty.setText(t("list_empty", lang))
        self.read_only_note.setText(t("readonly.banner", lang))
        self._fill(self.loaded)

    @property
    def can_move(self) -> bool:
        return self.filter.value == "all" and not self.search.text().strip()

    # --- data --------------------------------------------------------------------------------
    def refresh(self) -> None:
        query, status = self.search.text(), self.filter.value or "all"
        self.ctx.db.db_call(lambda db: drafts.list_for_admin(db, query, status=status),
                            self._loaded, on_error=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.ctx.toast(t("error", self.ctx.lang, e=exc))

    def _loaded(self, rows: list[drafts.AdminRow]) -> None:
        self.loaded = list(rows)
        self.loads += 1
        self._fill(self.loaded)

    def _fill(self, rows: list[drafts.AdminRow]) -> None:
        for r in self.rows:
            self.list_lay.removeWidget(r)
            r.deleteLater()
        self.rows = []
        can_move = self.can_move
        for i, row in enumerate(rows):
            widget = ExhibitRow(self.ctx, row, can_move=can_move, first=i == 0,
                                last=i == len(rows) - 1, parent=self.list_host)
            self._wire(widget, i)
            self.list_lay.insertWidget(self.list_lay.count() - 1, widget)
            self.rows.append(widget)
        self.empty.setVisible(not rows and self.loads > 0)
        self.hint.setVisible(not can_move and not self.ctx.content_read_only)

    def _wire(self, row: ExhibitRow, index: int) -> None:
        slug = row.row.slug
        if hasattr(row, "view"):
            row.view.clicked.connect(lambda: self.open_exhibit.emit(slug))
        if hasattr(row, "edit"):
            row.edit.clicked.connect(lambda: self.open_exhibit.emit(slug))
            row.delete.clicked.connect(lambda: self._verb(drafts.delete, slug, "deleted_toast"))
        if hasattr(row, "restore"):
            row.restore.clicked.connect(lambda: self._verb(drafts.restore, slug, "restored_toast"))
        row.up.clicked.connect(lambda: self.move(index, -1))
        row.down.clicked.connect(lambda: self.move(index, 1))

    def row(self, slug: str) -> ExhibitRow:
        return next(r for r in self.rows if r.row.slug == slug)

    # --- verbs -------------------------------------------------------------------------------
    def _write(self, fn: Callable[[Database], None], toast_key: str | None) -> None:
        """A list verb in the worker; then the list and the visitors follow, ok or not."""
        def done(_none: None) -> None:
            if toast_key:
                self.ctx.toast(t(toast_key, self.ctx.lang))
            settle()

        def failed(exc: Exception) -> None:
            self.ctx.toast(t("error", self.ctx.lang, e=exc))
            settle()

        def settle() -> None:
            self.ctx.window.content.reload()  # visitors follow deletes and reorders at once
            self.refresh()
        self.ctx.db.db_call(fn, done, on_error=failed)

    def _verb(self, fn: Callable[[Database, str], None], slug: str, toast_key: str) -> None:
        self._write(lambda db: fn(db, slug), toast_key)

    def move(self, index: int, delta: int) -> None:  # type: ignore[override]  # a list verb
        slugs = [r.slug for r in self.loaded]
        j = index + delta
        if self.ctx.content_read_only:
            return
        if not self.can_move or not (0 <= index < len(slugs) and 0 <= j < len(slugs)):
            return
        slugs[index], slugs[j] = slugs[j], slugs[index]
        self._write(lambda db: drafts.reorder(db, slugs), None)

    def create(self) -> None:  # type: ignore[override]  # a list verb, not QWidget.create
        if self.ctx.content_read_only:
            return
        def done(slug: str) -> None:
            self.refresh()
            self.open_exhibit.emit(slug)
        self.ctx.db.db_call(lambda db: drafts.create_exhibit(db), done, on_error=self._failed)
