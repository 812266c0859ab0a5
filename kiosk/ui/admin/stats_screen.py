"""访客统计 / Statistics: the visitor figures for a date range, as charts, and exported to CSV
and XLSX (a folder or a USB stick) with a progress bar. The same report as ``kiosk stats``.

On the fleet's author a scope selector picks 本机 / this kiosk (its own ``stats.db``), 全展厅 /
the whole showroom or one kiosk (the hourly aggregates in ``fleet/fleet-stats.db``): the same
report, the same charts and export (``kiosk stats --fleet`` / ``--kiosk ID``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from kiosk.stats import fleetstore, store
from kiosk.stats.export import write_csv, write_xlsx
from kiosk.stats.report import Report, build_report
from kiosk.ui import theme
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.file_dialog import touch_file_dialog
from kiosk.ui.admin.strings import S, t

LOCAL, SITE = "local", "site"   # the scopes besides "kiosk:<site>/<id>"


@dataclasses.dataclass(frozen=True)
class Loaded:
    """What one refresh read: the report, and on the author what the fleet store knows."""

    scope: str
    report: Report | None
    kiosks: tuple[tuple[str, str], ...] = ()       # key, label of every kiosk that reported
    per_kiosk: tuple[tuple[str, int], ...] = ()    # key, visits (the showroom scope)
    complete_until: str = ""                       # local time the hourly figures reach


class DayPicker(QWidget):
    """A date moved by a day with a finger."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.value = dt.date.today()
        self.minus, self.plus = w.button("−", "icon", self), w.button("+", "icon", self)
        self.text = w.label("", "admH2", self)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.minus)
        lay.addWidget(self.text)
        lay.addWidget(self.plus)
        self.set_value(self.value)

    def set_value(self, value: dt.date) -> None:
        self.value = value
        self.text.setText(value.isoformat())


def _bars(title: str, m: theme.Metrics) -> pg.PlotWidget:
    plot = pg.PlotWidget(background=theme.CARD)
    plot.setTitle(title, color=theme.TEXT, size=f"{m.px(18)}px")
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.setMenuEnabled(False)
    for name in ("left", "bottom"):
        plot.getAxis(name).setTextPen(theme.MUTED)
        plot.getAxis(name).setPen(theme.CARD_LINE)
    return plot


