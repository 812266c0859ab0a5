"""Learning curves: a smoothed success rate over training episodes."""

from __future__ import annotations

import numpy as np

from kiosk.analysis.series import finite_pairs


def smoothed_success(episodes: np.ndarray, rate: np.ndarray, *,
                     span: float = 20.0) -> tuple[np.ndarray, np.ndarray]:
    """(episodes, smoothed rate) in episode order: an exponential moving average over ``span``
    episodes, bias-corrected so the first points are not pulled towards zero."""
    ep, r = finite_pairs(episodes, rate)
    order = np.argsort(ep, kind="stable")
    ep, r = ep[order], r[order]
    alpha = 2.0 / (span + 1.0)
    out = np.empty_like(r)
    acc = norm = 0.0
    # a plain recursion: exact, stable for any length, and fast enough for a chart's episodes
    for i, x in enumerate(r.tolist()):
        acc = (1.0 - alpha) * acc + alpha * x
        norm = (1.0 - alpha) * norm + alpha
        out[i] = acc / norm
    return ep, out
