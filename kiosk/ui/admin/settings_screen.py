"""Settings: visitor timings, language and pointer; sound; accessibility defaults; the PIN;
data sources; exit to desktop."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk import settings
from kiosk.curation import audit, pin
from kiosk.settings import INSTRUMENTS
from kiosk.ui.access.modes import TEXT_SCALES
from kiosk.ui.access.strings import t as access_t
from kiosk.ui.admin import overrides
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.pinpad import PinPad
from kiosk.ui.admin.strings import both, t

# the accessibility defaults a curator may set: the text size, then the four switches
SCALE_KEYS = {f"{s:g}": s for s in TEXT_SCALES}  # "1", "1.5", "2"
SCALE_LABELS = dict(zip(SCALE_KEYS, ("size_100", "size_150", "size_200"), strict=True))
ACCESS_SWITCHES = ("high_contrast", "reach", "reduce_motion", "read_aloud")


def scale_key(value: float) -> str:
    """The text-size choice nearest to a stored scale."""
    return min(SCALE_KEYS, key=lambda k: abs(SCALE_KEYS[k] - float(value)))


class ChangePinFlow:
    """Current PIN, new PIN, new PIN again: three rounds of the PIN pad, checked off-thread."""

    def __init__(self, ctx: AdminContext, pad: PinPad):
        self.ctx, self.pad = ctx, pad
        self.step = "old"
        self.old = self.new = ""
        pad.submitted.connect(self._entered)

    def start(self) -> None:
        self.step, self.old, self.new = "old", "", ""
        self._prompt()
        self.pad.open_pad()

    def _prompt(self, message: str = "", kind: str = "info") -> None:
        self.pad.set_prompt(f"{t('set.change_pin', 'zh')} · {t('set.change_pin', 'en')}",
                            both(f"pin.{self.step}"))
        self.pad.show_message(message, kind)

    def _entered(self, value: str) -> None:
        if self.step == "old":
            self.pad.set_busy(True)
            self.ctx.db.db_call(lambda db: pin.check_pin(db, value),
                                lambda ok: self._checked(value, ok), on_error=self._failed)
        elif self.step == "new":
            try:
                pin.validate_pin(value)
            except pin.PinError:
                self._prompt(both("pin_too_short"), "error")
                return
            self.new, self.step = value, "again"
            self._prompt()
        else:
            if value != self.new:
                self.step = "new"
                self._prompt(both("pin.mismatch"), "error")
                return
            self.pad.set_busy(True)
            new = self.new
            self.ctx.db.db_call(lambda db: pin.set_pin(db, new, via="admin"), self._changed,
                                on_error=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.pad.set_busy(False)
        self._prompt(both("error", e=exc), "error")

    def _checked(self, value: str, ok: bool) -> None:
        self.pad.set_busy(False)
        if ok is True:
            self.old, self.step = value, "new"
            self._prompt()
            return
        if ok is False:  # a wrong current PIN is audited like a failed entry, never logged
            self.ctx.db.db_call(lambda db: audit.record(db, "pin_failed", detail="change PIN"))
        self._prompt(both("pin.old_wrong"), "error")

    def _changed(self, _none: None) -> None:
        self.pad.set_busy(False)
        self.pad.close_pad()
        self.ctx.toast(t("pin.changed", self.ctx.lang))


def grid_card(parent: QWidget) -> tuple[QFrame, QGridLayout, QLabel]:
    """A card of label/control rows under a title (row 0)."""
    card = w.card(parent)
    grid = QGridLayout(card)
    grid.setContentsMargins(26, 22, 26, 26)
    grid.setHorizontalSpacing(28)
    grid.setVerticalSpacing(18)
    title = w.label("", "admH2", card)
    grid.addWidget(title, 0, 0, 1, 2)
    return card, grid, title


class SettingsScreen(QWidget):
    cursor: w.Segmented  # type: ignore[assignment]  # shadows the QWidget method of that name
    scroll: QScrollArea  # type: ignore[assignment]  # shadows the QWidget method of that name
    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.values: dict[str, Any] = overrides.effective(ctx.cfg, {})
        self.loads = 0
        self.scroll = w.scroll_area(self)
        body = w.Column(spacing=22)
        body.lay.setContentsMargins(0, 0, 16, 40)
        self.heading = w.label("", "admH1", body)
        body.add(self.heading)

        # visitor mode
        self.visitor_card, grid, self.visitor_title = grid_card(body)
        s_idle = settings.BY_KEY["ui.idle_timeout_s"]
        s_attract = settings.BY_KEY["ui.attract_interval_s"]
        self.idle = w.Stepper(minimum=float(s_idle.min or 5), maximum=float(s_idle.max or 3600),
                              step=15, parent=self.visitor_card)
        self.attract = w.Stepper(minimum=float(s_attract.min or 2),
                                 maximum=float(s_attract.max or 120), step=1,
                                 parent=self.visitor_card)
        self.language = w.Segmented(("zh", "en"), self.visitor_card)
        self.language.set_texts({"zh": "中文", "en": "English"})
        self.cursor = w.Segmented(("off", "on"), self.visitor_card)
        self.row_labels = []
        for r, control in enumerate((self.idle, self.attract, self.language, self.cursor), 1):
            lab = w.label("", "", self.visitor_card)
            self.row_labels.append(lab)
            grid.addWidget(lab, r, 0)
            grid.addWidget(control, r, 1, Qt.AlignmentFlag.AlignLeft)
        self.precedence = w.label("", "admSmall", self.visitor_card, wrap=True)
        self.reset_btn = w.button("", "ghost", self.visitor_card)
        grid.addWidget(self.precedence, 5, 0)
        grid.addWidget(self.reset_btn, 5, 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        body.add(self.visitor_card)
        self.idle.changed.connect(lambda v: self._set("ui.idle_timeout_s", v))
        self.attract.changed.connect(lambda v: self._set("ui.attract_interval_s", v))
        self.language.changed.connect(lambda v: self._set("ui.default_language", v))
        self.cursor.changed.connect(lambda v: self._set("ui.show_cursor", v == "on"))
        self.reset_btn.clicked.connect(self._reset)

        # PIN
        self.pin_card = w.card(body)
        pl = QHBoxLayout(self.pin_card)
        pl.setContentsMargins(26, 22, 26, 22)
        self.pin_title = w.label("", "admH2", self.pin_card)
        self.pin_btn = w.button("", "", self.pin_card)
        pl.addWidget(self.pin_title, 1)
        pl.addWidget(self.pin_btn)
        body.add(self.pin_card)
        self.pin_pad = PinPad(ctx.window, clock=ctx.clock)
        self.pin_flow = ChangePinFlow(ctx, self.pin_pad)
        self.pin_btn.clicked.connect(self.pin_flow.start)

        # sound: narrations and videos (curators mute the hall for a meeting)
        self.sound_card, sg, self.sound_title = grid_card(body)
        self.sound_on = w.Segmented(("on", "off"), self.sound_card)
        s_vol = settings.BY_KEY["audio.volume"]
        self.volume = w.Stepper(minimum=float(s_vol.min or 0), maximum=float(s_vol.max or 100),
                                step=10, parent=self.sound_card)
        self.quiet = QLineEdit(self.sound_card)
        self.quiet.setObjectName("admInput")
        self.quiet.setPlaceholderText("12:00-13:30")
        self.quiet_btn = w.button("", "", self.sound_card)
        quiet_row = QWidget(self.sound_card)
        qr = QHBoxLayout(quiet_row)
        qr.setContentsMargins(0, 0, 0, 0)
        qr.addWidget(self.quiet, 1)
        qr.addWidget(self.quiet_btn)
        self.sound_labels = []
        for r, control in enumerate((self.sound_on, self.volume, quiet_row), 1):
            lab = w.label("", "", self.sound_card, wrap=True)
            self.sound_labels.append(lab)
            sg.addWidget(lab, r, 0)
            sg.addWidget(control, r, 1, Qt.AlignmentFlag.AlignLeft if control is not quiet_row
                         else Qt.AlignmentFlag.AlignVCenter)
        sg.setColumnStretch(1, 1)
        body.add(self.sound_card)
        self.sound_on.changed.connect(lambda v: self._set("audio.enabled", v == "on"))
        self.volume.changed.connect(lambda v: self._set("audio.volume", int(v)))
        self.quiet_btn.clicked.connect(
            lambda: self._set("audio.quiet_hours", self.quiet.text().strip()))

        # accessibility defaults: e.g. large text on a screen mounted low
        self.access_card, ag, self.access_title = grid_card(body)
        self.text_scale = w.Segmented(tuple(SCALE_KEYS), self.access_card)
        self.access_switches = {name: w.Segmented(("on", "off"), self.access_card)
                                for name in ACCESS_SWITCHES}
        self.access_labels = []
        controls = (self.text_scale, *self.access_switches.values())
        for r, control in enumerate(controls, 1):
            lab = w.label("", "", self.access_card, wrap=True)
            self.access_labels.append(lab)
            ag.addWidget(lab, r, 0)
            ag.addWidget(control, r, 1, Qt.AlignmentFlag.AlignLeft)
        self.access_note = w.label("", "admSmall", self.access_card, wrap=True)
        ag.addWidget(self.access_note, len(controls) + 1, 0, 1, 2)
        ag.setColumnStretch(1, 1)
        body.add(self.access_card)
        self.text_scale.changed.connect(
            lambda v: self._set("access.text_scale", SCALE_KEYS[v]))
        for name, seg in self.access_switches.items():
            seg.changed.connect(lambda v, name=name: self._set(f"access.{name}", v == "on"))

        # sensors
        self.sensor_card = w.card(body)
        self.sensor_lay = QVBoxLayout(self.sensor_card)
        self.sensor_lay.setContentsMargins(26, 22, 26, 26)
        self.sensor_lay.setSpacing(10)
        self.sensor_title = w.label("", "admH2", self.sensor_card)
        self.sensor_lay.addWidget(self.sensor_title)
        self.sensor_rows = [w.label("", "", self.sensor_card, wrap=True) for _ in INSTRUMENTS]
        for lab in self.sensor_rows:
            self.sensor_lay.addWidget(lab)
        body.add(self.sensor_card)
        self._sensor_timer = QTimer(self)
        self._sensor_timer.setInterval(2000)
        self._sensor_timer.timeout.connect(self.update_sensors)

        # system
        self.system_card = w.card(body)
        sl = QHBoxLayout(self.system_card)
        sl.setContentsMargins(26, 22, 26, 22)
        sys_text = w.Column(self.system_card, spacing=4)
        self.system_title = w.label("", "admH2", sys_text)
        self.system_hint = w.label("", "admMuted", sys_text, wrap=True)
        sys_text.add(self.system_title)
        sys_text.add(self.system_hint)
        self.quit_btn = w.button("", "danger", self.system_card)
        self.quit_btn.clicked.connect(self._quit_clicked)
        self._quit_armed = False
        self._quit_timer = QTimer(self)
        self._quit_timer.setSingleShot(True)
        self._quit_timer.setInterval(4000)
        self._quit_timer.timeout.connect(self._disarm_quit)
        sl.addWidget(sys_text, 1)
        sl.addWidget(self.quit_btn)
        body.add(self.system_card)
        body.lay.addStretch(1)
        self.scroll.setWidget(body)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(36, 28, 36, 0)
        lay.addWidget(self.scroll)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.heading.setText(t("nav.settings", lang))
        self.visitor_title.setText(t("set.visitor", lang))
        keys = ("set.idle", "set.attract", "set.language", "set.cursor")
        for lab, key in zip(self.row_labels, keys, strict=False):
            lab.setText(t(key, lang))
        self.idle.fmt = t("set.seconds", lang).replace("{v}", "{v:g}")
        self.attract.fmt = self.idle.fmt
        self.cursor.set_texts({"on": t("set.on", lang), "off": t("set.off", lang)})
        self.precedence.setText(t("set.precedence", lang))
        self.reset_btn.setText(t("set.reset", lang))
        self.sound_title.setText(t("set.sound", lang))
        for lab, key in zip(self.sound_labels, ("set.sound_on", "set.volume", "set.quiet"),
                            strict=True):
            lab.setText(t(key, lang))
        self.sound_on.set_texts({"on": t("set.sound_yes", lang), "off": t("set.sound_no", lang)})
        self.volume.fmt = t("set.percent", lang).replace("{v}", "{v:g}")
        self.quiet_btn.setText(t("set.quiet_save", lang))
        self.access_title.setText(t("set.access", lang))
        self.access_note.setText(t("set.access_note", lang))
        for lab, key in zip(self.access_labels, ("text_size", *ACCESS_SWITCHES), strict=True):
            lab.setText(access_t(key, lang))
        self.text_scale.set_texts({k: access_t(label, lang) for k, label in SCALE_LABELS.items()})
        for seg in self.access_switches.values():
            seg.set_texts({"on": access_t("on", lang), "off": access_t("off", lang)})
        self.pin_title.setText(t("set.pin", lang))
        self.pin_btn.setText(t("set.change_pin", lang))
        self.sensor_title.setText(t("set.sensors", lang))
        self.system_title.setText(t("set.system", lang))
        self.system_hint.setText(t("exit_desktop_hint", lang))
        self._disarm_quit()
        self._show_values()
        self.update_sensors()

    # --- values ------------------------------------------------------------------------------
    def activate(self) -> None:
        self.ctx.db.db_call(overrides.read_overrides, self._loaded, on_error=self._toast_error)
        self._sensor_timer.start()
        self.update_sensors()

    def deactivate(self) -> None:
        self._sensor_timer.stop()
        self._disarm_quit()

    def _toast_error(self, exc: Exception) -> None:
        self.ctx.toast(t("error", self.ctx.lang, e=exc))

    def _loaded(self, stored: dict[str, Any]) -> None:
        self.values = overrides.effective(self.ctx.cfg, stored)
        self.loads += 1
        self._show_values()

    def _show_values(self) -> None:
        v = self.values
        self.idle.set_value(v["ui.idle_timeout_s"])
        self.attract.set_value(v["ui.attract_interval_s"])
        self.language.set_value(v["ui.default_language"])
        self.cursor.set_value("on" if v["ui.show_cursor"] else "off")
        self.sound_on.set_value("on" if v["audio.enabled"] else "off")
        self.volume.set_value(v["audio.volume"])
        self.quiet.setText(v["audio.quiet_hours"])
        self.text_scale.set_value(scale_key(v["access.text_scale"]))
        for name, seg in self.access_switches.items():
            seg.set_value("on" if v[f"access.{name}"] else "off")

    def _set(self, key: str, value: Any) -> None:
        self.values[key] = value

        def done(saved: Any) -> None:
            self.values[key] = saved
            self.apply({key: saved})
            self.ctx.toast(t("set.applied", self.ctx.lang))
        self.ctx.db.db_call(lambda db: overrides.save_override(db, key, value), done,
                            on_error=self._toast_error)

    def apply(self, values: dict[str, Any]) -> None:
        overrides.apply_to_window(self.ctx.window, values, cursor=False)
        if "ui.show_cursor" in values:
            self.ctx.visitor_cursor(bool(values["ui.show_cursor"]))

    def _reset(self) -> None:
        def done(_none: None) -> None:
            self.values = overrides.effective(self.ctx.cfg, {})
            self.apply(self.values)
            self._show_values()
            self.ctx.toast(t("set.applied", self.ctx.lang))
        self.ctx.db.db_call(overrides.clear_overrides, done, on_error=self._toast_error)

    # --- sensors -----------------------------------------------------------------------------
    def update_sensors(self) -> None:
        lang, hub = self.ctx.lang, self.ctx.hub
        for lab, inst in zip(self.sensor_rows, INSTRUMENTS, strict=False):
            name = t(f"inst.{inst}", lang)
            if hub is None:
                lab.setText(f"<b>{name}</b>   ·   {t('set.no_hub', lang)}")
                continue
            sources = getattr(hub, "sources", {})
            if inst not in sources:
                lab.setText(f"<b>{name}</b>   ·   "
                            f"<span style='color:#9FB2CC'>{t('src.none', lang)}</span>")
                continue
            try:
                rep = hub.report(inst)
            except Exception as exc:  # a status line must never take the screen down
                lab.setText(f"<b>{name}</b>   ·   {exc}")
                continue
            state = t("src.connected" if rep.connected else "src.offline", lang)
            color = "#2EC4B6" if rep.connected else "#F2A541"
            extra = f"   ·   {t('src.rate', lang, r=rep.rate_hz)}" if rep.connected else ""
            err = (f"<br><span style='color:#9FB2CC'>{rep.last_error}</span>"
                   if rep.last_error and not rep.error_recovered else "")
            lab.setText(f"<b>{name}</b>   ·   {rep.kind}   ·   "
                        f"<span style='color:{color}'>● {state}</span>{extra}{err}")

    # --- exit to desktop ---------------------------------------------------------------------
    def _quit_clicked(self) -> None:
        if not self._quit_armed:  # two taps: a brush of the sleeve does not close the kiosk
            self._quit_armed = True
            self.quit_btn.setText(t("exit_desktop_confirm", self.ctx.lang))
            self._quit_timer.start()
            return
        self.ctx.window.allow_close = True
        # closing the last window ends the kiosk's main coroutine cleanly (sensor feeds closed);
        # QApplication.quit() would stop the asyncio loop under it
        self.ctx.window.close()

    def _disarm_quit(self) -> None:
        self._quit_armed = False
        self.quit_btn.setText(t("exit_desktop", self.ctx.lang))
