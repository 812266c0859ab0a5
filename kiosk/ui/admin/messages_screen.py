"""欢迎与通知 / Messages: schedule welcome banners and notices, preview them full size."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.content.engagement import TIME_FORMAT
from kiosk.content.messages import KINDS, TEXT_MAX_CHARS, Message
from kiosk.content.text import Text
from kiosk.curation import messages as curated
from kiosk.ui import theme
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.strings import t
from kiosk.ui.banner import paint_attract_band, welcome_height


class DateTimePicker(QWidget):
    """A local date-time set by touch: − / + a day, an hour, five minutes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.value = dt.datetime(2026, 1, 1, 9, 0)
        self.text = w.label("", "admH2", self)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons: dict[str, tuple[object, object]] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.text, 0, 0, 1, 3)
        steps = {"day": dt.timedelta(days=1), "hour": dt.timedelta(hours=1),
                 "minute": dt.timedelta(minutes=5)}
        for col, (key, step) in enumerate(steps.items()):
            minus, plus = w.button("", "", self), w.button("", "", self)
            minus.clicked.connect(lambda _c=False, s=step: self._nudge(-s))
            plus.clicked.connect(lambda _c=False, s=step: self._nudge(s))
            grid.addWidget(minus, 1, col)
            grid.addWidget(plus, 2, col)
            self.buttons[key] = (minus, plus)
        self.set_value(self.value)

    def retranslate(self, lang: str) -> None:
        for key, (minus, plus) in self.buttons.items():
            unit = t(f"msg.{key}", lang)
            n = "5 " if key == "minute" else "1 "
            minus.setText(f"− {n}{unit}")  # type: ignore[attr-defined]
            plus.setText(f"+ {n}{unit}")  # type: ignore[attr-defined]

    def set_value(self, value: dt.datetime) -> None:
        self.value = value.replace(second=0, microsecond=0)
        self.text.setText(self.local())

    def local(self) -> str:
        return self.value.strftime(TIME_FORMAT)

    def _nudge(self, step: dt.timedelta) -> None:
        self.set_value(self.value + step)
        self.changed.emit()


