"""Peak detection for chromatograms (TIC against retention time), numpy only."""

from __future__ import annotations

import dataclasses

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from kiosk.analysis.series import finite_pairs


@dataclasses.dataclass(frozen=True)
class Peak:
    rt: float  # retention time of the apex, in the units of t
    height: float  # above the baseline
    area: float  # above the baseline, signal × t units
    start: float
    end: float


def _moving(x: np.ndarray, width: int, how: str) -> np.ndarray:
    if width <= 1 or x.size == 0:
        return x.copy()
    width = min(width, x.size) | 1  # odd, so the window is centred
    padded = np.pad(x, width // 2, mode="edge")
    view = sliding_window_view(padded, width)
    return view.min(axis=1) if how == "min" else view.mean(axis=1)


def noise_sigma(signal: np.ndarray) -> float:
    """Robust noise level: median absolute point-to-point difference, scaled to a sigma."""
    d = np.diff(np.asarray(signal, dtype=np.float64))
    if d.size == 0:
        return 0.0
    return float(np.median(np.abs(d - np.median(d))) / 0.6745 / np.sqrt(2.0))


def baseline(signal: np.ndarray, *, width: int) -> np.ndarray:
    """A rolling minimum, then a rolling mean of it: follows slow drift, ignores narrow peaks."""
    return _moving(_moving(signal, width, "min"), width, "mean")


def find_peaks(t: np.ndarray, signal: np.ndarray, *, snr: float = 10.0,
               min_height: float = 0.0, smooth: int = 5,
               baseline_width: int | None = None) -> list[Peak]:
    """Peaks standing ``snr`` noise sigmas above a drifting baseline, in retention order.

    ``baseline_width`` (points) must be several times the widest peak; by default 1/25 of the
    trace, at least 21 points.
    """
    t, y_raw = finite_pairs(t, signal)
    order = np.argsort(t, kind="stable")
    t, y_raw = t[order], y_raw[order]
    n = t.size
    if n < 7:
        return []
    width = baseline_width or max(21, n // 25)
    base = baseline(_moving(y_raw, smooth, "mean"), width=width)
    y = _moving(y_raw, smooth, "mean") - base
    corrected = y_raw - base
    sigma = noise_sigma(y_raw)
    sigma_s = sigma / np.sqrt(max(smooth, 1))
    threshold = max(snr * sigma, min_height, 1e-300)
    is_max = np.zeros(n, dtype=bool)
    is_max[1:-1] = (y[1:-1] >= y[:-2]) & (y[1:-1] > y[2:]) & (y[1:-1] > threshold)
    taken = np.zeros(n, dtype=bool)
    peaks: list[Peak] = []
    for i in sorted(np.flatnonzero(is_max), key=lambda k: -y[k]):
        if taken[i]:
            continue
        h = y[i]
        level = max(3 * sigma_s, 0.005 * h)
        rise = max(3 * sigma_s, 0.05 * h)  # a rise this big after a dip means the next peak
        lo = _walk(y, int(i), -1, level, rise)
        hi = _walk(y, int(i), +1, level, rise)
        taken[lo:hi + 1] = True
        rt, height = _vertex(t, y, int(i))
        seg_t, seg_y = t[lo:hi + 1], corrected[lo:hi + 1]
        area = float(np.sum(0.5 * (seg_y[1:] + seg_y[:-1]) * np.diff(seg_t)))
        peaks.append(Peak(rt=rt, height=height, area=area, start=float(t[lo]), end=float(t[hi])))
    peaks.sort(key=lambda p: p.rt)
    return peaks


def _walk(y: np.ndarray, i: int, step: int, level: float, rise: float) -> int:
    """From the apex down one flank until the signal reaches ``level`` or a valley."""
    j, low_j = i, i
    while 0 < j < y.size - 1 and y[j] > level:
        j += step
        if y[j] < y[low_j]:
            low_j = j
        elif y[j] > y[low_j] + rise:
            return low_j
    return j if y[j] <= y[low_j] else low_j


def _vertex(t: np.ndarray, y: np.ndarray, i: int) -> tuple[float, float]:
    if i == 0 or i == y.size - 1:
        return float(t[i]), float(y[i])
    x0, x1, x2 = t[i - 1], t[i], t[i + 1]
    y0, y1, y2 = y[i - 1], y[i], y[i + 1]
    den = (x0 - x1) * (x0 - x2) * (x1 - x2)
    a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / den
    b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / den
    c = y1 - a * x1 * x1 - b * x1
    if a >= 0:
        return float(x1), float(y1)
    xv = float(np.clip(-b / (2 * a), x0, x2))
    return xv, float(a * xv * xv + b * xv + c)
