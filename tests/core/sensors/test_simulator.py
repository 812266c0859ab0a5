import asyncio
import itertools
import time

import numpy as np
import pytest
from helpers.net import until
from helpers.sensors import config, running

from kiosk.analysis.chromatography import find_peaks
from kiosk.analysis.series import last_run
from kiosk.analysis.titration import equivalence_point
from kiosk.sensors.channels import channels_of
from kiosk.sensors.hub import Hub
from kiosk.sensors.simulation.gcms import MIXTURE, RUN_MIN
from kiosk.sensors.sources.simulator import model_for, simulate

INSTRUMENTS = ("titrator", "gcms", "robot")


@pytest.mark.parametrize("inst", INSTRUMENTS)
def test_same_seed_same_series_other_seed_other_series(inst: str) -> None:
    a = simulate(inst, 120, seed=7)
    b = simulate(inst, 120, seed=7)
    c = simulate(inst, 120, seed=8)
    assert set(a) == set(channels_of(inst))
    for name in a:
        np.testing.assert_array_equal(a[name][0], b[name][0])
        np.testing.assert_array_equal(a[name][1], b[name][1])
    assert any(not np.array_equal(a[n][1], c[n][1]) for n in a)


@pytest.mark.parametrize("inst", INSTRUMENTS)
def test_blocks_are_a_pure_function_of_the_index(inst: str) -> None:
    whole = model_for(inst, 3).block(0, 5000)
    fresh = model_for(inst, 3)  # a new model, asked in pieces and out of order
    cuts = [0, 1, 17, 900, 901, 2500, 5000]
    pieces = [fresh.block(i, j) for i, j in reversed(list(itertools.pairwise(cuts)))]
    pieces.reverse()
    for name, (t, v) in whole.items():
        np.testing.assert_array_equal(t, np.concatenate([p[name][0] for p in pieces]))
        np.testing.assert_array_equal(v, np.concatenate([p[name][1] for p in pieces]))
        assert np.all(np.isfinite(v))


def test_titrations_follow_the_chemistry() -> None:
    model = model_for("titrator", 11)
    kinds = set()
    for k in range(8):
        run = model.run(k)
        kinds.add(run.weak)
        assert np.all(np.diff(run.volume) >= 0)
        ep = equivalence_point(run.volume, run.ph)
        assert ep is not None
        assert ep.volume_ml == pytest.approx(run.v_eq, abs=0.05)
        if run.weak:
            assert ep.pka == pytest.approx(4.76, abs=0.05)
            assert ep.ph > 7.5
        else:
            assert ep.pka is None
            assert ep.ph == pytest.approx(7.0, abs=0.7)
        minutes = run.volume.size / model.BASE_HZ / 60
        assert 1.0 < minutes < 6.0  # a run of a few minutes
    assert kinds == {True, False}  # both strong and weak acids in the queue


def test_titrator_channels_count_samples_and_restart_volume() -> None:
    data = simulate("titrator", 900, seed=1)
    t, vol = data["titrator.volume_ml"]
    _, ph = data["titrator.ph"]
    assert t.size == ph.size == 1800
    assert last_run(vol) > 0  # at least one new sample started
    _, n = data["titrator.sample"]
    _, total = data["titrator.samples_total"]
    assert n[0] == 1 and n.max() >= 3 and np.all(n <= total)


def test_gc_run_shows_the_mixture_in_volatility_order() -> None:
    model = model_for("gcms", 4)
    data = simulate("gcms", RUN_MIN * 6 + 30, seed=4)  # one run plus some cool-down
    _t, rt = data["gcms.rt_min"]
    _, tic = data["gcms.tic"]
    run = rt <= RUN_MIN
    peaks = find_peaks(rt[run], tic[run])
    assert len(peaks) == len(MIXTURE)
    for p, c in zip(peaks, MIXTURE, strict=True):
        assert p.rt == pytest.approx(c.rt_min, abs=0.05)
        assert p.height > 1e5
    _, oven = data["gcms.oven_c"]
    assert oven[0] == pytest.approx(50, abs=0.5) and oven.max() == pytest.approx(280, abs=0.5)
    assert oven[-1] < 200  # cooling down after the run
    assert model.PACE * 60 > 0 and MIXTURE[0].rt_min * 60 / model.PACE < 60  # peaks in a minute


def test_robot_learns_and_moves() -> None:
    data = simulate("robot", 600, seed=2)
    _, rate = data["robot.success_rate"]
    assert rate[:40].mean() < 40 and rate[-100:].mean() > 75
    _, ep = data["robot.episode"]
    assert ep[0] == 1 and np.all(np.diff(ep) == 1)
    for j in range(1, 5):
        _, a = data[f"robot.joint{j}_deg"]
        assert -90 < a.min() < a.max() < 90 and a.max() - a.min() > 10
    _, grip = data["robot.gripper"]
    assert grip.min() == 0 and grip.max() == 100
    _, cyc = data["robot.cycle"]
    assert cyc[-1] == pytest.approx(600 / 6, abs=1)
    _, bat = data["robot.battery_pct"]
    assert np.all((bat >= 20) & (bat <= 95))


def test_simulator_source_streams_wall_clock_samples() -> None:
    async def main() -> None:
        hub = Hub(config(gcms={"source": "simulator", "speed": 2.0}, robot={"source": "simulator"}))
        async with running(hub):
            await until(lambda: hub.channel("gcms.tic").samples_total > 100
                        and hub.channel("robot.battery_pct").samples_total >= 1, what="data")
            assert hub.state("gcms.tic") == "live"
            assert hub.state("titrator.ph") == "offline"  # not configured
            t, _ = hub.channel("gcms.tic").snapshot()
            assert abs(t[-1] - time.time()) < 5 and np.all(np.diff(t) > 0)
            assert hub.report("gcms").rate_hz >= 0
    asyncio.run(main())
