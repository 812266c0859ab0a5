"""The replay source: a CSV recording played in a loop as if it were the instrument."""

from __future__ import annotations

import asyncio
from pathlib import Path

from kiosk.sensors.frames import BadFrame
from kiosk.sensors.recordings import Player, RecordingError, load_recording
from kiosk.sensors.sources.base import Source

TICK_S = 0.05


class ReplaySource(Source):
    kind = "replay"
    is_replay = True

    async def run(self) -> None:
        path = Path(str(self.settings.get("replay_file", "")))
        if not str(self.settings.get("replay_file", "")):
            raise RecordingError(f"{self.instrument}: replay_file is not set")
        rec = await asyncio.to_thread(load_recording, path)
        if rec.bad_rows:
            self.bad.count(BadFrame("bad_row", "; ".join(rec.problems[:3])), n=rec.bad_rows)
        rec = rec.only(self.channels)
        if not rec.series:
            raise RecordingError(f"{path}: no channel of {self.instrument}")
        player = Player(rec, speed=float(self.settings.get("speed", 1.0)))
        player.start(mono=self.clock(), wall=self.wall())
        self.set_connected(True)
        while True:
            for name, t, v in player.due(self.clock()):
                self.emit(name, t, v)
            await asyncio.sleep(TICK_S)

