import numpy as np
import pytest

from kiosk.analysis.learning import smoothed_success


def test_constant_and_first_value() -> None:
    _ep, s = smoothed_success(np.arange(1, 51), np.full(50, 80.0))
    assert np.allclose(s, 80.0)
    _, s = smoothed_success(np.array([1.0, 2.0]), np.array([40.0, 60.0]))
    assert s[0] == 40.0  # bias-corrected: not pulled towards zero


def test_follows_a_noisy_learning_curve_in_episode_order() -> None:
    rng = np.random.default_rng(4)
    ep = np.arange(1, 601, dtype=float)
    true = 90 - 80 * np.exp(-ep / 100)
    noisy = true + rng.normal(0, 10, ep.size)
    order = rng.permutation(ep.size)
    e, s = smoothed_success(ep[order], noisy[order], span=20)
    assert e.tolist() == ep.tolist()
    assert np.std(s[300:] - true[300:]) < 4  # far less noisy than the 10 % input
    assert s[-1] == pytest.approx(90, abs=5)
    assert smoothed_success(np.array([]), np.array([]))[1].size == 0
