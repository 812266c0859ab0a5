"""Acid-base titration: the pH curve from the charge balance and its equivalence point."""

from __future__ import annotations

import dataclasses

import numpy as np

from kiosk.analysis.series import finite_pairs

KW = 1e-14


def ph_curve(volume_ml: np.ndarray, *, acid_conc: float, acid_volume_ml: float,
             base_conc: float, pka: float | None = None, kw: float = KW) -> np.ndarray:
    """pH after adding ``volume_ml`` of strong base to an acid (strong, or weak with ``pka``).

    Solves the charge balance [H+] + [Na+] = [OH-] + [A-] (+ [Cl-]) by bisection on pH, which
    is exact for any concentration and needs no approximations near the equivalence point.
    """
    vb = np.asarray(volume_ml, dtype=np.float64)
    total = acid_volume_ml + vb
    na = base_conc * vb / total
    acid = acid_conc * acid_volume_ml / total
    ka = None if pka is None else 10.0 ** -pka
    lo = np.full(vb.shape, -2.0)
    hi = np.full(vb.shape, 16.0)
    for _ in range(64):  # each step halves an 18-unit bracket: 64 steps reach float precision
        mid = 0.5 * (lo + hi)
        h = 10.0 ** -mid
        anion = acid if ka is None else acid * ka / (ka + h)
        excess_pos = h + na - kw / h - anion  # > 0: too acidic a guess, true pH is higher
        lo = np.where(excess_pos > 0, mid, lo)
        hi = np.where(excess_pos > 0, hi, mid)
    return 0.5 * (lo + hi)


@dataclasses.dataclass(frozen=True)
class EquivalencePoint:
    volume_ml: float
    ph: float
    half_volume_ml: float | None  # half the titrant needed to reach equivalence
    half_ph: float | None
    pka: float | None  # half-equivalence pH, for weak acids only (buffer region, basic EP)


def _clean(volume: np.ndarray, ph: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted by volume, finite only, duplicate volumes replaced by their mean pH."""
    v, p = finite_pairs(volume, ph)
    uv, inverse = np.unique(v, return_inverse=True)
    sums = np.bincount(inverse, weights=p, minlength=uv.size)
    counts = np.bincount(inverse, minlength=uv.size)
    return uv, sums / counts


def _smooth(x: np.ndarray, width: int) -> np.ndarray:
    if width <= 1 or x.size < width:
        return x
    kernel = np.ones(width) / width
    padded = np.pad(x, width // 2, mode="edge")
    return np.convolve(padded, kernel, mode="valid")


def equivalence_point(volume: np.ndarray, ph: np.ndarray, *,
                      smooth: int = 3) -> EquivalencePoint | None:
    """Volume and pH where the smoothed dpH/dV peaks; None until the curve is past the jump."""
    v, p = _clean(volume, ph)
    if v.size < 6:
        return None
    # resample on an even grid as fine as the densest dosing: two readings taken very close
    # together would otherwise turn their noise into a huge, false slope
    steps = np.diff(v)
    step = max(float(np.percentile(steps, 10)), (v[-1] - v[0]) / 5000.0)
    grid = np.arange(v[0], v[-1] + 0.5 * step, step)
    if grid.size < 6:
        return None
    slope = _smooth(np.diff(np.interp(grid, v, p)) / step, smooth)
    mids = grid[:-1] + 0.5 * step
    i = int(np.argmax(slope))
    peak = slope[i]
    after = slope[i + 1:]
    # "past the jump": the slope has clearly fallen again, the pH has risen well beyond the
    # point, and the peak stands out from the typical slope of the curve
    if (i == 0 or after.size < 2 or after.min() > 0.3 * peak
            or peak < 5.0 * max(float(np.median(np.abs(slope))), 1e-12)
            or p[-1] - np.interp(mids[i], v, p) < 1.0):
        return None
    x0, x1, x2 = mids[i - 1], mids[i], mids[i + 1]
    y0, y1, y2 = slope[i - 1], peak, slope[i + 1]
    # vertex of the parabola through the three points around the maximum (uneven spacing)
    den = (x0 - x1) * (x0 - x2) * (x1 - x2)
    a = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / den
    b = (x2 * x2 * (y0 - y1) + x1 * x1 * (y2 - y0) + x0 * x0 * (y1 - y2)) / den
    v_eq = float(np.clip(-b / (2 * a), x0, x2)) if a < 0 else float(x1)
    ph_eq = _ph_at(v, p, v_eq)
    half_v = v_eq / 2.0
    if half_v < v[0]:  # the start of the curve is not in the data
        return EquivalencePoint(volume_ml=v_eq, ph=ph_eq, half_volume_ml=None, half_ph=None,
                                pka=None)
    half_ph = float(np.interp(half_v, v, p))
    return EquivalencePoint(volume_ml=v_eq, ph=ph_eq, half_volume_ml=half_v, half_ph=half_ph,
                            pka=half_ph if (ph_eq > 7.5 and half_ph > 3.0) else None)


def _ph_at(v: np.ndarray, p: np.ndarray, v_eq: float) -> float:
    """pH at the equivalence volume.

    Where the doses are coarse compared with the jump, few readings lie on the steep part and
    a straight line through them turns a tiny volume error into a large pH error; the middle
    of the steep part is then the better estimate (exact for strong acid with strong base).
    """
    slopes = np.diff(p) / np.diff(v)
    k = int(np.argmax(slopes))
    steep = slopes >= 0.5 * slopes[k]
    lo, hi = k, k
    while lo > 0 and steep[lo - 1]:
        lo -= 1
    while hi < slopes.size - 1 and steep[hi + 1]:
        hi += 1
    width = v[hi + 1] - v[lo]
    if p[hi + 1] - p[lo] > 1.0 and v[lo] - width <= v_eq <= v[hi + 1] + width:
        return float(0.5 * (p[lo] + p[hi + 1]))
    return float(np.interp(v_eq, v, p))