class MessagePreview(QWidget):
    """The banner full size, as on the attract loop and above the pages, in both languages."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.message: Message | None = None
        self.lang = "zh"
        self.hide()

    def show_message(self, message: Message, lang: str) -> None:
        self.message, self.lang = message, lang
        host = self.parentWidget()
        if host is not None:
            self.setGeometry(host.rect())
        self.show()
        self.raise_()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.message is None:
            return
        m = theme.Metrics(max(1, self.width()), max(1, self.height()))
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(theme.BG))
        top = 0
        for lang in ("zh", "en"):  # the visitor's language first, as a visitor of each sees it
            p.save()
            p.translate(0, top)
            paint_attract_band(p, self.width(), m, self.message, lang)
            p.restore()
            top += welcome_height(m, self.message) + m.px(40)
        p.setPen(QColor(theme.MUTED))
        p.drawText(self.rect().adjusted(0, 0, 0, -m.px(40)),
                   Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter,
                   f"{t('msg.preview_close', 'zh')}  ·  {t('msg.preview_close', 'en')}")
        p.end()


class MessagesScreen(QWidget):
    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.messages: list[Message] = []
        self.editing = 0  # id of the message in the form; 0 = a new one
        self.heading = w.label("", "admH1", self)
        self.rule = w.label("", "admMuted", self, wrap=True)
        self.new_btn = w.button("", "accent", self)
        self.new_btn.clicked.connect(self.new_message)
        self.list_card = w.card(self)
        self.list_lay = QVBoxLayout(self.list_card)
        self.empty = w.label("", "admMuted", self.list_card)
        self.rows: list[QWidget] = []
        # the form
        self.form = w.card(self)
        self.kind = w.Segmented(KINDS, self.form)
        self.text_zh, self.text_en = QLineEdit(self.form), QLineEdit(self.form)
        for edit in (self.text_zh, self.text_en):
            edit.setMaxLength(TEXT_MAX_CHARS)
            edit.setMinimumHeight(theme.MIN_TAP)
        self.lab_zh = w.label("", "admLabel", self.form)
        self.lab_en = w.label("", "admLabel", self.form)
        self.lab_start, self.lab_end = (w.label("", "admLabel", self.form),
                                        w.label("", "admLabel", self.form))
        self.start, self.end = DateTimePicker(self.form), DateTimePicker(self.form)
        self.problems = w.label("", "admMuted", self.form, wrap=True)
        self.save_btn = w.button("", "accent", self.form)
        self.delete_btn = w.button("", "danger", self.form)
        self.preview_btn = w.button("", "", self.form)
        self.save_btn.clicked.connect(self.save)
        self.delete_btn.clicked.connect(self.delete)
        self.preview_btn.clicked.connect(self.show_preview)
        fl = QVBoxLayout(self.form)
        fl.setContentsMargins(26, 20, 26, 20)
        fl.addWidget(self.kind)
        for lab, edit in ((self.lab_zh, self.text_zh), (self.lab_en, self.text_en)):
            fl.addWidget(lab)
            fl.addWidget(edit)
        times = QHBoxLayout()
        for lab, picker in ((self.lab_start, self.start), (self.lab_end, self.end)):
            col = QVBoxLayout()
            col.addWidget(lab)
            col.addWidget(picker)
            times.addLayout(col)
        fl.addLayout(times)
        fl.addWidget(self.problems)
        actions = QHBoxLayout()
        actions.addWidget(self.preview_btn)
        actions.addStretch(1)
        actions.addWidget(self.delete_btn)
        actions.addWidget(self.save_btn)
        fl.addLayout(actions)
        fl.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.new_btn)
        body = QHBoxLayout()
        body.addWidget(self.list_card, 2)
        body.addWidget(self.form, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(36, 28, 36, 28)
        lay.addLayout(top)
        lay.addWidget(self.rule)
        lay.addLayout(body, 1)
        self.preview = MessagePreview(ctx.window)  # over the whole screen
        self.new_message()
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.heading.setText(t("nav.messages", lang))
        self.rule.setText(t("msg.rule", lang))
        self.new_btn.setText(t("msg.new", lang))
        self.empty.setText(t("msg.empty", lang))
        self.kind.set_texts({k: t(f"msg.kind.{k}", lang) for k in KINDS})
        for lab, key in ((self.lab_zh, "msg.text_zh"), (self.lab_en, "msg.text_en"),
                         (self.lab_start, "msg.start"), (self.lab_end, "msg.end")):
            lab.setText(t(key, lang))
        self.save_btn.setText(t("msg.save", lang))
        self.delete_btn.setText(t("msg.delete", lang))
        self.preview_btn.setText(t("msg.preview", lang))
        self.start.retranslate(lang)
        self.end.retranslate(lang)
        self._fill()

    # --- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.ctx.db.db_call(curated.list_messages, self._loaded, on_error=self._toast_error)

    def _toast_error(self, exc: Exception) -> None:
        self.ctx.toast(t("error", self.ctx.lang, e=exc))

    def _loaded(self, messages: list[Message]) -> None:
        self.messages = list(messages)
        self._fill()

    def _fill(self) -> None:
        for row in self.rows:
            self.list_lay.removeWidget(row)
            row.deleteLater()
        self.rows = []
        while self.list_lay.count():
            self.list_lay.takeAt(0)
        self.list_lay.addWidget(self.empty)
        self.empty.setVisible(not self.messages)
        lang = self.ctx.lang
        for msg in reversed(self.messages):  # the latest first
            same_day = msg.ends_at[:10] == msg.starts_at[:10]
            until = msg.ends_at[-5:] if same_day else msg.ends_at
            b = w.button(f"{t(f'msg.kind.{msg.kind}', lang)}   {msg.starts_at} – {until}"
                         f"\n{msg.text.get(lang)}", "ghost", self.list_card)
            b.clicked.connect(lambda _c=False, m=msg: self.edit(m))
            self.list_lay.addWidget(b)
            self.rows.append(b)
        self.list_lay.addStretch(1)

    def new_message(self) -> None:
        # the showroom's local time (engage.timezone), not the PC's: the next 5-minute mark
        now = dt.datetime.strptime(self.ctx.window.schedule.now_local(), TIME_FORMAT)
        now += dt.timedelta(minutes=5 - now.minute % 5)
        self.edit(Message("welcome", Text("", ""), now.strftime(TIME_FORMAT),
                          (now + dt.timedelta(hours=2)).strftime(TIME_FORMAT)))

    def edit(self, msg: Message) -> None:
        self.editing = msg.id
        self.kind.set_value(msg.kind)
        self.text_zh.setText(msg.text.zh)
        self.text_en.setText(msg.text.en)
        self.start.set_value(dt.datetime.strptime(msg.starts_at, TIME_FORMAT))
        self.end.set_value(dt.datetime.strptime(msg.ends_at, TIME_FORMAT))
        self.problems.setText("")
        self.delete_btn.setVisible(bool(msg.id))

    def current(self) -> Message:
        return Message(self.kind.value, Text(self.text_zh.text().strip(),
                                             self.text_en.text().strip()),
                       self.start.local(), self.end.local(), self.editing)

    def save(self) -> None:
        msg = self.current()
        self.ctx.db.db_call(lambda db: curated.save_message(db, msg), self._saved,
                            on_error=self._save_failed)

    def _save_failed(self, exc: Exception) -> None:
        if isinstance(exc, curated.MessageRefused):  # the curator's input: said beside it
            self.problems.setText(t("msg.refused", self.ctx.lang, p="; ".join(exc.problems)))
        else:
            self._toast_error(exc)

    def _saved(self, message_id: int) -> None:
        lang = self.ctx.lang
        self.editing = int(message_id)
        self.delete_btn.show()
        self.problems.setText("")
        self.ctx.toast(t("msg.saved", lang))
        self.ctx.window.content.reload()
        self.refresh()

    def delete(self) -> None:
        if not self.editing:
            return
        mid = self.editing
        self.ctx.db.db_call(lambda db: curated.delete_message(db, mid), self._deleted,
                            on_error=self._toast_error)

    def _deleted(self, _none: None) -> None:
        self.ctx.toast(t("msg.deleted", self.ctx.lang))
        self.new_message()
        self.ctx.window.content.reload()
        self.refresh()

    def show_preview(self) -> None:
        self.preview.show_message(self.current(), self.ctx.lang)
