"""Never an empty chart: switch a chart's channels to a recording while the feed is down.

Pure logic with injected clocks; the UI calls ``poll(hub)`` (or ``update``) once per frame and
draws ``status.channels``.
"""

from __future__ import annotations

import dataclasses
import datetime
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from kiosk.sensors.channels import CHANNELS, Channel
from kiosk.sensors.recordings import Player, Recording

LIVE, STALE, REPLAY, OFFLINE = "live", "stale", "replay", "offline"


class HubLike(Protocol):
    channels: dict[str, Channel]

    def states(self, names: Iterable[str], now: float | None = None) -> dict[str, str]: ...


@dataclasses.dataclass(frozen=True)
class FallbackStatus:
    mode: str  # live | replay | offline: the badge 实时 Live / 回放 Replay / 离线 Offline
    channels: Mapping[str, Channel]  # what to draw
    recording: Recording | None  # in replay mode from a recording
    age_s: float | None  # since the newest sample of the drawn channels arrived
    live_age_s: float | None  # since the newest live sample arrived (None: never)

    @property
    def recording_date(self) -> datetime.date | None:
        return self.recording.date if self.recording else None


class ReplayFallback:
    """For one chart (or exhibit): live while any of its channels is live; after
    ``replay_after_s`` with none live, a recording plays into separate channels; live data
    takes over again at once. Without a usable recording the mode is offline."""

    def __init__(self, names: Sequence[str], recordings: Sequence[Recording], *,
                 replay_after_s: float = 8.0, speed: float = 1.0, prefill_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time) -> None:
        self.names = list(names)
        self.replay_after_s = replay_after_s
        self.prefill_s = prefill_s
        self.clock, self.wall = clock, wall
        wanted = set(self.names)
        self.recording = next((r for r in recordings if wanted & set(r.series)), None)
        self.replay_channels: dict[str, Channel] = {}
        self._player: Player | None = None
        if self.recording is not None:
            rec = self.recording.only(self.names)
            self.recording = rec
            self._player = Player(rec, speed=speed)
            self.replay_channels = {n: Channel(CHANNELS[n], clock=clock) for n in rec.series}
        self._down_since: float | None = None
        self._replaying = False

    def poll(self, hub: HubLike, now: float | None = None) -> FallbackStatus:
        now = self.clock() if now is None else now
        return self.update(hub.channels, hub.states(self.names, now), now)

    def update(self, live: Mapping[str, Channel], states: Mapping[str, str],
               now: float | None = None) -> FallbackStatus:
        now = self.clock() if now is None else now
        mine = {n: live[n] for n in self.names}
        live_age = _age(mine.values(), now)
        current = [states.get(n, OFFLINE) for n in self.names]
        if LIVE in current:
            self._down_since = None
            self._replaying = False
            return FallbackStatus(LIVE, mine, None, live_age, live_age)
        if current and all(s == REPLAY for s in current):  # a configured replay source
            self._down_since = None
            self._replaying = False
            return FallbackStatus(REPLAY, mine, None, live_age, live_age)
        if self._down_since is None:
            self._down_since = now
        in_grace = now - self._down_since < self.replay_after_s
        if in_grace or self._player is None:
            # stale data is still shown, with its age, until the grace time is over
            mode = LIVE if in_grace and STALE in current else OFFLINE
            self._replaying = False
            return FallbackStatus(mode, mine, None, live_age, live_age)
        if not self._replaying:
            self._replaying = True
            for ch in self.replay_channels.values():
                ch.clear()
            self._player.start(mono=now, wall=self.wall(), skip_s=self.prefill_s)
        for name, t, v in self._player.due(now):
            self.replay_channels[name].extend(t, v, arrival=now)
        return FallbackStatus(REPLAY, self.replay_channels, self.recording,
                              _age(self.replay_channels.values(), now), live_age)


def _age(channels: Iterable[Channel], now: float) -> float | None:
    arrivals = [c.last_arrival for c in channels if c.last_arrival is not None]
    return now - max(arrivals) if arrivals else None
