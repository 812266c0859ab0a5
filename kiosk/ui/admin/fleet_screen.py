"""Fleet / 展厅屏幕: every kiosk of the showroom as the author sees it, and what to do with them.

Built from the author's roster (``kiosk.fleet.roster.Roster``) and listening to it: a change of
one kiosk redraws that kiosk's row only. The buttons call the author (``FleetActions``) on the
asyncio loop; nothing here waits on the network.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.ui import theme
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.strings import bilingual_reason, t

log = logging.getLogger(__name__)
T = TypeVar("T")

CONFIRM_MS = 4000          # a restart needs a second tap within this time
THUMB = QSize(256, 144)    # 16:9, like the screens themselves
PHASE_CHIP = {"active": "admChipOk", "failed": "admChipBad", "idle": "admChipMuted",
              "downloading": "admChipWarn", "verifying": "admChipWarn", "staged": "admChipWarn",
              "applying": "admChipWarn", "rolled_back": "admChipBad"}
FEED_COLOR = {"live": theme.ACCENT, "replay": theme.ACCENT2, "stale": theme.ACCENT2,
              "offline": "#FF6B6B"}


class FleetActions(Protocol):
    """What the fleet screen asks of the author (``kiosk.fleet.author.Author``)."""

    roster: Any

    async def publish(self, *, canary: Sequence[str] = ()) -> Any:
        """Sign the current content and roll it out (canaries first when given): a Rollout."""
        ...

    async def screenshot(self, kiosk: str) -> bytes:
        """Ask a kiosk for a screenshot (the roster keeps it too)."""
        ...

    async def command(self, kiosk: str, name: str) -> Any:
        """Send ``identify`` or ``restart`` to a kiosk and wait for its answer."""
        ...


def duration(seconds: float, lang: str) -> str:
    """12 s, 5 min, 3 h 20 min, 2 d: how long a kiosk has been gone, at a glance."""
    s = max(0, round(seconds))
    zh = lang == "zh"
    if s < 60:
        return f"{s} 秒" if zh else f"{s} s"
    m = s // 60
    if m < 60:
        return f"{m} 分钟" if zh else f"{m} min"
    h, m = divmod(m, 60)
    if h < 48:
        return (f"{h} 小时 {m} 分" if zh else f"{h} h {m} min") if m else (
            f"{h} 小时" if zh else f"{h} h")
    return f"{h // 24} 天" if zh else f"{h // 24} d"


def ago(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return "—"
    return t("fleet.ago", lang, d=duration(seconds, lang))


class Thumbnail(QWidget):
    """The kiosk's latest screenshot, or a quiet placeholder saying there is none yet."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedSize(THUMB)
        self.image: QImage | None = None
        self.placeholder = ""
        self.stale = False
        self._png: bytes | None = None

    def set_png(self, png: bytes | None) -> None:
        if png is self._png or png == self._png:
            return
        self._png = png
        img = QImage.fromData(png) if png else QImage()
        self.image = None if img.isNull() else img.scaled(
            THUMB * 2, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(QPen(QColor(theme.CARD_LINE), 1))
        p.setBrush(QColor(theme.BG2))
        p.drawRoundedRect(r, 12, 12)
        if self.image is not None:
            img = self.image.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                    Qt.TransformationMode.SmoothTransformation)
            x = (self.width() - img.width()) / 2
            y = (self.height() - img.height()) / 2
            p.drawImage(int(x), int(y), img)
            if self.stale:  # an old picture of a kiosk that is gone: dimmed
                p.fillRect(self.rect(), QColor(8, 18, 35, 150))
        else:
            f = QFont(theme.FONT_FAMILY)
            f.setPixelSize(16)
            p.setFont(f)
            p.setPen(QColor(theme.MUTED))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.placeholder)
        p.end()


