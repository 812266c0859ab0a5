import math

import numpy as np
import pytest

from kiosk.analysis.chromatography import find_peaks, noise_sigma
from kiosk.sensors.simulation.gcms import emg

T = np.arange(0, 20, 1 / 240)  # minutes, 4 scans a second


def gauss(t: np.ndarray, rt: float, height: float, sigma: float) -> np.ndarray:
    return height * np.exp(-0.5 * ((t - rt) / sigma) ** 2)


def test_gaussian_peaks_on_a_drifting_noisy_baseline() -> None:
    rng = np.random.default_rng(2)
    truth = [(3.0, 5e5, 0.03), (7.5, 2e5, 0.035), (7.8, 3e5, 0.035), (15.0, 8e4, 0.05)]
    y = 2e4 + 1.5e3 * T + 800 * np.sin(T / 3) + rng.normal(0, 500, T.size)
    for rt, h, s in truth:
        y += gauss(T, rt, h, s)
    peaks = find_peaks(T, y)
    assert [round(p.rt, 1) for p in peaks] == [3.0, 7.5, 7.8, 15.0]
    for p, (rt, h, _s) in zip(peaks, truth, strict=True):
        assert p.rt == pytest.approx(rt, abs=0.005)
        assert p.height == pytest.approx(h, rel=0.05)
        assert p.start < p.rt < p.end
    # separated peaks: the whole area; the pair at 7.5/7.8 is split at the valley
    for i in (0, 3):
        rt, h, s = truth[i]
        assert peaks[i].area == pytest.approx(h * s * math.sqrt(2 * math.pi), rel=0.05)


def test_tailing_peaks_keep_their_area() -> None:
    t_s = T * 60
    y = emg(t_s, mu=300.0, sigma=2.0, tau=1.5, area=1e6) + emg(t_s, mu=600.0, sigma=2.0,
                                                                 tau=1.5, area=4e5)
    y += np.random.default_rng(0).normal(0, 100, T.size)
    peaks = find_peaks(t_s, y)
    assert len(peaks) == 2
    apex = t_s[np.argmax(emg(t_s, mu=300.0, sigma=2.0, tau=1.5, area=1e6))]
    assert peaks[0].rt == pytest.approx(apex, abs=0.5)
    assert peaks[0].area == pytest.approx(1e6, rel=0.03)
    assert peaks[1].area == pytest.approx(4e5, rel=0.03)


def test_noise_only_has_no_peaks_and_order_does_not_matter() -> None:
    rng = np.random.default_rng(9)
    assert find_peaks(T, 1e4 + rng.normal(0, 300, T.size)) == []
    y = 1e4 + gauss(T, 5.0, 1e5, 0.04) + rng.normal(0, 300, T.size)
    order = rng.permutation(T.size)
    a, b = find_peaks(T, y), find_peaks(T[order], y[order])
    assert a == b and len(a) == 1
    assert noise_sigma(rng.normal(0, 300, 100_000)) == pytest.approx(300, rel=0.05)
    assert find_peaks(T[:3], y[:3]) == []
