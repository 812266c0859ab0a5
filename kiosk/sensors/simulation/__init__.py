"""Physically grounded, deterministic models of the three instruments.

Each model maps a sample index to samples: ``block(i0, i1)`` returns, per channel, the
instrument times (``i / BASE_HZ`` seconds) and values of samples ``i0 <= i < i1``. The
result depends only on the seed and the indices, so any stretch can be regenerated exactly.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

Block = dict[str, tuple[np.ndarray, np.ndarray]]


class Model(Protocol):
    instrument: str
    BASE_HZ: float
    PACE: float  # how much faster than real time the demo plays at speed 1

    def block(self, i0: int, i1: int) -> Block: ...


def every(i0: int, i1: int, n: int) -> np.ndarray:
    """Indices in [i0, i1) that are multiples of ``n`` (channels sampled at a lower rate)."""
    first = -(-i0 // n) * n
    return np.arange(first, i1, n, dtype=np.int64)
