"""The hub: builds one source per instrument from the settings, keeps them connected and
holds every channel. States per channel: live, stale, offline or replay."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kiosk.sensors.channels import CHANNELS, Channel, RateMeter
from kiosk.sensors.sources.base import Source
from kiosk.sensors.sources.lines import SerialSource, TcpSource
from kiosk.sensors.sources.mqtt import MqttSource
from kiosk.sensors.sources.replay import ReplaySource
from kiosk.sensors.sources.simulator import SimulatorSource

log = logging.getLogger("kiosk.sensors")

INSTRUMENTS = ("titrator", "gcms", "robot")
SOURCE_TYPES: dict[str, type[Source]] = {
    "simulator": SimulatorSource, "replay": ReplaySource, "mqtt": MqttSource,
    "tcp": TcpSource, "serial": SerialSource,
}
LIVE, STALE, OFFLINE, REPLAY = "live", "stale", "offline", "replay"


class ConfigLike(Protocol):
    def section(self, prefix: str) -> dict[str, Any]: ...


class Backoff:
    """Exponential backoff with full jitter: delay drawn from [0, min(cap, base·2^n)].

    ``n`` only falls back to zero after a link that stayed up ``reset_after_s``, so a feed
    that connects and drops at once keeps backing off instead of hammering the broker.
    """

    def __init__(self, *, base: float = 0.5, cap: float = 30.0, reset_after_s: float = 20.0,
                 rng: random.Random | None = None) -> None:
        self.base, self.cap, self.reset_after_s = base, cap, reset_after_s
        self.rng = rng or random.Random()
        self.attempt = 0

    def bound(self) -> float:
        return min(self.cap, self.base * 2.0 ** min(self.attempt, 60))

    def next_delay(self) -> float:
        delay = self.rng.uniform(0.0, self.bound())
        self.attempt += 1
        return delay

    def link_was_up(self, seconds: float) -> None:
        if seconds >= self.reset_after_s:
            self.attempt = 0


@dataclasses.dataclass
class SourceReport:
    instrument: str
    kind: str
    connected: bool
    samples: int
    rate_hz: float
    bad_frames: int
    bad_by_kind: dict[str, int]
    dropped: int
    last_error: str
    retry_in_s: float | None
    last_error_at: float | None = None  # wall clock
    error_recovered: bool = False  # the source reconnected after last_error


class Hub:
    def __init__(self, config: ConfigLike, *, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time, rng: random.Random | None = None,
                 sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 backoff_base: float = 0.5, base_dir: Path | None = None,
                 capacities: dict[str, int] | None = None) -> None:
        self.clock, self.wall, self._sleep = clock, wall, sleep
        self.channels: dict[str, Channel] = {
            name: Channel(spec, clock=clock, capacity=(capacities or {}).get(name))
            for name, spec in CHANNELS.items()}
        self.sources: dict[str, Source] = {}
        self.backoffs: dict[str, Backoff] = {}
        self.retry_in: dict[str, float | None] = {}
        self._rates: dict[str, RateMeter] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._stopping = False
        rng = rng or random.Random()
        for inst in INSTRUMENTS:
            settings = dict(config.section(f"sensors.{inst}"))
            kind = str(settings.get("source", "none"))
            if kind not in SOURCE_TYPES:
                continue
            if kind == "replay" and settings.get("replay_file") and base_dir is not None:
                p = Path(str(settings["replay_file"]))
                settings["replay_file"] = str(p if p.is_absolute() else base_dir / p)
            self.sources[inst] = SOURCE_TYPES[kind](inst, settings, sink=self._ingest,
                                                    clock=clock, wall=wall)
            self.backoffs[inst] = Backoff(base=backoff_base, rng=rng)
            self.retry_in[inst] = None
            self._rates[inst] = RateMeter()

    # --- data ----------------------------------------------------------------------------
    def _ingest(self, name: str, t: np.ndarray | float, v: np.ndarray | float) -> None:
        ch = self.channels[name]
        now = self.clock()
        if np.ndim(v) == 0:
            ch.append(float(t), float(v), arrival=now)
        else:
            ch.extend(np.asarray(t), np.asarray(v), arrival=now)
        self._rates[ch.spec.instrument].add(int(np.size(v)), now)

    def channel(self, name: str) -> Channel:
        return self.channels[name]

    def state(self, name: str, now: float | None = None) -> str:
        now = self.clock() if now is None else now
        ch = self.channels[name]
        src = self.sources.get(ch.spec.instrument)
        if src is None or not src.connected:
            return OFFLINE
        if src.is_replay:
            return REPLAY
        since = src.connected_since if src.connected_since is not None else now
        ref = max(ch.last_arrival if ch.last_arrival is not None else since, since)
        return STALE if now - ref > ch.spec.stale_after_s else LIVE

    def states(self, names: Iterable[str], now: float | None = None) -> dict[str, str]:
        now = self.clock() if now is None else now
        return {n: self.state(n, now) for n in names}

    def report(self, instrument: str, now: float | None = None) -> SourceReport:
        now = self.clock() if now is None else now
        src = self.sources[instrument]
        return SourceReport(
            instrument=instrument, kind=src.kind, connected=src.connected,
            samples=src.stats.samples, rate_hz=self._rates[instrument].rate(now),
            bad_frames=src.bad.total, bad_by_kind=dict(src.bad.by_kind),
            dropped=int(getattr(src, "dropped", 0)), last_error=src.stats.last_error,
            retry_in_s=self.retry_in[instrument], last_error_at=src.stats.last_error_at,
            error_recovered=src.stats.recovered)

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        self._stopping = False
        for inst, src in self.sources.items():
            if inst not in self._tasks:
                self._tasks[inst] = asyncio.create_task(self._supervise(inst, src),
                                                        name=f"sensors-{inst}")

    async def stop(self) -> None:
        self._stopping = True
        tasks = list(self._tasks.values())
        self._tasks.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for src in self.sources.values():
            src.set_connected(False)
            await src.aclose()

    async def _supervise(self, inst: str, src: Source) -> None:
        backoff = self.backoffs[inst]
        task = asyncio.current_task()
        while not self._stopping:
            self.retry_in[inst] = None
            try:
                await src.run()
                error = "link closed"
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            # a cancel that raced with a failing connect can surface as that failure
            if self._stopping or (task is not None and task.cancelling()):
                raise asyncio.CancelledError
            up_s = self.clock() - src.connected_since if src.connected_since is not None else 0.0
            was_up = src.connected
            src.set_connected(False, error)
            backoff.link_was_up(up_s)
            delay = backoff.next_delay()
            self.retry_in[inst] = delay
            level = logging.WARNING if was_up or backoff.attempt <= 1 else logging.INFO
            log.log(level, "%s: %s; retrying in %.1f s", src.label, error, delay)
            await self._sleep(delay)
