import numpy as np
import pytest

from kiosk.analysis.titration import equivalence_point, ph_curve

V = np.round(np.arange(0.0, 30.0001, 0.05), 4)


def strong(v: np.ndarray) -> np.ndarray:
    return ph_curve(v, acid_conc=0.1, acid_volume_ml=20.0, base_conc=0.1)


def acetic(v: np.ndarray) -> np.ndarray:
    return ph_curve(v, acid_conc=0.1, acid_volume_ml=20.0, base_conc=0.1, pka=4.76)


def test_charge_balance_known_values() -> None:
    p = strong(np.array([0.0, 10.0, 20.0, 30.0]))
    assert p[0] == pytest.approx(1.0, abs=1e-6)  # 0.1 M HCl
    assert p[1] == pytest.approx(-np.log10(0.1 * 10 / 30), abs=1e-6)
    assert p[2] == pytest.approx(7.0, abs=1e-6)
    assert p[3] == pytest.approx(14 + np.log10(0.1 * 10 / 50), abs=1e-6)
    a = acetic(np.array([0.0, 10.0, 20.0]))
    assert a[0] == pytest.approx(2.88, abs=0.01)
    assert a[1] == pytest.approx(4.76, abs=0.005)
    assert a[2] == pytest.approx(8.73, abs=0.01)  # the salt solution is basic


def test_strong_acid_equivalence() -> None:
    ep = equivalence_point(V, strong(V))
    assert ep is not None
    assert ep.volume_ml == pytest.approx(20.00, abs=0.01)
    assert ep.ph == pytest.approx(7.00, abs=0.01)
    assert ep.pka is None


def test_weak_acid_half_equivalence_gives_pka() -> None:
    ep = equivalence_point(V, acetic(V))
    assert ep is not None
    assert ep.volume_ml == pytest.approx(20.00, abs=0.02)
    assert ep.ph > 7.5
    assert ep.half_volume_ml == pytest.approx(10.0, abs=0.01)
    assert ep.pka == pytest.approx(4.76, abs=0.01)


def test_unsorted_duplicate_noisy_readings() -> None:
    rng = np.random.default_rng(5)
    v = np.concatenate((V, V[::7], np.zeros(10)))  # repeats and a resting electrode at 0 mL
    p = acetic(v) + rng.normal(0, 0.005, v.size)
    order = rng.permutation(v.size)
    ep = equivalence_point(v[order], p[order])
    assert ep is not None
    assert ep.volume_ml == pytest.approx(20.0, abs=0.05)
    assert ep.pka == pytest.approx(4.76, abs=0.03)


def test_randomly_dosed_curves() -> None:
    for seed in range(5):
        rng = np.random.default_rng(seed)
        v = np.sort(rng.uniform(0, 30, 300))
        ep = equivalence_point(v, acetic(v) + rng.normal(0, 0.01, v.size))
        assert ep is not None
        assert ep.volume_ml == pytest.approx(20.0, abs=0.1)


def test_none_before_the_jump_and_for_flat_curves() -> None:
    assert equivalence_point(V[:380], strong(V[:380])) is None  # stops at 18.95 mL
    assert equivalence_point(V[:401], strong(V[:401])) is None  # right at the jump
    rng = np.random.default_rng(1)
    assert equivalence_point(V, 7 + rng.normal(0, 0.01, V.size)) is None
    assert equivalence_point(np.array([1.0, 2.0]), np.array([3.0, 4.0])) is None
    assert equivalence_point(np.array([]), np.array([])) is None
    nan_curve = strong(V)
    nan_curve[5] = np.nan
    assert equivalence_point(V, nan_curve) is not None


def test_other_concentrations() -> None:
    v = np.round(np.arange(0, 25, 0.02), 4)
    p = ph_curve(v, acid_conc=0.0624, acid_volume_ml=20.0, base_conc=0.1)
    ep = equivalence_point(v, p)
    assert ep is not None
    assert ep.volume_ml == pytest.approx(12.48, abs=0.02)
    assert ep.ph == pytest.approx(7.0, abs=0.2)
