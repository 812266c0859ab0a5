import datetime
from pathlib import Path

import numpy as np
from helpers.clock import FakeClock
from helpers.sensors import config

from kiosk.sensors.channels import CHANNELS, Channel
from kiosk.sensors.fallback import ReplayFallback
from kiosk.sensors.hub import Hub
from kiosk.sensors.recordings import find_recordings, parse_csv, to_csv
from kiosk.sensors.sources.simulator import simulate

NAMES = ["titrator.volume_ml", "titrator.ph"]
EXHIBITS = Path(__file__).resolve().parents[3] / "content" / "exhibits"


def recording():  # type: ignore[no-untyped-def]
    return parse_csv(to_csv(simulate("titrator", 240, seed=3)), name="2025-07-08-t.csv")


def live_channels(clock: FakeClock) -> dict[str, Channel]:
    chans = {n: Channel(CHANNELS[n], clock=clock) for n in CHANNELS}
    for n in NAMES:
        chans[n].append(1.7e9, 1.0)
    return chans


def test_live_stale_replay_and_back() -> None:
    clock = FakeClock()
    live = live_channels(clock)
    fb = ReplayFallback(NAMES, [recording()], replay_after_s=8.0, prefill_s=60.0,
                        clock=clock, wall=lambda: 1.8e9)
    st = fb.update(live, dict.fromkeys(NAMES, "live"))
    assert st.mode == "live" and st.channels["titrator.ph"] is live["titrator.ph"]
    assert st.age_s == 0.0
    clock.advance(6)
    st = fb.update(live, dict.fromkeys(NAMES, "stale"))
    assert st.mode == "live" and st.age_s == 6.0  # stale: last data still shown, with its age
    clock.advance(7.9)
    assert fb.update(live, dict.fromkeys(NAMES, "stale")).mode == "live"
    clock.advance(0.2)
    st = fb.update(live, dict.fromkeys(NAMES, "stale"))
    assert st.mode == "replay"
    assert st.recording_date == datetime.date(2025, 7, 8)
    ph = st.channels["titrator.ph"]
    assert ph is not live["titrator.ph"]
    assert len(ph) >= 100  # prefilled: never an empty chart
    assert st.live_age_s is not None and st.live_age_s > 14
    n0, v0 = len(ph), ph.version
    clock.advance(2.0)
    st = fb.update(live, {"titrator.ph": "offline", "titrator.volume_ml": "stale"})
    assert st.mode == "replay" and len(ph) > n0 and ph.version > v0
    # live data returns on one channel: back at once
    st = fb.update(live, {"titrator.ph": "live", "titrator.volume_ml": "stale"})
    assert st.mode == "live" and st.channels["titrator.ph"] is live["titrator.ph"]
    # down again: the grace time starts over, and the replay restarts from the prefill
    clock.advance(1)
    assert fb.update(live, dict.fromkeys(NAMES, "offline")).mode == "offline"
    clock.advance(8.5)
    st = fb.update(live, dict.fromkeys(NAMES, "offline"))
    assert st.mode == "replay" and len(st.channels["titrator.ph"]) < n0 + 20


def test_offline_without_recording_and_configured_replay() -> None:
    clock = FakeClock()
    live = live_channels(clock)
    fb = ReplayFallback(NAMES, [], replay_after_s=0.0, clock=clock)
    st = fb.update(live, dict.fromkeys(NAMES, "offline"))
    assert st.mode == "offline" and st.channels["titrator.ph"] is live["titrator.ph"]
    assert fb.update(live, dict.fromkeys(NAMES, "replay")).mode == "replay"
    # a recording of another instrument is no use for these channels
    gc = parse_csv(to_csv(simulate("gcms", 10, seed=1)), name="2025-01-01.csv")
    fb = ReplayFallback(NAMES, [gc], replay_after_s=0.0, clock=clock)
    assert fb.update(live, dict.fromkeys(NAMES, "stale")).mode == "offline"


def test_shipped_recordings_fill_every_exhibit_chart() -> None:
    clock = FakeClock()
    hub = Hub(config(), clock=clock)  # nothing configured: every channel offline
    for slug, names in (("titration-robot", NAMES),
                        ("gc-ms", ["gcms.rt_min", "gcms.tic", "gcms.oven_c"]),
                        ("robot-training-ground", ["robot.episode", "robot.success_rate",
                                                   "robot.joint1_deg", "robot.gripper"])):
        recs, problems = find_recordings(EXHIBITS / slug / "recordings")
        assert recs and not problems
        fb = ReplayFallback(names, recs, replay_after_s=8.0, clock=clock)
        assert fb.poll(hub).mode == "offline"
        clock.advance(8.0)
        st = fb.poll(hub)
        assert st.mode == "replay" and st.recording_date == datetime.date(2025, 7, 8)
        for n in names:
            t, v = st.channels[n].snapshot()
            assert t.size > 10 and np.all(np.isfinite(v)), n
