"""One live chart: a titled card with a pyqtgraph plot, a status badge and live annotations."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QLineF, QObject, QPointF, Qt
from PySide6.QtGui import QColor, QEventPoint, QTouchEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.charts import texts
from kiosk.charts.annotate import Findings, analyse
from kiosk.charts.spec import ChartSpec, axis_title, with_span
from kiosk.charts.traces import TimeTrace, paired
from kiosk.content.queries import Text
from kiosk.sensors.channels import CHANNELS, Channel, ChannelSpec
from kiosk.sensors.fallback import FallbackStatus
from kiosk.ui import theme
from kiosk.ui.charts.axes import KioskAxis, style_axis
from kiosk.ui.widgets import layout_of

BIG_SERIES = 1500  # above this many points a series is drawn with a 1 px pen, no antialiasing
ANALYSIS_EVERY_S = 0.5
LIMITS_EVERY_S = 0.5
BADGE_ROLES = {"live": "accent", "replay": "accent2", "offline": "muted"}
PX_PER_REDRAW = 1.0  # a scrolling time chart is redrawn once it has moved a pixel, not before
MIN_REDRAW_HZ = 4.0


def badge_colour(mode: str) -> str:
    return str(getattr(theme.palette(), BADGE_ROLES.get(mode, "muted")))


def _extent(arrays: list[np.ndarray]) -> tuple[float, float] | None:
    finite = [a[np.isfinite(a)] for a in arrays if a.size]
    finite = [a for a in finite if a.size]
    if not finite:
        return None
    return min(float(a.min()) for a in finite), max(float(a.max()) for a in finite)


def _padded(lo: float, hi: float, frac: float = 0.08) -> tuple[float, float]:
    span = hi - lo
    pad = span * frac if span > 0 else max(abs(hi) * 0.05, 1.0)
    return lo - pad, hi + pad


def _spanned(data: tuple[float, float] | None, span: tuple[float, float] | None,
             frac: float) -> tuple[float, float] | None:
    """The range to show: the data padded, at least the expected ``span``; a span's low end
    (0 mL, 0 counts) stays at the axis' edge while the data does not go below it."""
    ext = with_span(data, span)
    if ext is None:
        return None
    lo, hi = _padded(*ext, frac)
    if span is not None and (data is None or data[0] >= span[0]):
        lo = span[0] - 0.01 * (hi - lo)
    return lo, hi


class _TouchFilter(QObject):
    """Fingers on the plot: one drags, two pinch-zoom about their centre by the ratio of their
    distances. Read from the touch points themselves: QPinchGesture is unreliable from
    touchscreens (it is made for trackpads) and warns when it finds no target."""

    def __init__(self, view: ChartView) -> None:
        super().__init__(view)
        self.view = view
        self._last: dict[int, QPointF] = {}

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() not in _TOUCH or not isinstance(event, QTouchEvent):
            return False
        now = {p.id(): QPointF(p.position()) for p in event.points()
               if p.state() != QEventPoint.State.Released}
        if event.type() in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            now = {}
        last, self._last = self._last, now
        common = sorted(set(now) & set(last))
        if len(common) >= 2:
            a, b = common[:2]
            before = QLineF(last[a], last[b]).length()
            after = QLineF(now[a], now[b]).length()
            if before > 1.0 and after > 1.0:
                self.view.zoom_at((now[a] + now[b]) / 2, after / before)
        elif len(common) == 1 and len(now) == 1 and len(last) == 1:
            self.view.pan_by(last[common[0]], now[common[0]])
        event.accept()
        return True


_TOUCH = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd,
          QEvent.Type.TouchCancel)


