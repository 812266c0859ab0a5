"""Channels: one measured quantity each, with a bounded ring buffer of (t, v) samples."""

from __future__ import annotations

import collections
import time
from collections.abc import Callable

import numpy as np

from kiosk.instruments import (  # noqa: F401  (re-exported: the catalogue lives there)
    CHANNELS,
    HARD_CAP,
    MIN_CAPACITY,
    ChannelSpec,
    channels_of,
)


class RateMeter:
    """Samples per second over the last ~10 s, in O(1) per update."""

    def __init__(self, *, bucket_s: float = 1.0, buckets: int = 10) -> None:
        self._bucket_s = bucket_s
        self._done: collections.deque[tuple[float, int]] = collections.deque(maxlen=buckets)
        self._start: float | None = None
        self._count = 0

    def add(self, n: int, now: float) -> None:
        if self._start is None:
            self._start = now
        elif now - self._start >= self._bucket_s:
            self._done.append((self._start, self._count))
            self._start, self._count = now, 0
        self._count += n

    def rate(self, now: float) -> float:
        if self._start is None:
            return 0.0
        first = self._done[0][0] if self._done else self._start
        span = now - first
        total = sum(c for _, c in self._done) + self._count
        return total / span if span > 0.5 else 0.0


class Channel:
    """A bounded ring buffer of float64 (t, v) samples.

    ``t`` is unix seconds. ``version`` grows on every change so a chart can skip redraws.
    """

    def __init__(self, spec: ChannelSpec, *, capacity: int | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.spec = spec
        cap = spec.capacity if capacity is None else int(capacity)
        self.capacity = max(1, min(cap, HARD_CAP))
        self._t = np.zeros(self.capacity, dtype=np.float64)
        self._v = np.zeros(self.capacity, dtype=np.float64)
        self._head = 0  # next write index
        self._size = 0
        self._clock = clock
        self.samples_total = 0
        self.last_t: float | None = None
        self.last_v: float | None = None
        self.last_arrival: float | None = None  # monotonic
        self.version = 0
        self.rate_meter = RateMeter()

    @property
    def name(self) -> str:
        return self.spec.name

    def __len__(self) -> int:
        return self._size

    def _arrived(self, n: int, arrival: float | None) -> None:
        now = self._clock() if arrival is None else arrival
        self.last_arrival = now
        self.samples_total += n
        self.rate_meter.add(n, now)
        self.version += 1

    def append(self, t: float, v: float, *, arrival: float | None = None) -> None:
        self._t[self._head] = t
        self._v[self._head] = v
        self._head = (self._head + 1) % self.capacity
        self._size = min(self._size + 1, self.capacity)
        self.last_t, self.last_v = float(t), float(v)
        self._arrived(1, arrival)

    def extend(self, t: np.ndarray, v: np.ndarray, *, arrival: float | None = None) -> None:
        """Append a batch; only the newest ``capacity`` samples of it are kept."""
        t = np.asarray(t, dtype=np.float64).ravel()
        v = np.asarray(v, dtype=np.float64).ravel()
        if t.shape != v.shape:
            raise ValueError(f"{self.name}: t and v lengths differ ({t.size} != {v.size})")
        n = t.size
        if n == 0:
            return
        keep_t, keep_v = t[-self.capacity:], v[-self.capacity:]
        k = keep_t.size
        first = min(k, self.capacity - self._head)
        self._t[self._head:self._head + first] = keep_t[:first]
        self._v[self._head:self._head + first] = keep_v[:first]
        if k > first:
            self._t[:k - first] = keep_t[first:]
            self._v[:k - first] = keep_v[first:]
        self._head = (self._head + k) % self.capacity
        self._size = min(self._size + k, self.capacity)
        self.last_t, self.last_v = float(t[-1]), float(v[-1])
        self._arrived(n, arrival)

    def clear(self) -> None:
        self._head = self._size = 0
        self.version += 1

    def snapshot(self) -> tuple[np.ndarray, np.ndarray]:
        """Copies of (t, v) in arrival order, oldest first, as contiguous arrays."""
        if self._size < self.capacity:
            return self._t[:self._size].copy(), self._v[:self._size].copy()
        h = self._head
        return (np.concatenate((self._t[h:], self._t[:h])),
                np.concatenate((self._v[h:], self._v[:h])))

    def nbytes(self) -> int:
        return self._t.nbytes + self._v.nbytes
