"""Automatic potentiometric titrator: a queue of acid samples titrated with 0.1 M NaOH."""

from __future__ import annotations

import bisect
import dataclasses

import numpy as np

from kiosk.analysis.titration import ph_curve
from kiosk.sensors.simulation import Block, every

BASE_HZ = 2.0  # one reading per dose, two doses a second
QUEUE = 8  # sample cups in the rack
BASE_CONC = 0.1
CONDITION_S = 10.0  # electrode in the fresh sample, stirring, before the first dose
ACETIC_PKA = 4.76


@dataclasses.dataclass(frozen=True)
class Run:
    number: int  # 0, 1, 2, ... since start
    weak: bool
    acid_conc: float
    acid_volume_ml: float
    volume: np.ndarray
    ph: np.ndarray

    @property
    def v_eq(self) -> float:
        return self.acid_conc * self.acid_volume_ml / BASE_CONC


class TitratorModel:
    instrument = "titrator"
    BASE_HZ = BASE_HZ
    PACE = 1.0  # runs of two to three minutes are fine to watch in real time

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._starts = [0]  # first sample index of each run computed so far
        self._cache: dict[int, Run] = {}

    def run(self, k: int) -> Run:
        if k not in self._cache:
            if len(self._cache) >= 4:
                self._cache.pop(min(self._cache))
            self._cache[k] = self._make_run(k)
        return self._cache[k]

    def _make_run(self, k: int) -> Run:
        rng = np.random.default_rng([self.seed, 1, k])
        weak = bool(rng.random() < 0.5)
        va = float(rng.choice([10.0, 15.0, 20.0, 25.0]))
        ca = round(0.1 * float(rng.uniform(0.85, 1.15)), 4)
        pka = ACETIC_PKA if weak else None

        def model(v: np.ndarray) -> np.ndarray:
            return ph_curve(v, acid_conc=ca, acid_volume_ml=va, base_conc=BASE_CONC, pka=pka)

        # dynamic dosing as real titrators do: small doses where the pH moves fast; the
        # slope comes from one fine, vectorised evaluation of the curve
        v_end = 1.4 * ca * va / BASE_CONC
        grid = np.arange(0.0, v_end + 0.2, 0.002)
        slope = np.abs(np.gradient(model(grid), grid))
        doses = [0.0]
        while doses[-1] < v_end:
            v = doses[-1]
            here = float(np.interp(v, grid, slope))
            doses.append(v + float(np.clip(0.1 / max(here, 1e-9), 0.01, 0.08)))
        dosed = np.round(np.array(doses), 3)
        n_cond = int(CONDITION_S * BASE_HZ)
        start_ph = model(np.array([0.0]))[0]
        # the electrode comes from rinse water (pH ~7) and settles in the sample
        settle = start_ph + (7.0 - start_ph) * np.exp(-np.arange(n_cond) / (2.0 * BASE_HZ))
        volume = np.concatenate((np.zeros(n_cond), dosed))
        ph = np.concatenate((settle, model(dosed)))
        ph = np.round(ph + rng.normal(0.0, 0.004, ph.size), 3)
        return Run(k, weak, ca, va, volume, ph)

    def _run_at(self, i: int) -> tuple[int, int]:
        """(run number, its first sample index) for sample index ``i``."""
        while self._starts[-1] <= i:
            k = len(self._starts) - 1
            self._starts.append(self._starts[-1] + self.run(k).volume.size)
        k = bisect.bisect_right(self._starts, i) - 1
        return k, self._starts[k]

    def block(self, i0: int, i1: int) -> Block:
        vol, ph, idx = [], [], []
        i = i0
        while i < i1:
            k, s = self._run_at(i)
            r = self.run(k)
            j0, j1 = i - s, min(i1 - s, r.volume.size)
            vol.append(r.volume[j0:j1])
            ph.append(r.ph[j0:j1])
            idx.append(np.full(j1 - j0, k))
            i = s + j1
        t = np.arange(i0, i1) / BASE_HZ
        runs = np.concatenate(idx) if idx else np.empty(0, dtype=np.int64)
        slow = every(i0, i1, 2)
        return {
            "titrator.volume_ml": (t, np.concatenate(vol) if vol else np.empty(0)),
            "titrator.ph": (t, np.concatenate(ph) if ph else np.empty(0)),
            "titrator.sample": (slow / BASE_HZ, (runs[slow - i0] % QUEUE + 1).astype(float)),
            "titrator.samples_total": (slow / BASE_HZ, np.full(slow.size, float(QUEUE))),
        }
