import numpy as np
import pytest

from kiosk.analysis.series import last_run, pair_by_time
from kiosk.sensors.channels import CHANNELS, HARD_CAP, Channel, ChannelSpec, RateMeter

SPEC = ChannelSpec("titrator.ph", "", 2.0, "pH 值", "pH", window_s=10.0)


def test_registry_names_and_labels() -> None:
    for name, spec in CHANNELS.items():
        inst, _, quantity = name.partition(".")
        assert inst in ("titrator", "gcms", "robot") and quantity
        assert spec.label("zh") and spec.label("en") and spec.expected_hz > 0
        assert spec.stale_after_s >= 5.0
    for required in ("titrator.ph", "titrator.volume_ml", "titrator.sample", "gcms.tic",
                     "gcms.oven_c", "gcms.rt_min", "robot.success_rate", "robot.episode",
                     "robot.joint1_deg", "robot.joint3_deg", "robot.gripper",
                     "robot.battery_pct", "robot.cycle"):
        assert required in CHANNELS


def test_append_wraps_and_snapshot_is_in_order() -> None:
    ch = Channel(SPEC, capacity=5, clock=lambda: 1.0)
    for i in range(12):
        ch.append(float(i), float(i) * 10)
    t, v = ch.snapshot()
    assert t.tolist() == [7, 8, 9, 10, 11]
    assert v.tolist() == [70, 80, 90, 100, 110]
    assert len(ch) == 5 and ch.samples_total == 12
    assert ch.last_t == 11 and ch.last_v == 110 and ch.last_arrival == 1.0
    assert t.flags.c_contiguous and v.flags.c_contiguous


def test_extend_matches_appends_for_any_batch_size() -> None:
    rng = np.random.default_rng(3)
    a = Channel(SPEC, capacity=37)
    b = Channel(SPEC, capacity=37)
    n = 0
    for size in rng.integers(0, 90, 40):
        t = np.arange(n, n + size, dtype=float)
        a.extend(t, -t)
        for x in t:
            b.append(x, -x)
        n += size
        ta, va = a.snapshot()
        tb, vb = b.snapshot()
        np.testing.assert_array_equal(ta, tb)
        np.testing.assert_array_equal(va, vb)
    assert a.samples_total == b.samples_total == n


def test_snapshot_is_a_copy_and_version_counts_changes() -> None:
    ch = Channel(SPEC, capacity=4)
    v0 = ch.version
    ch.extend(np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    t, _ = ch.snapshot()
    t[0] = 99
    assert ch.snapshot()[0][0] == 1.0
    assert ch.version == v0 + 1
    ch.extend(np.array([]), np.array([]))  # nothing new: nothing to redraw
    assert ch.version == v0 + 1
    ch.append(5.0, 6.0)
    assert ch.version == v0 + 2


def test_extend_refuses_unequal_lengths() -> None:
    ch = Channel(SPEC, capacity=4)
    with pytest.raises(ValueError, match=r"titrator\.ph"):
        ch.extend(np.arange(3.0), np.arange(2.0))
    assert len(ch) == 0


def test_capacity_follows_window_and_is_capped() -> None:
    assert SPEC.capacity == 256  # 10 s at 2 Hz is tiny: the minimum applies
    huge = ChannelSpec("gcms.tic", "", 1e6, "x", "x", window_s=3600)
    assert huge.capacity == HARD_CAP
    assert Channel(SPEC, capacity=10 * HARD_CAP).capacity == HARD_CAP


def test_rate_meter() -> None:
    m = RateMeter()
    for i in range(100):
        m.add(5, i * 0.1)  # 50 samples/s for 10 s
    assert m.rate(10.0) == pytest.approx(50, rel=0.1)


def test_pair_by_time_holds_the_last_x() -> None:
    xt = np.array([0.0, 1.0, 2.0])
    xv = np.array([0.0, 0.1, 0.2])
    yt = np.array([-1.0, 0.0, 0.5, 2.0, 9.0])
    yv = np.array([7.0, 7.1, 7.2, 7.3, 7.4])
    x, y = pair_by_time(xt, xv, yt, yv, max_hold_s=5.0)
    assert x.tolist() == [0.0, 0.0, 0.2]
    assert y.tolist() == [7.1, 7.2, 7.3]


def test_last_run_starts_after_the_last_reset() -> None:
    assert last_run(np.array([0, 1, 2, 0, 0, 1, 2.5])) == 3
    assert last_run(np.array([0, 1, 2])) == 0
    assert last_run(np.array([])) == 0
