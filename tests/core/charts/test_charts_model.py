"""The Qt-free parts of the charts: spec validation, the min/max envelope, badge wording."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from kiosk.charts import texts
from kiosk.charts.spec import ChartSpecError, axis_title, parse_spec
from kiosk.charts.traces import Envelope, TimeTrace, tail
from kiosk.sensors.channels import CHANNELS, Channel


def test_spec_defaults_and_fields() -> None:
    s = parse_spec({"x": "gcms.rt_min", "y": "gcms.tic", "y2": ["gcms.oven_c"],
                    "y2_range": [0, 300], "analysis": "peaks"})
    assert s.y == ("gcms.tic",) and s.y2 == ("gcms.oven_c",) and s.y2_range == (0.0, 300.0)
    assert s.channels == ("gcms.rt_min", "gcms.tic", "gcms.oven_c")
    assert not s.is_time and s.run == "last" and s.window_s == 60.0
    assert s.x_span is None and s.y_span is None
    s = parse_spec({"x": "titrator.volume_ml", "y": "titrator.ph", "x_span": [0, 30]})
    assert s.x_span == (0.0, 30.0)
    assert axis_title(("gcms.oven_c",), None, "en") == "Oven temperature (°C)"
    assert axis_title(("gcms.oven_c",), None, "zh") == "柱温箱温度（°C）"


@pytest.mark.parametrize(("spec", "field"), [
    ({"x": "time"}, "y:"),
    ({"x": "nope", "y": ["titrator.ph"]}, "x:"),
    ({"y": ["titrator.nope"]}, "unknown channel 'titrator.nope'"),
    ({"y": ["titrator.ph"], "y_range": [5, 1]}, "y_range:"),
    ({"y": ["titrator.ph"], "x_span": [0]}, "x_span:"),
    ({"y": ["gcms.tic"], "y2": ["gcms.oven_c"], "y2_span": ["a", 1]}, "y2_span:"),
    ({"y": ["titrator.ph"], "window_s": "long"}, "window_s:"),
    ({"y": ["titrator.ph"], "analysis": "magic"}, "analysis:"),
    ({"y": ["titrator.ph"], "colour": "red"}, "unknown key(s) colour"),
    ({"y": ["titrator.ph"], "y_label": {"zh": "x"}}, "y_label:"),
    ({"y": ["titrator.ph"], "names": [{"zh": "a", "en": "a"}] * 2}, "names:"),
])
def test_bad_specs_name_the_field(spec: dict, field: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ChartSpecError, match=None) as info:
        parse_spec(spec)
    assert field in str(info.value)


def test_envelope_matches_a_full_min_max_whatever_the_batches() -> None:
    rng = np.random.default_rng(3)
    t = np.sort(rng.uniform(0, 60, 20_000))
    v = rng.normal(size=t.size)
    env = Envelope(window_s=60.0, buckets=100)
    for chunk in np.array_split(np.arange(t.size), 37):
        env.add(t[chunk], v[chunk])
    idx = np.floor(t / env.bucket_s).astype(int)
    for b in (0, 17, 55, int(idx[-1])):
        sel = idx == b
        i = int(np.searchsorted(env.idx, b))
        assert env.lo[i] == v[sel].min() and env.hi[i] == v[sel].max()
        assert env.count[i] == sel.sum()
    assert env.count.sum() == t.size


def test_time_trace_reads_only_new_samples_and_rebuilds_after_clear() -> None:
    ch = Channel(CHANNELS["robot.joint1_deg"], capacity=50_000)
    tr = TimeTrace("robot.joint1_deg", window_s=10.0, buckets=100)
    ch.extend(np.arange(1000) / 100.0, np.arange(1000.0))
    assert tr.follow(ch) and not tr.follow(ch)
    ch.extend(1000 / 100.0 + np.arange(5) / 100.0, np.full(5, -1.0))
    assert tr.follow(ch)
    _t, v = tail(ch, 5)
    assert list(v) == [-1.0] * 5
    x, y = tr.xy(ch, ch.last_t)
    assert x[-1] == 0.0 and y[-1] == -1.0 and x[0] >= -10.0 - 0.2
    ch.clear()
    ch.append(20.0, 7.0)
    assert tr.follow(ch)
    assert tr.envelope.count.sum() == 1


def test_ring_tail_after_wraparound() -> None:
    ch = Channel(CHANNELS["titrator.ph"], capacity=300)
    ch.extend(np.arange(1000.0), np.arange(1000.0))
    _t, v = tail(ch, 120)
    assert list(v) == list(np.arange(880.0, 1000.0))


def test_badge_texts_in_both_languages() -> None:
    d = datetime.date(2025, 7, 8)
    assert texts.badge_text("live", "zh", age_s=3.4, recording_date=None) == "实时 · 3 秒前"
    assert texts.badge_text("live", "en", age_s=3.4, recording_date=None) == "Live · 3 s ago"
    assert texts.badge_text("replay", "zh", age_s=0.1, recording_date=d) == "回放 · 2025年7月8日"
    assert texts.badge_text("replay", "en", age_s=0.1, recording_date=d) == "Replay · 8 Jul 2025"
    assert texts.badge_text("offline", "en", age_s=None, recording_date=None) == "Offline"
    assert (texts.badge_text("offline", "zh", age_s=125, recording_date=None)
            == "离线 · 最后数据 2 分钟前")