class KioskRow(QFrame):
    """One kiosk: screenshot, name, state, content, phase, feeds, and its buttons."""

    def __init__(self, fleet: FleetScreen, entry: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("admRow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.fleet = fleet
        self.key: str = entry.key
        self.entry = entry
        self._restart_armed = False
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 14, 18, 14)
        lay.setSpacing(20)
        self.thumb = Thumbnail(self)
        lay.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        text = w.Column(self, spacing=8)
        head = QHBoxLayout()
        head.setSpacing(10)
        self.name = w.label("", "admH2", self)
        self.ident = w.label("", "admSmall", self)
        head.addWidget(self.name)
        head.addWidget(self.ident, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        text.lay.addLayout(head)
        chips = QHBoxLayout()
        chips.setSpacing(8)
        self.state_chip = w.chip("", "admChipMuted", self)
        self.version_chip = w.chip("", "admChipMuted", self)
        self.phase_chip = w.chip("", "admChipMuted", self)
        self.canary_chip = w.chip("", "admChipWarn", self)
        for c in (self.state_chip, self.version_chip, self.phase_chip, self.canary_chip):
            chips.addWidget(c)
        chips.addStretch(1)
        text.lay.addLayout(chips)
        self.reason = w.label("", "admError", self, wrap=True)
        self.details = w.label("", "admMuted", self, wrap=True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        text.add(self.reason)
        text.add(self.details)
        text.lay.addStretch(1)
        lay.addWidget(text, 1)
        buttons = QVBoxLayout()
        buttons.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(10)
        self.shot_btn = w.button("", "", self)
        self.identify_btn = w.button("", "", self)
        top.addWidget(self.shot_btn)
        top.addWidget(self.identify_btn)
        bottom = QHBoxLayout()
        bottom.setSpacing(10)
        self.canary_btn = w.button("", "", self)
        self.canary_btn.setCheckable(True)
        self.canary_btn.setObjectName("admSeg")
        self.restart_btn = w.button("", "danger", self)
        bottom.addWidget(self.canary_btn)
        bottom.addWidget(self.restart_btn)
        buttons.addLayout(top)
        buttons.addLayout(bottom)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.shot_btn.clicked.connect(lambda: fleet.take_screenshot(self.key))
        self.identify_btn.clicked.connect(lambda: fleet.identify(self.key))
        self.restart_btn.clicked.connect(self._restart_clicked)
        self.canary_btn.toggled.connect(lambda _on: fleet.canaries_changed())
        self._disarm = QTimer(self)
        self._disarm.setSingleShot(True)
        self._disarm.setInterval(CONFIRM_MS)
        self._disarm.timeout.connect(self._disarm_restart)
        self.update_entry(entry)

    @property
    def canary(self) -> bool:
        return self.canary_btn.isChecked()

    def _restart_clicked(self) -> None:
        if not self._restart_armed:  # two taps: a slip of the finger restarts nothing
            self._restart_armed = True
            self.restart_btn.setText(t("fleet.restart_confirm", self.fleet.ctx.lang))
            self._disarm.start()
            return
        self._disarm_restart()
        self.fleet.restart(self.key)

    def _disarm_restart(self) -> None:
        self._disarm.stop()
        self._restart_armed = False
        self.restart_btn.setText(t("fleet.restart", self.fleet.ctx.lang))

    def update_entry(self, entry: Any, now: float | None = None) -> None:
        """Redraw from the roster's entry (also every second, for the "… ago" texts)."""
        self.entry = entry
        lang = self.fleet.ctx.lang
        now = self.fleet.clock() if now is None else now
        self.name.setText(html.escape(entry.label))
        self.ident.setText(entry.key)
        lost = entry.lost_for(now)
        if entry.online:
            state, chip = t("fleet.online", lang), "admChipOk"
        elif entry.state == "lost":
            state, chip = t("fleet.lost_for", lang, d=duration(lost or 0, lang)), "admChipBad"
        elif entry.state == "disconnected":
            state, chip = t("fleet.off_for", lang, d=duration(lost or 0, lang)), "admChipMuted"
        else:
            state, chip = t("fleet.unknown", lang), "admChipMuted"
        self._chip(self.state_chip, "● " + state, chip)
        version = entry.content_version
        self._chip(self.version_chip, t("fleet.version", lang, v=version) if version is not None
                   else t("fleet.no_version", lang), "admChipMuted")
        phase = entry.phase or "idle"
        key = f"fleet.phase.{phase}"
        label = t(key, lang) if _has(key) else phase
        if entry.target_version is not None and phase not in ("idle", "active"):
            label += f" v{entry.target_version}"
        self._chip(self.phase_chip, label, PHASE_CHIP.get(phase, "admChipMuted"))
        self.canary_chip.setText(t("fleet.canary", lang))
        self.canary_chip.setVisible(self.canary)
        self.reason.setText(f"⚠ {bilingual_reason(entry.reason)}" if entry.reason else "")
        self.reason.setVisible(bool(entry.reason))
        seen = (now - entry.last_seen) if entry.last_seen else None
        parts = [f"{t('fleet.last_seen', lang)} {ago(seen, lang)}"]
        # a kiosk that is gone: its feeds as last reported, greyed (nobody knows them now)
        feeds = _feeds_html(entry.feeds, lang, current=entry.online)
        if feeds:
            parts.append(feeds)
        touch = entry.health.get("last_touch_s") if isinstance(entry.health, dict) else None
        if touch is not None:
            parts.append(f"{t('fleet.last_touch', lang)} {ago(touch, lang)}")
        err = entry.health.get("last_error") if isinstance(entry.health, dict) else ""
        text = "   ·   ".join(parts)
        if err:
            text += f"<br><span style='color:{theme.MUTED}'>{html.escape(str(err))}</span>"
        self.details.setText(text)
        self.thumb.placeholder = t("fleet.no_shot", lang)
        self.thumb.set_png(entry.screenshot_png)
        self.thumb.stale = not entry.online
        self.thumb.update()
        self.shot_btn.setEnabled(entry.online)
        self.identify_btn.setEnabled(entry.online)
        self.restart_btn.setEnabled(entry.online)

    @staticmethod
    def _chip(c: Any, text: str, name: str) -> None:
        c.setText(text)
        if c.objectName() != name:
            c.setObjectName(name)
            w.repolish(c)

    def retranslate(self) -> None:
        lang = self.fleet.ctx.lang
        self.shot_btn.setText(t("fleet.shot", lang))
        self.identify_btn.setText(t("fleet.identify", lang))
        self.canary_btn.setText(t("fleet.canary", lang))
        self._disarm_restart()
        self.update_entry(self.entry)


def _has(key: str) -> bool:
    from kiosk.ui.admin.strings import S
    return key in S


def _feeds_html(feeds: dict[str, Any], lang: str, *, current: bool = True) -> str:
    out = []
    for name, feed in sorted(feeds.items()):
        if isinstance(feed, dict):  # a Feed from the roster, or its JSON form
            state, age = str(feed.get("state", "")), feed.get("age_s")
        else:
            state, age = str(getattr(feed, "state", "")), getattr(feed, "age_s", None)
        inst = t(f"inst.{name}", lang) if _has(f"inst.{name}") else name
        key = f"fleet.feed.{state}"
        st = t(key, lang) if _has(key) else state
        color = FEED_COLOR.get(state, theme.MUTED) if current else "#55677F"
        age_txt = f" {age:.0f} s" if isinstance(age, int | float) and state != "live" else ""
        out.append(f"{html.escape(inst)} <span style='color:{color}'>● {html.escape(st)}"
                   f"{age_txt}</span>")
    return "  ".join(out)


class FleetScreen(QWidget):
    """The author's view of the fleet; ``actions`` is the running author."""

    def __init__(self, ctx: AdminContext, actions: FleetActions, parent: QWidget | None = None,
                 *, clock: Callable[[], float] = time.time):
        super().__init__(parent)
        self.ctx = ctx
        self.author = actions
        self.roster = actions.roster
        self.clock = clock
        self.rows: dict[str, KioskRow] = {}
        self.busy = False
        self.rollout: Any = None             # the rollout started from this screen
        self.last_result: object = None      # the last action's outcome (tests read it)
        self.tasks: set[asyncio.Task[Any]] = set()
        self.heading = w.label("", "admH1", self)
        self.summary = w.label("", "admMuted", self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.publish_card = w.card(self)
        pl = QHBoxLayout(self.publish_card)
        pl.setContentsMargins(26, 20, 26, 20)
        pl.setSpacing(14)
        pt = w.Column(self.publish_card, spacing=6)
        self.publish_title = w.label("", "admH2", pt)
        self.publish_hint = w.label("", "admMuted", pt, wrap=True)
        pt.add(self.publish_title)
        pt.add(self.publish_hint)
        self.canary_btn = w.button("", "", self.publish_card)
        self.publish_btn = w.button("", "accent", self.publish_card)
        pl.addWidget(pt, 1)
        pl.addWidget(self.canary_btn)
        pl.addWidget(self.publish_btn)
        self.result = w.label("", "admOkNote", self, wrap=True)
        self.result.hide()

        self.empty = w.label("", "admMuted", self, wrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroller = w.scroll_area(self)
        self.list_host = QWidget()
        self.list_lay = QVBoxLayout(self.list_host)
        self.list_lay.setContentsMargins(0, 0, 12, 0)
        self.list_lay.setSpacing(12)
        self.list_lay.addStretch(1)
        self.scroller.setWidget(self.list_host)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.summary)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(36, 28, 36, 20)
        lay.setSpacing(18)
        lay.addLayout(top)
        lay.addWidget(self.publish_card)
        lay.addWidget(self.result)
        lay.addWidget(self.empty)
        lay.addWidget(self.scroller, 1)
        self.publish_btn.clicked.connect(lambda: self.publish(canaries=False))
        self.canary_btn.clicked.connect(lambda: self.publish(canaries=True))
        # "lost for 2 min" keeps counting while the screen shows
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.refresh_times)
        self._unsubscribe = self.roster.subscribe(self.on_entry)
        follow = getattr(actions, "subscribe_rollout", None)
        self._unfollow = follow(self.rollout_changed) if follow is not None else (lambda: None)
        for entry in self.roster.entries():
            self.on_entry(entry)
        self.retranslate()

    # --- model → widgets ---------------------------------------------------------------------
    def on_entry(self, entry: Any) -> None:
        """The roster changed one kiosk: add, redraw or remove its row."""
        row = self.rows.get(entry.key)
        if entry.state == "removed":
            if row is not None:
                self.list_lay.removeWidget(row)
                row.deleteLater()
                del self.rows[entry.key]
        elif row is None:
            row = KioskRow(self, entry, self.list_host)
            row.retranslate()
            self.rows[entry.key] = row
            keys = sorted(self.rows)
            self.list_lay.insertWidget(keys.index(entry.key), row)
        else:
            row.update_entry(entry)
        self._update_summary()

    def refresh_times(self) -> None:
        now = self.clock()
        for row in self.rows.values():
            row.update_entry(row.entry, now)
        self._update_summary()

    def _update_summary(self) -> None:
        lang = self.ctx.lang
        entries = [r.entry for r in self.rows.values()]
        online = sum(1 for e in entries if e.online)
        lost = sum(1 for e in entries if e.state == "lost")
        failed = sum(1 for e in entries if e.phase == "failed")
        parts = [f"<span style='color:{theme.ACCENT}'>● {t('fleet.n_online', lang, n=online)}"
                 "</span>"]
        if lost:
            parts.append(f"<span style='color:#FF6B6B'>● {t('fleet.n_lost', lang, n=lost)}</span>")
        if failed:
            parts.append(f"<span style='color:#FF6B6B'>⚠ {t('fleet.n_failed', lang, n=failed)}"
                         "</span>")
        parts.append(t("fleet.n_total", lang, n=len(entries)))
        self.summary.setText("   ".join(parts))
        self.empty.setVisible(not entries)

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.heading.setText(t("nav.fleet", lang))
        self.publish_title.setText(t("fleet.publish_title", lang))
        self.publish_hint.setText(t("fleet.publish_hint", lang))
        self.publish_btn.setText(t("fleet.publish_all", lang))
        self.empty.setText(t("fleet.empty", lang))
        for row in self.rows.values():
            row.retranslate()
        self.canaries_changed()
        self._update_summary()

    def canaries_changed(self) -> None:
        n = len(self.canaries())
        self.canary_btn.setText(t("fleet.publish_canaries", self.ctx.lang, n=n))
        self.canary_btn.setEnabled(n > 0 and not self.busy)
        for row in self.rows.values():
            row.canary_chip.setVisible(row.canary)

    def canaries(self) -> list[str]:
        return [k for k, r in sorted(self.rows.items()) if r.canary]

    def activate(self) -> None:
        self.refresh_times()
        self._tick.start()

    def deactivate(self) -> None:
        self._tick.stop()

    def close_screen(self) -> None:
        self._tick.stop()
        self._unsubscribe()
        self._unfollow()

    # --- actions -----------------------------------------------------------------------------
    def _run(self, coro: Coroutine[Any, Any, T], done: Callable[[T], None],
             failed: Callable[[Exception], None]) -> None:
        """Await ``coro`` on the loop; then ``done(result)``, or ``failed(exception)``."""
        async def wrapped() -> None:
            try:
                result = await coro
            except Exception as exc:  # shown to the curator, never raised into Qt
                log.warning("fleet action failed: %s", exc)
                self.last_result = exc
                failed(exc)
                return
            self.last_result = result
            done(result)
        task = asyncio.ensure_future(wrapped())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _show_result(self, text: str, *, ok: bool) -> None:
        self.result.setObjectName("admOkNote" if ok else "admMissing")
        self.result.setText(text)
        w.repolish(self.result)
        self.result.show()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.publish_btn.setEnabled(not busy)
        self.canaries_changed()

    def publish(self, *, canaries: bool) -> None:
        if self.busy:
            return
        chosen = self.canaries() if canaries else []
        if canaries and not chosen:
            return
        self._set_busy(True)
        lang = self.ctx.lang
        self._show_result(t("fleet.publishing", lang), ok=True)
        self._run(self.author.publish(canary=chosen), self._published, self._publish_failed)

    def _publish_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._show_result(f"<b>{t('fleet.publish_failed', 'zh')}<br>"
                          f"{t('fleet.publish_failed', 'en')}</b><br>"
                          f"{html.escape(str(exc))}", ok=False)

    def _published(self, result: Any) -> None:
        self.rollout = result
        if hasattr(result, "over") and not result.over:   # a Rollout: follow its waves
            self.rollout_changed(result)
            return
        self._set_busy(False)
        self._show_rollout(result)

    def rollout_changed(self, r: Any) -> None:
        """The author's rollout moved on (a wave done, a kiosk active or failed)."""
        if r is not self.rollout:
            return
        if getattr(r, "over", True):
            self._set_busy(False)
        self._show_rollout(r)

    def _show_rollout(self, r: Any) -> None:
        rel = getattr(r, "release", None)
        version = getattr(rel, "version", r)
        wave = getattr(r, "wave", "done")
        fmt = {"v": version, "a": len(getattr(r, "active", ())),
               "f": len(getattr(r, "failures", {}))}
        lines = [f"{t(f'fleet.wave.{wave}', lang, **fmt)}" for lang in ("zh", "en")]
        text = "<br>".join(html.escape(x) for x in lines)
        reason = getattr(r, "reason", "")
        if reason:
            text += f"<br>{html.escape(reason)}"
        self._show_result(("✓ " if wave == "done" else "") + text, ok=wave != "stopped")

    def take_screenshot(self, key: str) -> None:
        self.ctx.toast(t("fleet.shot_asked", self.ctx.lang))
        self._kiosk_action(key, "shot", self.author.screenshot(key))

    def identify(self, key: str) -> None:
        self._kiosk_action(key, "identify", self.author.command(key, "identify"))

    def restart(self, key: str) -> None:
        self._kiosk_action(key, "restart", self.author.command(key, "restart"))

    def _kiosk_action(self, key: str, what: str, coro: Coroutine[Any, Any, Any]) -> None:
        """One kiosk's action; a toast names the kiosk, done or failed and why."""
        self._run(coro, lambda _r: self.ctx.toast(t(f"fleet.done.{what}", self.ctx.lang,
                                                    k=self._kiosk_name(key))),
                  lambda exc: self.ctx.toast(t("fleet.action_failed", self.ctx.lang,
                                               k=self._kiosk_name(key),
                                               e=bilingual_reason(str(exc)))))

    def _kiosk_name(self, key: str) -> str:
        row = self.rows.get(key)
        return row.entry.label if row is not None else key


def buttons_of(row: KioskRow) -> list[QPushButton]:
    """The row's touch targets (tests check their size)."""
    return [row.shot_btn, row.identify_btn, row.canary_btn, row.restart_btn]
