"""GC-MS: an oven temperature program and the total ion chromatogram of a test mixture."""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from kiosk.sensors.simulation import Block, every

BASE_HZ = 4.0  # MS scans per second
HOLD_MIN, START_C, RAMP_C_PER_MIN, END_C, FINAL_HOLD_MIN = 2.0, 50.0, 10.0, 280.0, 3.0
RAMP_END_MIN = HOLD_MIN + (END_C - START_C) / RAMP_C_PER_MIN  # 25 min
RUN_MIN = RAMP_END_MIN + FINAL_HOLD_MIN  # 28 min of acquisition
COOL_MIN = 4.0  # oven back to 50 °C and equilibrated before the next injection
PERIOD = round((RUN_MIN + COOL_MIN) * 60 * BASE_HZ)  # samples per run incl. cool-down


@dataclasses.dataclass(frozen=True)
class Compound:
    name_zh: str
    name_en: str
    rt_min: float  # on a 30 m, 5 % phenyl column with the program above
    height: float  # TIC counts at the apex, typical
    ions: tuple[tuple[int, float], ...]  # (m/z, relative abundance %) of its EI spectrum

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


# Lighter, more volatile compounds elute first; main EI fragments are the textbook ones.
MIXTURE: tuple[Compound, ...] = (
    Compound("甲苯", "Toluene", 4.2, 6.0e5, ((91, 100), (92, 62), (65, 9), (39, 6))),
    Compound("乙苯", "Ethylbenzene", 5.9, 4.5e5, ((91, 100), (106, 31), (51, 6), (65, 5))),
    Compound("正癸烷", "n-Decane", 8.6, 3.5e5, ((57, 100), (43, 85), (71, 45), (85, 25),
                                                (142, 6))),
    Compound("萘", "Naphthalene", 11.3, 7.5e5, ((128, 100), (127, 10), (102, 7), (64, 4))),
    Compound("正十四烷", "n-Tetradecane", 14.6, 3.0e5, ((57, 100), (43, 80), (71, 55),
                                                    (85, 35), (198, 4))),
    Compound("正十六烷", "n-Hexadecane", 17.6, 2.5e5, ((57, 100), (43, 75), (71, 60),
                                                   (85, 40), (226, 3))),
)

_erfc = np.frompyfunc(math.erfc, 1, 1)


def emg(t: np.ndarray, *, mu: float, sigma: float, tau: float, area: float) -> np.ndarray:
    """Exponentially modified Gaussian: a Gaussian peak with an exponential tail (column
    adsorption makes real GC peaks tail). Zero outside its support to stay cheap."""
    out = np.zeros_like(t, dtype=np.float64)
    m = (t > mu - 7 * sigma) & (t < mu + 8 * sigma + 15 * tau)
    if not m.any():
        return out
    x = t[m] - mu
    z = (sigma / tau - x / sigma) / math.sqrt(2.0)
    out[m] = (area / (2 * tau)) * np.exp(sigma**2 / (2 * tau**2) - x / tau) * \
        np.asarray(_erfc(z), dtype=np.float64)
    return out


def oven_c(minutes: np.ndarray) -> np.ndarray:
    """Oven temperature at run minute (0 = injection; past RUN_MIN the oven cools down)."""
    m = np.asarray(minutes, dtype=np.float64)
    ramp = np.clip(START_C + (m - HOLD_MIN) * RAMP_C_PER_MIN, START_C, END_C)
    cooling = START_C + (END_C - START_C) * np.exp(-(m - RUN_MIN) * 60.0 / 45.0)
    return np.where(m <= RUN_MIN, ramp, cooling)


class GcmsModel:
    instrument = "gcms"
    BASE_HZ = BASE_HZ
    PACE = 10.0  # a 28-minute run in under three minutes: the first peak shows after ~25 s

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def run(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """TIC (every scan) and oven temperature (every second) of run ``k`` with cool-down."""
        if k in self._cache:
            return self._cache[k]
        rng = np.random.default_rng([self.seed, 2, k])
        t_s = np.arange(PERIOD) / BASE_HZ
        minutes = t_s / 60.0
        temp = oven_c(minutes)
        # column bleed rises with temperature; a slow wander stands for source drift
        base = 1.5e4 + 2.5e4 * ((temp - START_C) / (END_C - START_C)) ** 2
        base += 2.0e3 * np.sin(2 * np.pi * minutes / rng.uniform(9, 15) + rng.uniform(0, 6.3))
        tic: np.ndarray = base + rng.normal(0.0, 600.0, PERIOD)
        for c in MIXTURE:
            rt_s = (c.rt_min + rng.normal(0.0, 0.004)) * 60.0
            sigma = 1.6 + 0.04 * c.rt_min  # seconds
            tau = 1.2
            height = c.height * rng.uniform(0.9, 1.1)
            area = height * sigma * math.sqrt(2 * math.pi)
            tic += emg(t_s, mu=rt_s - 0.6 * tau, sigma=sigma, tau=tau, area=area)
        tic = np.round(np.maximum(tic, 0.0))
        oven = np.round(temp[::int(BASE_HZ)] + rng.normal(0.0, 0.05, PERIOD // int(BASE_HZ)), 2)
        if len(self._cache) >= 2:
            self._cache.pop(min(self._cache))
        self._cache[k] = (tic, oven)
        return tic, oven

    def block(self, i0: int, i1: int) -> Block:
        idx = np.arange(i0, i1, dtype=np.int64)
        t = idx / BASE_HZ
        run, pos = np.divmod(idx, PERIOD)
        tic = np.empty(idx.size)
        for k in np.unique(run):
            m = run == k
            tic[m] = self.run(int(k))[0][pos[m]]
        slow = every(i0, i1, int(BASE_HZ))
        slow_run, slow_pos = np.divmod(slow, PERIOD)
        oven = np.empty(slow.size)
        for k in np.unique(slow_run):
            m = slow_run == k
            oven[m] = self.run(int(k))[1][slow_pos[m] // int(BASE_HZ)]
        return {
            "gcms.tic": (t, tic),
            "gcms.rt_min": (t, np.round(pos / BASE_HZ / 60.0, 5)),
            "gcms.oven_c": (slow / BASE_HZ, oven),
            "gcms.run": (slow / BASE_HZ, (slow // PERIOD + 1).astype(float)),
        }
