"""The simulator source: plays an instrument model in (optionally compressed) real time."""

from __future__ import annotations

import asyncio
import math

import numpy as np

from kiosk.sensors.simulation import Block, Model
from kiosk.sensors.simulation.gcms import GcmsModel
from kiosk.sensors.simulation.robot import RobotModel
from kiosk.sensors.simulation.titrator import TitratorModel
from kiosk.sensors.sources.base import Source

MODELS: dict[str, type] = {"titrator": TitratorModel, "gcms": GcmsModel, "robot": RobotModel}
TICK_S = 0.05
MAX_SLEEP_S = 1.0
MAX_CATCH_UP_S = 30.0  # after a long stall (suspend, debugger) skip ahead instead of flooding


def model_for(instrument: str, seed: int) -> Model:
    return MODELS[instrument](seed)


def simulate(instrument: str, seconds: float, *, seed: int, speed: float = 1.0) -> Block:
    """``seconds`` of played data at ``speed``: per channel (t from 0, v), no clock needed."""
    model = model_for(instrument, seed)
    rate = model.PACE * speed
    n = math.floor(seconds * rate * model.BASE_HZ)
    return {name: (t / rate, v) for name, (t, v) in model.block(0, n).items()}


class SimulatorSource(Source):
    kind = "simulator"

    async def run(self) -> None:
        model = model_for(self.instrument, int(self.settings.get("seed", 1)))
        rate = model.PACE * float(self.settings.get("speed", 1.0))
        t0_mono, t0_wall = self.clock(), self.wall()
        done = 0
        self.set_connected(True)
        while True:
            target = int((self.clock() - t0_mono) * rate * model.BASE_HZ)
            done = max(done, target - int(MAX_CATCH_UP_S * rate * model.BASE_HZ))
            if target > done:
                for name, (t, v) in model.block(done, target).items():
                    if v.size:
                        self.emit(name, t0_wall + np.asarray(t) / rate, v)
                done = target
            # until the next sample is due (a 2 Hz titrator wakes twice a second), at most
            # TICK_S apart: a fast feed still arrives in small steps
            due = (done + 1) / (rate * model.BASE_HZ) - (self.clock() - t0_mono) + 1e-3
            await asyncio.sleep(min(max(TICK_S, due), MAX_SLEEP_S))
