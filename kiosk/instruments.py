"""The showroom's instruments and the channels they report: name, unit, rate, bilingual label.

The catalogue sits below both the content (chart specs name channels) and the live data
(buffers are sized from the rates), so the two never import each other. Standard library only.
"""

from __future__ import annotations

import dataclasses
import math

HARD_CAP = 1 << 20  # 16 MiB per channel (t and v float64): a hostile feed cannot exhaust memory
MIN_CAPACITY = 256
MARGIN = 2.0  # room for feeds somewhat faster than announced before old samples fall out


@dataclasses.dataclass(frozen=True)
class ChannelSpec:
    """What a channel measures; ``expected_hz`` is the nominal rate of the real instrument."""

    name: str  # "<instrument>.<quantity>"
    unit: str
    expected_hz: float
    label_zh: str
    label_en: str
    window_s: float = 600.0  # history kept, in seconds at the expected rate

    @property
    def instrument(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def quantity(self) -> str:
        return self.name.split(".", 1)[1]

    @property
    def stale_after_s(self) -> float:
        """No sample for this long means the feed is stale."""
        return max(3.0 / self.expected_hz, 5.0)

    @property
    def capacity(self) -> int:
        n = math.ceil(self.window_s * self.expected_hz * MARGIN)
        return int(min(max(n, MIN_CAPACITY), HARD_CAP))

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


def _specs() -> list[ChannelSpec]:
    s = ChannelSpec
    specs = [
        s("titrator.ph", "", 2.0, "pH 值", "pH"),
        s("titrator.volume_ml", "mL", 2.0, "滴定剂体积", "Titrant volume"),
        s("titrator.sample", "", 1.0, "样品序号", "Sample number"),
        s("titrator.samples_total", "", 1.0, "样品总数", "Samples in queue"),
        s("gcms.tic", "counts", 4.0, "总离子流", "Total ion current", window_s=2400.0),
        s("gcms.rt_min", "min", 4.0, "保留时间", "Retention time", window_s=2400.0),
        s("gcms.oven_c", "°C", 1.0, "柱温箱温度", "Oven temperature", window_s=2400.0),
        s("gcms.run", "", 1.0, "运行序号", "Run number", window_s=2400.0),
        s("robot.success_rate", "%", 1.0, "任务成功率", "Task success rate", window_s=1200.0),
        s("robot.episode", "", 1.0, "训练回合", "Training episode", window_s=1200.0),
        s("robot.gripper", "%", 20.0, "夹爪闭合度", "Gripper closed", window_s=120.0),
        s("robot.battery_pct", "%", 1.0, "电池电量", "Battery", window_s=1200.0),
        s("robot.cycle", "", 1.0, "抓放次数", "Pick-and-place cycles", window_s=1200.0),
    ]
    joints = [("底座", "base"), ("肩部", "shoulder"), ("肘部", "elbow"), ("腕部", "wrist")]
    for i, (zh, en) in enumerate(joints, start=1):
        specs.append(s(f"robot.joint{i}_deg", "°", 20.0, f"关节{i}（{zh}）角度",
                       f"Joint {i} ({en}) angle", window_s=120.0))
    return specs


CHANNELS: dict[str, ChannelSpec] = {spec.name: spec for spec in _specs()}


def channels_of(instrument: str) -> dict[str, ChannelSpec]:
    return {n: s for n, s in CHANNELS.items() if s.instrument == instrument}
