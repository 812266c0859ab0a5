"""The base class of all sources: connection state, sample sink and bad-frame accounting."""

from __future__ import annotations

import collections
import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from kiosk.sensors.channels import ChannelSpec, channels_of
from kiosk.sensors.frames import BadFrame

log = logging.getLogger("kiosk.sensors")

# sink(channel_name, t, v): t and v are floats or equal-length float64 arrays
Sink = Callable[[str, "np.ndarray | float", "np.ndarray | float"], None]

LOG_EVERY_S = 5.0


class BadFrames:
    """Counts bad frames per kind and logs them at most once per ``LOG_EVERY_S`` per source."""

    def __init__(self, owner: str, *, clock: Callable[[], float] = time.monotonic,
                 logger: logging.Logger = log) -> None:
        self.owner = owner
        self.by_kind: collections.Counter[str] = collections.Counter()
        self.total = 0
        self.last: str = ""
        self._clock = clock
        self._log = logger
        self._last_log: float | None = None
        self._since_log = 0

    def count(self, exc: BadFrame, *, n: int = 1) -> None:
        self.by_kind[exc.kind] += n
        self.total += n
        self._since_log += n
        self.last = str(exc)
        now = self._clock()
        # the first bad frame is logged at once; after that a summary every few seconds
        if self._last_log is None or now - self._last_log >= LOG_EVERY_S:
            self._log.warning("%s: %d bad frame(s) since the last report (%d in all); last: %s",
                              self.owner, self._since_log, self.total, self.last)
            self._last_log = now
            self._since_log = 0


@dataclasses.dataclass
class SourceStats:
    samples: int = 0
    last_error: str = ""
    last_error_at: float | None = None  # wall-clock time of last_error
    recovered: bool = False  # connected again since last_error: it is history, not the state
    connects: int = 0
    disconnects: int = 0


class Source:
    """One instrument's feed. ``run()`` connects, streams until the link ends and then returns
    (or raises on failure); the hub calls it again after a backoff delay."""

    kind = "none"
    is_replay = False

    def __init__(self, instrument: str, settings: Mapping[str, Any], *, sink: Sink,
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self.instrument = instrument
        self.settings = dict(settings)
        self.channels: dict[str, ChannelSpec] = channels_of(instrument)
        self._sink = sink
        self.clock = clock
        self.wall = wall
        self.connected = False
        self.connected_since: float | None = None  # monotonic
        self.stats = SourceStats()
        self.bad = BadFrames(f"{instrument} ({self.kind})", clock=clock)

    @property
    def label(self) -> str:
        return f"{self.instrument} ({self.kind})"

    def set_connected(self, up: bool, error: str = "") -> None:
        if up and not self.connected:
            self.connected_since = self.clock()
            self.stats.connects += 1
            log.info("%s: connected", self.label)
        elif not up and self.connected:
            self.stats.disconnects += 1
            # a drop with a reason is worth a warning; a plain stop at shutdown is not
            log.log(logging.WARNING if error else logging.INFO, "%s: disconnected%s",
                    self.label, f" ({error})" if error else "")
        if error:
            self.stats.last_error = error
            self.stats.last_error_at = self.wall()
            self.stats.recovered = False
        elif up and self.stats.last_error:
            self.stats.recovered = True
        self.connected = up
        if not up:
            self.connected_since = None

    def emit(self, name: str, t: np.ndarray | float, v: np.ndarray | float) -> None:
        self.stats.samples += int(np.size(v))
        self._sink(name, t, v)

    def count_bad(self, exc: BadFrame) -> None:
        self.bad.count(exc)

    async def run(self) -> None:
        raise NotImplementedError

    async def aclose(self) -> None:
        """Release what ``run`` holds when it is cancelled; sources override as needed."""
