"""The activity log: every admin action with its time, newest first."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.curation import audit
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.strings import S, t
from kiosk.ui.widgets import clear_layout, layout_of

PAGE = 100
CHIP = {"pin_failed": "admChipBad", "pin_locked": "admChipBad", "import_refused": "admChipBad",
        "delete": "admChipBad", "publish": "admChipOk", "import": "admChipOk",
        "admin_enter": "admChipMuted", "admin_exit": "admChipMuted"}


def local_time(stamp: str) -> str:
    """UTC ISO stamps shown in the kiosk's local time, to the minute."""
    try:
        return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d  %H:%M:%S")
    except ValueError:
        return stamp


class AuditScreen(QWidget):
    scroll: QScrollArea  # type: ignore[assignment]  # shadows the QWidget method of that name
    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.entries: list[audit.AuditEntry] = []
        self.loads = 0
        self.heading = w.label("", "admH1", self)
        self.refresh_btn = w.button("", "", self)
        self.refresh_btn.clicked.connect(self.refresh)
        self.empty = w.label("", "admMuted", self)
        self.scroll = w.scroll_area(self)
        self.host = QWidget()
        self.rows_lay = QVBoxLayout(self.host)
        self.rows_lay.setContentsMargins(0, 0, 16, 0)
        self.rows_lay.setSpacing(4)
        self.more_btn = w.button("", "", self)
        self.more_btn.clicked.connect(self.load_more)
        self.scroll.setWidget(self.host)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refresh_btn)
        self.list_card = w.card(self)
        cl = QVBoxLayout(self.list_card)
        cl.setContentsMargins(26, 20, 14, 20)
        cl.addWidget(self.empty)
        cl.addWidget(self.scroll, 1)
        cl.addWidget(self.more_btn, 0, Qt.AlignmentFlag.AlignHCenter)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(36, 28, 36, 28)
        lay.setSpacing(18)
        lay.addLayout(top)
        lay.addWidget(self.list_card, 1)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.heading.setText(t("nav.audit", lang))
        self.refresh_btn.setText(t("audit.refresh", lang))
        self.more_btn.setText(t("audit.more", lang))
        self.empty.setText(t("audit.empty", lang))
        self._fill()

    def refresh(self) -> None:
        self.ctx.db.db_call(lambda db: audit.audit_entries(db, limit=PAGE),
                            lambda r: self._loaded(r, replace=True), on_error=self._failed)

    def load_more(self) -> None:
        offset = len(self.entries)
        self.ctx.db.db_call(lambda db: audit.audit_entries(db, limit=PAGE, offset=offset),
                            lambda r: self._loaded(r, replace=False), on_error=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.ctx.toast(t("error", self.ctx.lang, e=exc))

    def _loaded(self, result: list[audit.AuditEntry], *, replace: bool) -> None:
        rows = list(result)
        self.entries = rows if replace else self.entries + rows
        self.more_btn.setVisible(len(rows) == PAGE)
        self.loads += 1
        self._fill()

    def action_text(self, action: str) -> str:
        key = f"a.{action}"
        return t(key, self.ctx.lang) if key in S else action

    def _fill(self) -> None:
        clear_layout(self.rows_lay)
        self.empty.setVisible(not self.entries)
        for e in self.entries:
            row = QWidget(self.host)
            rl = QHBoxLayout(row)
            rl.setContentsMargins(0, 6, 0, 6)
            rl.setSpacing(24)
            when = w.label(local_time(e.at), "admMuted", row)
            when.setFixedWidth(230)
            what = w.chip(self.action_text(e.action), CHIP.get(e.action, "admChipWarn"), row)
            what_box = QWidget(row)
            what_box.setFixedWidth(200)
            QHBoxLayout(what_box).addWidget(what, 0, Qt.AlignmentFlag.AlignLeft)
            layout_of(what_box).setContentsMargins(0, 0, 0, 0)
            target = w.label(e.target, "", row)
            target.setFixedWidth(260)
            detail = w.label(e.detail, "admMuted", row, wrap=True)
            for lab in (target, detail):
                lab.setTextFormat(Qt.TextFormat.PlainText)  # names from files are not markup
            rl.addWidget(when)
            rl.addWidget(what_box)
            rl.addWidget(target)
            rl.addWidget(detail, 1)
            self.rows_lay.addWidget(row)
        self.rows_lay.addStretch(1)

    def visible_actions(self) -> list[str]:
        return [e.action for e in self.entries]