class StatsScreen(QWidget):
    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self.loads = 0
        self.last_export: object = None
        self.heading = w.label("", "admH1", self)
        self.lab_since = w.label("", "admLabel", self)
        self.lab_until = w.label("", "admLabel", self)
        self.since, self.until = DayPicker(self), DayPicker(self)
        # the last 7 days of the kiosk's own calendar (its time zone, not the PC's: after 16:00
        # UTC it is already tomorrow in Shanghai, and today's visits fell outside the range)
        today = self._today()
        self.until.set_value(today)
        self.since.set_value(today - dt.timedelta(days=6))
        for picker in (self.since, self.until):
            picker.minus.clicked.connect(lambda _c=False, p=picker: self._nudge(p, -1))
            picker.plus.clicked.connect(lambda _c=False, p=picker: self._nudge(p, 1))
        self.week_btn, self.month_btn = w.button("", "", self), w.button("", "", self)
        self.week_btn.clicked.connect(lambda: self.last_days(7))
        self.month_btn.clicked.connect(lambda: self.last_days(30))
        self.export_btn = w.button("", "accent", self)
        self.export_btn.clicked.connect(self.choose_export)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.result = w.label("", "admMuted", self, wrap=True)
        self.figures = w.label("", "admH2", self, wrap=True)
        self.empty = w.label("", "admMuted", self)
        # the four charts are made when the screen first has figures to show: most admin
        # sessions never open it, and pyqtgraph views are not free
        self.charts = QWidget(self)
        self.grid = QGridLayout(self.charts)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.plots: dict[str, pg.PlotWidget] = {}
        # the scope selector: only on the fleet's author (set_fleet)
        self.scope = LOCAL
        self.fleet_path: Path | None = None
        self.fleet_site: str | None = None
        self.fleet_own: str | None = None
        self.loaded: Loaded | None = None
        self.kiosk_labels: dict[str, str] = {}
        self.scope_box = QWidget(self)
        self.scope_lay = QHBoxLayout(self.scope_box)
        self.scope_lay.setContentsMargins(0, 0, 0, 0)
        self.lab_scope = w.label("", "admLabel", self.scope_box)
        self.scope_lay.addWidget(self.lab_scope)
        self.scope_seg: w.Segmented | None = None
        self.scope_box.hide()
        self.fleet_note = w.label("", "admMuted", self, wrap=True)
        self.fleet_note.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        for x in (self.lab_since, self.since, self.lab_until, self.until, self.week_btn,
                  self.month_btn, self.export_btn):
            top.addWidget(x)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(36, 28, 36, 28)
        lay.addLayout(top)
        lay.addWidget(self.scope_box)
        lay.addWidget(self.fleet_note)
        lay.addWidget(self.progress)
        lay.addWidget(self.result)
        lay.addWidget(self.figures)
        lay.addWidget(self.empty)
        lay.addWidget(self.charts, 1)
        self.result.hide()
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.heading.setText(t("nav.stats", lang))
        self.lab_since.setText(t("st.since", lang))
        self.lab_until.setText(t("st.until", lang))
        self.week_btn.setText(t("st.week", lang))
        self.month_btn.setText(t("st.month", lang))
        self.export_btn.setText(t("st.export", lang))
        self.empty.setText(t("st.empty", lang))
        self.lab_scope.setText(t("st.scope", lang))
        self._scope_texts()
        self._show()

    # --- the scope (the fleet's author) --------------------------------------------------------
    def set_fleet(self, path: Path, site: str | None = None, own: str | None = None,
                  subscribe: Callable[[Callable[[], None]], Any] | None = None) -> None:
        """Show the scope selector over ``path`` (the author's ``fleet-stats.db``); ``own``
        (``site/id``) is this screen's kiosk, already "this kiosk" and not listed again;
        ``subscribe(callback)`` tells when new hours arrived."""
        self.fleet_path, self.fleet_site, self.fleet_own = Path(path), site, own
        self.scope_box.show()
        self._rebuild_scope(())
        if subscribe is not None:
            subscribe(self._fleet_changed)

    def _fleet_changed(self) -> None:
        if self.isVisible() and self.scope != LOCAL:
            self.refresh()

    def set_scope(self, scope: str) -> None:
        """``local``, ``site`` or ``kiosk:<site>/<id>``; reloads the figures."""
        self.scope = scope
        if self.scope_seg is not None:
            self.scope_seg.set_value(scope)
        self.refresh()

    def _rebuild_scope(self, kiosks: tuple[tuple[str, str], ...]) -> None:
        keys = [LOCAL, SITE] + [f"kiosk:{k}" for k, _label in kiosks]
        if self.scope_seg is not None and self.scope_seg.keys == keys:
            return
        self.kiosk_labels = dict(kiosks)
        if self.scope_seg is not None:
            self.scope_lay.removeWidget(self.scope_seg)
            self.scope_seg.deleteLater()
        self.scope_seg = w.Segmented(keys, self.scope_box)
        self.scope_seg.changed.connect(self.set_scope)
        self.scope_lay.addWidget(self.scope_seg, 1)
        if self.scope not in keys:
            self.scope = LOCAL
        self.scope_seg.set_value(self.scope)
        self._scope_texts()

    def _scope_texts(self) -> None:
        if self.scope_seg is None:
            return
        lang = self.ctx.lang
        texts = {LOCAL: t("st.scope.local", lang), SITE: t("st.scope.site", lang)}
        texts |= {f"kiosk:{k}": label for k, label in self.kiosk_labels.items()}
        self.scope_seg.set_texts(texts)

    # --- the range -----------------------------------------------------------------------------
    def _nudge(self, picker: DayPicker, days: int) -> None:
        picker.set_value(picker.value + dt.timedelta(days=days))
        if self.since.value > self.until.value:  # keep the range the right way round
            other = self.until if picker is self.since else self.since
            other.set_value(picker.value)
        self.refresh()

    def _today(self) -> dt.date:
        """Today in the kiosk's time zone."""
        return dt.datetime.strptime(self.ctx.window.schedule.now_local()[:10], "%Y-%m-%d").date()

    def last_days(self, n: int) -> None:
        today = self._today()
        self.until.set_value(today)
        self.since.set_value(today - dt.timedelta(days=n - 1))
        self.refresh()

    def stats_path(self) -> Path:
        return store.stats_path_for(self.ctx.db_path)

    def refresh(self) -> None:
        """Build the report in the background (the statistics file may be large)."""
        path, since, until = self.stats_path(), self.since.value, self.until.value
        tz = self.ctx.window.schedule.tz
        recorder = getattr(self.ctx.window, "stats_recorder", None)
        scope, fleet_path, site = self.scope, self.fleet_path, self.fleet_site
        own = self.fleet_own

        def local() -> Report | None:
            if recorder is not None:
                recorder.flush(5.0)  # what happened a second ago counts too
            if not path.exists():
                return None
            db = store.open_stats(path, readonly=True)
            try:
                return build_report(db, since=since, until=until, tz=tz)
            finally:
                db.close()

        def build() -> Loaded:
            if fleet_path is None or not fleet_path.exists():
                return Loaded(LOCAL if fleet_path is None else scope,
                              local() if scope == LOCAL else None)
            db = fleetstore.open_fleet_stats(fleet_path, readonly=True)
            try:
                known = tuple((k.key, k.label) for k in fleetstore.kiosks(db, site)
                              if k.key != own)
                per: tuple[tuple[str, int], ...] = ()
                if scope == LOCAL:
                    report = local()
                elif scope == SITE:
                    report = fleetstore.fleet_report(db, since=since, until=until, tz=tz,
                                                     site=site)
                    per = tuple(fleetstore.visits_by_kiosk(db, since=since, until=until, tz=tz,
                                                           site=site))
                else:
                    k_site, k_id = scope.split(":", 1)[1].split("/", 1)
                    report = fleetstore.fleet_report(db, since=since, until=until, tz=tz,
                                                     site=k_site, kiosk=k_id)
                last = fleetstore.last_hour(db, site)
            finally:
                db.close()
            upto = ""
            if last:
                from zoneinfo import ZoneInfo
                upto = dt.datetime.fromtimestamp(last + 3600, ZoneInfo(tz)).strftime(
                    "%Y-%m-%d %H:%M")
            return Loaded(scope, report, known, per, upto)

        self.ctx.media.run(build, self._loaded, on_error=self._load_failed)

    def _loaded(self, result: Loaded) -> None:
        self.loads += 1
        if result.scope != self.scope:
            return  # the curator picked another scope meanwhile: its own load follows
        self.loaded = result
        self.report = result.report
        if self.fleet_path is not None:
            self._rebuild_scope(result.kiosks)
        self._show()

    def _load_failed(self, exc: Exception) -> None:
        self.loads += 1
        self.ctx.toast(t("error", self.ctx.lang, e=exc))

    def _show(self) -> None:
        lang, r = self.ctx.lang, self.report
        m = theme.Metrics(max(1, self.width()), max(1, self.height()))
        has = r is not None and r.visits > 0
        if has and not self.plots:
            for i, key in enumerate(("per_day", "per_hour", "top_visits", "top_time")):
                self.plots[key] = _bars("", m)
                self.grid.addWidget(self.plots[key], i // 2, i % 2)
        for key, plot in self.plots.items():
            plot.setTitle(t(f"st.{key}", lang), color=theme.TEXT, size=f"{m.px(18)}px")
            plot.clear()
        self.empty.setVisible(not has)
        self.charts.setVisible(has)
        self._fleet_note(lang)
        if r is None or not has:
            self.figures.setText("")
            return
        share = "  ".join(f"{k} {v:.0%}" for k, v in sorted(r.language_share.items()))
        events = "  ·  ".join(f"{t(f'st.ev.{k}', lang)} {v}" for k, v in r.counts.items()
                              if f"st.ev.{k}" in S)
        self.figures.setText(f"{t('st.visits', lang)} {r.visits}   ·   {t('st.median', lang)} "
                             f"{r.median_visit_s:.0f} s   ·   {t('st.lang', lang)} {share}\n"
                             f"{t('st.events', lang)}: {events}")
        p = self.plots
        self._bar(p["per_day"], [d[5:] for d, _ in r.per_day], [n for _, n in r.per_day])
        self._bar(p["per_hour"], [f"{h}" for h in range(24)], list(r.per_hour))
        self._bar(p["top_visits"], [self._title(s) for s, _ in r.exhibit_visits[:8]],
                  [n for _, n in r.exhibit_visits[:8]])
        self._bar(p["top_time"], [self._title(s) for s, _ in r.exhibit_seconds[:8]],
                  [v / 60 for _, v in r.exhibit_seconds[:8]])

    def _fleet_note(self, lang: str) -> None:
        """In a fleet scope: the visits per kiosk (showroom) and how far the hours reach."""
        got = self.loaded
        if self.scope == LOCAL or got is None or self.fleet_path is None:
            self.fleet_note.hide()
            return
        lines = []
        if got.scope == SITE and got.per_kiosk:
            labels = dict(got.kiosks)
            lines.append(f"{t('st.per_kiosk', lang)}: " + "  ·  ".join(
                f"{labels.get(k, k)} {n}" for k, n in got.per_kiosk))
        lines.append(t("st.complete", lang, t=got.complete_until) if got.complete_until
                     else t("st.no_fleet", lang))
        self.fleet_note.setText("\n".join(lines))
        self.fleet_note.show()

    def _title(self, slug: str) -> str:
        """An exhibit's title in the curator's language (the slug if it is gone)."""
        ex = self.ctx.window.content.snapshot.exhibit(slug)
        return ex.title.get(self.ctx.lang) if ex is not None else slug

    @staticmethod
    def _bar(plot: pg.PlotWidget, labels: list[str], values: list[float]) -> None:
        xs = list(range(len(values)))
        plot.addItem(pg.BarGraphItem(x=xs, height=values, width=0.7, brush=theme.ACCENT))
        step = max(1, len(labels) // 12)  # at most a dozen labels: readable on any range
        plot.getAxis("bottom").setTicks([[(i, labels[i]) for i in xs[::step]]])

    def bar_heights(self, plot: pg.PlotWidget) -> list[float]:
        """What a chart shows (for tests)."""
        items = [i for i in plot.listDataItems() + plot.getPlotItem().items
                 if isinstance(i, pg.BarGraphItem)]
        return [float(h) for h in items[0].opts["height"]] if items else []

    # --- export --------------------------------------------------------------------------------
    def choose_export(self) -> None:
        dlg = touch_file_dialog(self, t("st.choose", self.ctx.lang),
                                mode=QFileDialog.FileMode.Directory, name_filter="")
        dlg.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dlg.fileSelected.connect(lambda f: self.export_to(Path(f)))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()
        self.file_dialog = dlg

    def export_to(self, folder: Path) -> None:
        r = self.report
        if r is None:
            return
        self.progress.setValue(0)
        self.progress.show()
        self.export_btn.setEnabled(False)
        self.result.setText(t("st.exporting", self.ctx.lang))
        self.result.show()
        emit = self.ctx.media.progress_emitter(lambda v: self.progress.setValue(int(v)))
        scope = "" if self.scope == LOCAL else \
            "site-" if self.scope == SITE else self.scope.split("/", 1)[-1] + "-"
        base = folder / f"kiosk-stats-{scope}{r.since}_{r.until}"

        def export() -> list[Path]:
            a = write_csv(r, base.with_suffix(".csv"), progress=lambda f: emit(f * 30))
            b = write_xlsx(r, base.with_suffix(".xlsx"), progress=lambda f: emit(30 + f * 70))
            return [a, b]

        self.ctx.media.run(export, self._exported, on_error=self._export_failed)

    def _export_ended(self, outcome: list[Path] | Exception) -> None:
        self.last_export = outcome
        self.export_btn.setEnabled(True)
        self.progress.hide()

    def _export_failed(self, exc: Exception) -> None:
        self._export_ended(exc)
        self.result.setText(t("st.failed", self.ctx.lang, e=html.escape(str(exc))))

    def _exported(self, files: list[Path]) -> None:
        self._export_ended(files)
        self.result.setText(t("st.exported", self.ctx.lang, p=", ".join(str(p) for p in files)))
