"""What a chart draws, computed from channels without Qt.

Time charts follow a channel incrementally: each frame reads only the samples that arrived
since the last one and folds them into a min/max envelope with about one bucket per pixel,
so the cost of a frame does not grow with the number of samples held (600,000 per channel
cost the same as 5,000). Channel-against-channel charts are small and recomputed whole.
"""

from __future__ import annotations

import numpy as np

from kiosk.analysis.series import last_run, pair_by_time
from kiosk.sensors.channels import Channel

EMPTY = np.empty(0, dtype=np.float64)


def tail(ch: Channel, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The newest ``n`` samples of ``ch`` (oldest first) without copying the whole buffer."""
    n = max(0, min(int(n), len(ch)))
    method = getattr(ch, "tail", None)
    if callable(method):  # preferred: the channel's own API, when it has one
        return method(n)
    if n == 0:
        return EMPTY, EMPTY
    if all(hasattr(ch, a) for a in ("_t", "_v", "_head")):
        # the ring layout of kiosk.sensors.channels.Channel: samples end just before _head
        start = ch._head - n
        if start >= 0:
            return ch._t[start:ch._head].copy(), ch._v[start:ch._head].copy()
        return (np.concatenate((ch._t[start:], ch._t[:ch._head])),
                np.concatenate((ch._v[start:], ch._v[:ch._head])))
    t, v = ch.snapshot()
    return t[-n:], v[-n:]


class Envelope:
    """Min and max per time bucket of one channel, updated incrementally."""

    def __init__(self, *, window_s: float, buckets: int = 640) -> None:
        self.bucket_s = window_s / buckets
        self.buckets = buckets
        self.clear()

    def clear(self) -> None:
        self.idx = np.empty(0, dtype=np.int64)
        self.lo = EMPTY
        self.hi = EMPTY
        self.count = np.empty(0, dtype=np.int64)

    def add(self, t: np.ndarray, v: np.ndarray) -> None:
        if t.size == 0:
            return
        idx = np.floor(t / self.bucket_s).astype(np.int64)
        if self.idx.size:  # late samples (clock skew) fold into the newest bucket
            np.maximum(idx, self.idx[-1], out=idx)
        idx = np.maximum.accumulate(idx)
        starts = np.flatnonzero(np.diff(idx, prepend=idx[0] - 1))
        lo = np.minimum.reduceat(v, starts)
        hi = np.maximum.reduceat(v, starts)
        cnt = np.diff(np.append(starts, idx.size))
        uidx = idx[starts]
        if self.idx.size and uidx[0] == self.idx[-1]:
            self.lo[-1] = min(self.lo[-1], lo[0])
            self.hi[-1] = max(self.hi[-1], hi[0])
            self.count[-1] += cnt[0]
            uidx, lo, hi, cnt = uidx[1:], lo[1:], hi[1:], cnt[1:]
        keep = self.buckets + 2
        self.idx = np.concatenate((self.idx, uidx))[-keep:]
        self.lo = np.concatenate((self.lo, lo))[-keep:]
        self.hi = np.concatenate((self.hi, hi))[-keep:]
        self.count = np.concatenate((self.count, cnt))[-keep:]

    def since(self, t0: float) -> slice:
        first = int(np.searchsorted(self.idx, np.floor(t0 / self.bucket_s)))
        return slice(first, None)

    def samples_since(self, t0: float) -> int:
        return int(self.count[self.since(t0)].sum())

    def xy(self, t0: float, origin: float) -> tuple[np.ndarray, np.ndarray]:
        """A saw line through each bucket's min then max, x relative to ``origin``."""
        s = self.since(t0)
        x = np.repeat(self.idx[s] * self.bucket_s - origin + 0.5 * self.bucket_s, 2)
        np.minimum(x, 0.0, out=x)  # the newest bucket is only partly filled: end it at "now"
        y = np.column_stack((self.lo[s], self.hi[s])).ravel()
        return x, y


class TimeTrace:
    """One channel against time, over the last ``window_s`` seconds."""

    def __init__(self, name: str, *, window_s: float, buckets: int = 640) -> None:
        self.name = name
        self.window_s = window_s
        self.envelope = Envelope(window_s=window_s, buckets=buckets)
        self._ch_id: int | None = None
        self._total = 0
        self._len = 0
        self.last_t: float | None = None
        self.dense = False  # the last xy() was an envelope (thin pen: a thick one is very slow)

    def follow(self, ch: Channel) -> bool:
        """Fold in what arrived since the last call; True if anything changed."""
        new = ch.samples_total - self._total
        expected = min(self._len + max(new, 0), ch.capacity)
        if id(ch) != self._ch_id or new < 0 or len(ch) != expected:
            # another channel (live ↔ replay), or cleared: start over from its whole buffer
            self._ch_id = id(ch)
            self.envelope.clear()
            t, v = ch.snapshot()
            self.envelope.add(t, v)
            changed = True
        elif new > 0:
            t, v = tail(ch, min(new, len(ch)))
            self.envelope.add(t, v)
            changed = True
        else:
            changed = False
        self._total, self._len = ch.samples_total, len(ch)
        self.last_t = ch.last_t if len(ch) else None
        return changed

    def xy(self, ch: Channel, t_ref: float) -> tuple[np.ndarray, np.ndarray]:
        """Points to draw, x in seconds relative to ``t_ref`` (the newest sample: 0).

        Few samples in the window are drawn as they are; many as the envelope.
        """
        t0 = t_ref - self.window_s - self.envelope.bucket_s
        n = self.envelope.samples_since(t0)
        self.dense = n > 2 * self.envelope.buckets
        if not self.dense:
            t, v = tail(ch, n)
            return t - t_ref, v
        return self.envelope.xy(t0, t_ref)


def paired(x_ch: Channel, y_ch: Channel, *, last: bool) -> tuple[np.ndarray, np.ndarray]:
    """y against x (e.g. pH against volume), of the current run only when ``last``."""
    xt, xv = x_ch.snapshot()
    yt, yv = y_ch.snapshot()
    x, y = pair_by_time(xt, xv, yt, yv)
    if last and x.size:
        i = last_run(x)
        x, y = x[i:], y[i:]
    return x, y