class ChartView(QFrame):
    """Draws one ``[[charts]]`` entry from whatever channels the fallback hands it."""

    def __init__(self, title: Text, spec: ChartSpec, *,
                 known: Mapping[str, ChannelSpec] = CHANNELS, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("chartCard")
        self.title_text, self.spec, self.known = title, spec, known
        self.lang = "zh"
        self.unit = 1.0
        self.follow = True  # live auto-range; a visitor's drag or pinch turns it off
        self.redraws = 0
        self.findings: Findings | None = None
        self.status: FallbackStatus | None = None
        self._seen: dict[str, tuple[int, int]] = {}
        self._next_analysis = 0.0
        self._next_limits = 0.0
        self._badge_text = ""
        self._setting_range = False
        self._traces = {n: TimeTrace(n, window_s=spec.window_s) for n in spec.y + spec.y2} \
            if spec.is_time else {}

        self.title = QLabel(self)
        self.title.setObjectName("chartTitle")
        self.title.setWordWrap(True)  # a long title wraps instead of pushing the badge off
        self.badge = QLabel(self)
        self.badge.setObjectName("chartBadge")
        self.note = QLabel(self)
        self.note.setObjectName("chartNote")
        self.legend = QLabel(self)
        self.legend.setObjectName("chartLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)

        sides = ("left", "bottom") + (("right",) if spec.y2 else ())
        axes = {k: KioskAxis(k) for k in sides}
        self.plot = pg.PlotWidget(parent=self, background=theme.palette().card, axisItems=axes)
        self.palette_name = theme.palette().name
        self.text_scale = 1.0
        self.plot.setAntialiasing(False)
        self.axes = axes
        pi = self.plot.getPlotItem()
        pi.hideButtons()
        pi.setMenuEnabled(False)
        # no pyqtgraph grid: its lines cost more to paint than 600,000 samples (ticks instead)
        self.vb: pg.ViewBox = pi.getViewBox()
        self.vb.disableAutoRange()
        self.vb.sigRangeChangedManually.connect(self._visitor_moved)
        self.vb2: pg.ViewBox | None = None
        if spec.y2:
            self.vb2 = pg.ViewBox(enableMenu=False)
            self.vb2.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # the main view pans
            self.vb2.disableAutoRange()
            pi.showAxis("right")
            pi.scene().addItem(self.vb2)
            axes["right"].linkToView(self.vb2)
            self.vb2.setXLink(self.vb)
            self.vb.sigResized.connect(self._sync_vb2)
        self.curves: dict[str, pg.PlotDataItem] = {}
        for i, name in enumerate(spec.y + spec.y2):
            color = self._series_colour(i, name)
            curve = pg.PlotDataItem(pen=pg.mkPen(color, width=2, cosmetic=True),
                                    antialias=True, skipFiniteCheck=True)
            if spec.symbols and name in spec.y:
                curve.setSymbol("o")
                curve.setSymbolSize(6)
                curve.setSymbolBrush(pg.mkBrush(color))
                curve.setSymbolPen(None)
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
            (self.vb2 if name in spec.y2 and self.vb2 is not None else self.vb).addItem(curve)
            self.curves[name] = curve
        self._thin: dict[str, bool] = dict.fromkeys(self.curves, False)
        self._colors = {n: c.opts["pen"].color().name() for n, c in self.curves.items()}
        self._build_markers()

        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        sub = QHBoxLayout()
        sub.setContentsMargins(0, 0, 0, 0)
        sub.addWidget(self.note, 1)
        sub.addWidget(self.legend, 0)
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addLayout(sub)
        lay.addWidget(self.plot, 1)
        self.plot.viewport().setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.plot.viewport().installEventFilter(_TouchFilter(self))
        self.apply_scale(1.0)
        self.set_language("zh")
        self.reset()

    def _series_colour(self, i: int, name: str) -> str:
        pal, spec = theme.palette(), self.spec
        if spec.analysis == "learning" and name in spec.y:
            return pal.chart_raw  # the raw rate stays in the background, the trend in front
        if name in spec.y2 and len(spec.y2) == 1:
            return pal.accent2
        return pal.series[i % len(pal.series)]

    # --- markers ------------------------------------------------------------------------
    def _build_markers(self) -> None:
        self.eq_line = pg.InfiniteLine(angle=90)
        self.eq_dot = pg.ScatterPlotItem(size=16)
        self.half_dot = pg.ScatterPlotItem(size=13)
        self.peak_dots = pg.ScatterPlotItem(size=11, symbol="t", pen=None)
        self.peak_labels: list[pg.TextItem] = []
        self.smooth = pg.PlotDataItem(antialias=True)
        self._colour_markers()
        for item in (self.eq_line, self.eq_dot, self.half_dot, self.peak_dots, self.smooth):
            item.setVisible(False)
            self.vb.addItem(item, ignoreBounds=True)

    def _colour_markers(self) -> None:
        pal = theme.palette()
        self.eq_line.setPen(pg.mkPen(pal.muted, width=1, style=Qt.PenStyle.DashLine))
        self.eq_dot.setBrush(pg.mkBrush(QColor(pal.accent)))
        self.eq_dot.setPen(pg.mkPen(pal.text, width=2))
        self.half_dot.setBrush(pg.mkBrush(pal.accent2))
        self.half_dot.setPen(pg.mkPen(pal.text, width=1.5))
        self.peak_dots.setBrush(pg.mkBrush(pal.accent2))
        self.smooth.setPen(pg.mkPen(pal.accent, width=3, cosmetic=True))
        for label in self.peak_labels:
            label.setColor(pal.text)

    def apply_theme(self) -> None:
        """Re-colour for the palette in force (high contrast on or off)."""
        pal = theme.palette()
        self.palette_name = pal.name
        self.plot.setBackground(pal.card)
        for i, (name, curve) in enumerate(self.curves.items()):
            self._colors[name] = colour = self._series_colour(i, name)
            curve.setPen(pg.mkPen(colour, width=1 if self._thin[name] else 2, cosmetic=True))
            if self.spec.symbols and name in self.spec.y:
                curve.setSymbolBrush(pg.mkBrush(colour))
        self._colour_markers()
        self.apply_scale(self.unit, self.text_scale)

    def _peak_label(self, i: int) -> pg.TextItem:
        while len(self.peak_labels) <= i:
            item = pg.TextItem(color=theme.palette().text, anchor=(0.5, 1.15))
            self.vb.addItem(item, ignoreBounds=True)
            self.peak_labels.append(item)
        return self.peak_labels[i]

    def _show_findings(self) -> None:
        f = self.findings
        ep = f.equivalence if f is not None else None
        self.eq_line.setVisible(ep is not None)
        self.eq_dot.setVisible(ep is not None)
        self.half_dot.setVisible(ep is not None and ep.pka is not None)
        if ep is not None:
            self.eq_line.setValue(ep.volume_ml)
            self.eq_dot.setData([ep.volume_ml], [ep.ph])
            if ep.pka is not None and ep.half_volume_ml is not None:
                self.half_dot.setData([ep.half_volume_ml], [ep.pka])
        peaks = f.peaks if f is not None else ()
        self.peak_dots.setVisible(bool(peaks))
        if peaks:
            self.peak_dots.setData([p.rt for p, _ in peaks], [y for _, y in peaks])
        font = self.axes["bottom"].style.get("tickFont")
        for i, (p, y) in enumerate(peaks):
            label = self._peak_label(i)
            label.setText(texts.text("peak_label", self.lang, rt=p.rt))
            if font is not None:
                label.setFont(font)
            label.setPos(p.rt, y)
            label.setVisible(True)
        for label in self.peak_labels[len(peaks):]:
            label.setVisible(False)
        smooth = f is not None and f.smooth_x is not None and f.smooth_x.size > 1
        self.smooth.setVisible(smooth)
        if smooth:
            self.smooth.setData(f.smooth_x, f.smooth_y)  # type: ignore[union-attr]
        self._set_label(self.note, f.line(self.lang) if f is not None else "")

    # --- data ---------------------------------------------------------------------------
    def redraw_hz(self, data_hz: float) -> float:
        """How often a redraw shows something new: as often as samples come, but a time chart
        no more often than it scrolls PX_PER_REDRAW pixels (30 s across 400 px: 13 Hz); the
        samples between two redraws are drawn together in the next."""
        if not self.spec.is_time:
            return data_hz
        px_per_s = max(1.0, float(self.vb.width())) / self.spec.window_s
        return min(data_hz, max(MIN_REDRAW_HZ, px_per_s / PX_PER_REDRAW))

    def _changed(self, channels: Mapping[str, Channel]) -> bool:
        seen = {n: (id(ch), ch.version) for n, ch in channels.items()}
        if seen == self._seen:
            return False
        self._seen = seen
        return True

    def show_status(self, status: FallbackStatus, now: float) -> bool:
        """Redraw from ``status`` if any of its channels changed; True when it redrew."""
        self.status = status
        self.update_badge(status)
        chans = status.channels
        if any(n not in chans for n in self.spec.channels) or not self._changed(chans):
            return False
        if self.spec.is_time:
            series = self._time_series(chans)
        else:
            last = self.spec.run == "last"
            series = {n: paired(chans[self.spec.x], chans[n], last=last)
                      for n in self.spec.y + self.spec.y2}
        for name, (x, y) in series.items():
            self._set_curve(name, x, y)
        if self.spec.analysis and now >= self._next_analysis and self.spec.y[0] in series:
            self._next_analysis = now + ANALYSIS_EVERY_S
            x, y = series[self.spec.y[0]]
            self.findings = analyse(self.spec.analysis, x, y, smooth_span=self.spec.smooth_span)
            self._show_findings()
        if now >= self._next_limits:
            self._next_limits = now + LIMITS_EVERY_S
            self._apply_limits(series)
        if self.follow:
            self._follow(series)
        self.redraws += 1
        return True

    def _time_series(self, chans: Mapping[str, Channel]
                     ) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        for name, trace in self._traces.items():
            trace.follow(chans[name])
        ends = [t.last_t for t in self._traces.values() if t.last_t is not None]
        if not ends:
            return {n: (np.empty(0), np.empty(0)) for n in self._traces}
        t_ref = max(ends)  # the newest sample sits at x = 0
        return {n: tr.xy(chans[n], t_ref) for n, tr in self._traces.items()}

    def _set_curve(self, name: str, x: np.ndarray, y: np.ndarray) -> None:
        curve = self.curves[name]
        trace = self._traces.get(name)
        thin = x.size > BIG_SERIES or (trace is not None and trace.dense)
        if thin != self._thin[name]:
            # big series: a 1 px pen without antialiasing is several times faster to paint
            self._thin[name] = thin
            curve.setPen(pg.mkPen(self._colors[name], width=1 if thin else 2, cosmetic=True))
            curve.opts["antialias"] = not thin
        curve.setData(x, y, skipFiniteCheck=True)

    # --- ranges -------------------------------------------------------------------------
    def _series_extent(self, series: Mapping[str, tuple[np.ndarray, np.ndarray]],
                       names: tuple[str, ...], axis: int) -> tuple[float, float] | None:
        return _extent([series[n][axis] for n in names if n in series])

    def _apply_limits(self, series: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> None:
        """Clamp what a visitor can reach by panning and zooming to around the data."""
        s = self.spec
        xlim: tuple[float, float] | None
        if s.is_time:
            xlim = (-s.window_s, s.window_s * 0.02)
        else:
            xlim = s.x_range or with_span(self._series_extent(series, s.y, 0), s.x_span)
        if xlim is not None:
            lo, hi = _padded(*xlim, 0.05)
            span = hi - lo
            self.vb.setLimits(xMin=lo, xMax=hi, maxXRange=span, minXRange=span / 40)
        for vb, names, fixed, yspan in ((self.vb, s.y, s.y_range, s.y_span),
                                        (self.vb2, s.y2, s.y2_range, s.y2_span)):
            if vb is None:
                continue
            ylim = fixed or with_span(self._series_extent(series, names, 1), yspan)
            if ylim is not None:
                lo, hi = _padded(*ylim, 0.25)
                span = hi - lo
                vb.setLimits(yMin=lo, yMax=hi, maxYRange=span, minYRange=span / 40)

    def _follow(self, series: Mapping[str, tuple[np.ndarray, np.ndarray]], *,
                force: bool = False) -> None:
        """Live auto-range; ranges change only when the data leaves them or shrinks a lot,
        so the axes (costly to lay out) stay put from frame to frame."""
        s = self.spec
        self._setting_range = True
        try:
            if s.is_time:
                want_x: tuple[float, float] | None = (-s.window_s, 0.0)
            else:
                want_x = s.x_range or _spanned(self._series_extent(series, s.y, 0), s.x_span,
                                               0.03)
            if want_x is not None:
                self._sticky(self.vb, 0, want_x, exact=s.is_time or s.x_range is not None,
                             force=force)
            for vb, names, fixed, yspan in ((self.vb, s.y, s.y_range, s.y_span),
                                            (self.vb2, s.y2, s.y2_range, s.y2_span)):
                if vb is None:
                    continue
                # fixed ranges get a sliver of room so the end tick labels are not cut
                want = _padded(*fixed, 0.03) if fixed else \
                    _spanned(self._series_extent(series, names, 1), yspan, 0.08)
                if want is not None:
                    if s.analysis == "peaks" and vb is self.vb and not fixed:
                        want = (want[0], want[1] + 0.15 * (want[1] - want[0]))  # room for labels
                    self._sticky(vb, 1, want, exact=fixed is not None, force=force)
        finally:
            self._setting_range = False

    @staticmethod
    def _sticky(vb: pg.ViewBox, axis: int, want: tuple[float, float], *, exact: bool,
                force: bool) -> None:
        lo, hi = vb.viewRange()[axis]
        need_lo, need_hi = want
        if not force:
            if exact and (lo, hi) == (need_lo, need_hi):
                return
            inside = need_lo >= lo and need_hi <= hi
            if not exact and inside and (hi - lo) <= 1.6 * (need_hi - need_lo):
                return
        if axis == 0:
            vb.setXRange(need_lo, need_hi, padding=0)
        else:
            vb.setYRange(need_lo, need_hi, padding=0)

    def _visitor_moved(self, *_: object) -> None:
        if not self._setting_range:
            self.follow = False

    def _to_view(self, pos: QPointF) -> QPointF:
        return self.vb.mapSceneToView(self.plot.mapToScene(pos.toPoint()))

    def zoom_at(self, pos: QPointF, factor: float) -> None:
        """Zoom by ``factor`` (>1 closer) around a viewport point, within the limits."""
        if factor <= 0:
            return
        self.follow = False
        self.vb.scaleBy((1.0 / factor, 1.0 / factor), center=self._to_view(pos))

    def pan_by(self, start: QPointF, end: QPointF) -> None:
        """Move the data with a finger from ``start`` to ``end`` (viewport points)."""
        d = self._to_view(end) - self._to_view(start)
        if d.isNull():
            return
        self.follow = False
        self.vb.translateBy(x=-d.x(), y=-d.y())

    def reset(self) -> None:
        """Back to live auto-range: the idle reset undoes a visitor's pinch and drag."""
        self.follow = True
        if self.spec.is_time:
            self._setting_range = True
            self.vb.setXRange(-self.spec.window_s, 0.0, padding=0)
            self._setting_range = False
        series = {n: (c.xData if c.xData is not None else np.empty(0),
                      c.yData if c.yData is not None else np.empty(0))
                  for n, c in self.curves.items()}
        self._follow(series, force=True)

    def _sync_vb2(self) -> None:
        if self.vb2 is not None:
            self.vb2.setGeometry(self.vb.sceneBoundingRect())
            self.vb2.linkedViewChanged(self.vb, self.vb2.XAxis)

    # --- text ---------------------------------------------------------------------------
    @staticmethod
    def _set_label(label: QLabel, text: str) -> None:
        if label.text() != text:
            label.setText(text)
        label.setVisible(bool(text))

    def update_badge(self, status: FallbackStatus | None = None) -> None:
        status = status or self.status
        if status is None:
            return
        mode = status.mode if status.mode in BADGE_ROLES else "offline"
        text = texts.badge_text(mode, self.lang, age_s=status.age_s,
                                recording_date=status.recording_date)
        if text != self._badge_text:
            self._badge_text = text
            self.badge.setText(f"● {text}")
            self.badge.setProperty("mode", mode)
            self.badge.setStyleSheet(f"color: {badge_colour(mode)};")

    def set_language(self, lang: str) -> None:
        self.lang = lang
        s = self.spec
        self.title.setText(self.title_text.get(lang))
        xlabel = (s.x_label.get(lang) if s.x_label else
                  (texts.text("time_axis", lang) + (" (s)" if lang == "en" else "（秒）"))) \
            if s.is_time else axis_title((s.x,), s.x_label, lang, known=self.known)
        px = round(17 * self.unit * self.text_scale)
        for axis in self.axes.values():
            axis.lang = lang
        style_axis(self.axes["bottom"], px=px, label=xlabel)
        style_axis(self.axes["left"], px=px,
                   label=axis_title(s.y, s.y_label, lang, known=self.known))
        if s.y2:
            style_axis(self.axes["right"], px=px,
                       label=axis_title(s.y2, s.y2_label, lang, known=self.known),
                       color=theme.palette().accent2 if len(s.y2) == 1 else theme.palette().muted)
        self._set_label(self.legend, self._legend_html(lang))
        self._badge_text = ""
        self.update_badge()
        self._show_findings()
        for axis in self.axes.values():
            axis.picture = None  # tick labels depend on the language (万 / k)
            axis.update()

    def _legend_html(self, lang: str) -> str:
        s = self.spec
        names = [lb.get(lang) for lb in s.names] + [self.known[n].label(lang)
                                                    for n in (s.y + s.y2)[len(s.names):]]
        entries = list(zip([self._colors[n] for n in s.y + s.y2], names, strict=True))
        if s.analysis == "learning":
            entries.append((theme.palette().accent, texts.text("smoothed", lang)))
        if len(entries) < 2:
            return ""
        return "&nbsp;&nbsp;&nbsp;".join(
            f'<span style="color:{c}">■</span>&nbsp;{name}' for c, name in entries)

    def apply_scale(self, unit: float, text_scale: float = 1.0) -> None:
        """Sizes follow the screen (1.0 at 1920×1080) so labels read from a step away; text
        (titles, ticks, annotations) also follows the large-text mode."""
        self.unit, self.text_scale = unit, text_scale
        pal = theme.palette()

        def px(v: float) -> int:
            return max(1, round(v * unit))

        def fpx(v: float) -> int:
            return max(1, round(v * unit * text_scale))

        line = px(2) if pal is theme.HIGH_CONTRAST else 1
        self.setStyleSheet(
            f"#chartCard {{ background: {pal.card}; border: {line}px solid {pal.card_line};"
            f" border-radius: {px(16)}px; }}"
            f"#chartTitle {{ font-size: {fpx(23)}px; font-weight: 700; color: {pal.text}; }}"
            f"#chartBadge {{ font-size: {fpx(18)}px; font-weight: 600; padding: 0 {px(4)}px; }}"
            f"#chartNote {{ font-size: {fpx(19)}px; color: {pal.accent}; }}"
            f"#chartLegend {{ font-size: {fpx(16)}px; color: {pal.muted}; }}"
            "QLabel { background: transparent; border: none; }")
        self.legend.setWordWrap(text_scale > 1.01)
        self.plot.setMinimumHeight(px(150))  # large text never squeezes the plot away
        self.note.setWordWrap(True)
        layout_of(self).setContentsMargins(px(16), px(12), px(12), px(8))
        layout_of(self).setSpacing(px(4))
        self.set_language(self.lang)
