"""Live analysis for a chart's current data: what the annotations show (Qt-free)."""

from __future__ import annotations

import dataclasses

import numpy as np

from kiosk.analysis.chromatography import Peak, find_peaks
from kiosk.analysis.learning import smoothed_success
from kiosk.analysis.titration import EquivalencePoint, equivalence_point
from kiosk.charts import texts

MAX_PEAK_LABELS = 12


@dataclasses.dataclass(frozen=True)
class Findings:
    """One analysis result; ``line(lang)`` is the sentence under the chart title."""

    kind: str
    equivalence: EquivalencePoint | None = None
    peaks: tuple[tuple[Peak, float], ...] = ()  # with the signal at the apex, for the marker
    smooth_x: np.ndarray | None = None
    smooth_y: np.ndarray | None = None

    def line(self, lang: str) -> str:
        if self.kind == "equivalence":
            ep = self.equivalence
            if ep is None:
                return texts.text("waiting_equivalence", lang)
            line = texts.text("equivalence", lang, v=ep.volume_ml, ph=ep.ph)
            if ep.pka is not None:
                line += ("　" if lang == "zh" else "   ") + texts.text(
                    "half_equivalence", lang, pka=ep.pka)
            return line
        if self.kind == "peaks":
            return texts.text("peaks", lang, n=len(self.peaks))
        if self.kind == "learning" and self.smooth_y is not None and self.smooth_y.size:
            return texts.text("learning", lang, r=float(self.smooth_y[-1]))
        return ""


def analyse(kind: str, x: np.ndarray, y: np.ndarray, *, smooth_span: float = 20.0) -> Findings:
    """Run the analysis ``kind`` (equivalence, peaks, learning) on one series."""
    if kind == "equivalence":
        return Findings(kind, equivalence=equivalence_point(x, y))
    if kind == "peaks":
        if x.size < 7:
            return Findings(kind)
        found = find_peaks(x, y)
        # the strongest ones when a crowded chromatogram would bury the chart in labels
        found = sorted(sorted(found, key=lambda p: -p.height)[:MAX_PEAK_LABELS], key=lambda p: p.rt)
        order = np.argsort(x, kind="stable")
        xs, ys = x[order], y[order]
        apex = [float(np.interp(p.rt, xs, ys)) for p in found]
        return Findings(kind, peaks=tuple(zip(found, apex, strict=True)))
    if kind == "learning":
        sx, sy = smoothed_success(x, y, span=smooth_span)
        return Findings(kind, smooth_x=sx, smooth_y=sy)
    return Findings(kind)
