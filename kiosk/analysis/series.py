"""Helpers for drawing one channel against another."""

from __future__ import annotations

import numpy as np


def finite_pairs(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two series as flat float64 arrays of equal length, keeping only pairs where both are
    finite: instruments send NaN, and a feed may stop between the two channels."""
    a = np.asarray(x, dtype=np.float64).ravel()
    b = np.asarray(y, dtype=np.float64).ravel()
    n = min(a.size, b.size)
    a, b = a[:n], b[:n]
    ok = np.isfinite(a) & np.isfinite(b)
    return a[ok], b[ok]


def pair_by_time(xt: np.ndarray, xv: np.ndarray, yt: np.ndarray, yv: np.ndarray, *,
                 max_hold_s: float = 5.0, tolerance_s: float = 1e-6
                 ) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) points: each y sample paired with the latest x sample at or before it.

    Feeds that stamp x and y with the same time pair exactly; separate messages (x published
    a moment before y, e.g. the dosed volume then the pH read after it) pair with the held x.
    Y samples with no x in the last ``max_hold_s`` are dropped.
    """
    xt = np.asarray(xt, dtype=np.float64)
    yt = np.asarray(yt, dtype=np.float64)
    if xt.size == 0 or yt.size == 0:
        return np.empty(0), np.empty(0)
    order = np.argsort(xt, kind="stable")
    xs, xvs = xt[order], np.asarray(xv, dtype=np.float64)[order]
    idx = np.searchsorted(xs, yt + tolerance_s, side="right") - 1
    ok = idx >= 0
    idx_c = np.clip(idx, 0, None)
    ok &= (yt - xs[idx_c]) <= max_hold_s
    return xvs[idx_c[ok]], np.asarray(yv, dtype=np.float64)[ok]


def last_run(x: np.ndarray, *, drop: float = 0.0) -> int:
    """Index where the current run starts: just after the last fall of ``x`` by more than ``drop``.

    Titrant volume and retention time restart at zero for each sample or run.
    """
    x = np.asarray(x, dtype=np.float64)
    if x.size < 2:
        return 0
    falls = np.flatnonzero(np.diff(x) < -drop)
    return int(falls[-1] + 1) if falls.size else 0
