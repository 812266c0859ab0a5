"""The chart spec of an exhibit's ``[[charts]]`` table, validated into a typed object.

Qt-free so that seeding and checks can validate specs without a screen.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from kiosk.instruments import CHANNELS, ChannelSpec

TIME = "time"
ANALYSES = ("equivalence", "peaks", "learning")
KEYS = ("x", "y", "y2", "window_s", "run", "x_range", "y_range", "y2_range", "x_span",
        "y_span", "y2_span", "x_label", "y_label", "y2_label", "names", "analysis",
        "smooth_span", "prefill_s", "symbols")


class ChartSpecError(ValueError):
    """A ``[[charts]]`` entry that cannot be drawn; ``field`` names the key ("" for the whole
    table) and the message is ``field: why``."""

    def __init__(self, field: str, why: str):
        self.field = field
        self.why = why
        super().__init__(f"{field}: {why}" if field else why)


@dataclasses.dataclass(frozen=True)
class Label:
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclasses.dataclass(frozen=True)
class ChartSpec:
    x: str  # a channel, or "time"
    y: tuple[str, ...]
    y2: tuple[str, ...] = ()
    window_s: float = 60.0  # time charts: seconds shown
    run: str = "last"  # channel-x charts: "last" shows the current run only, "all" everything
    x_range: tuple[float, float] | None = None
    y_range: tuple[float, float] | None = None
    y2_range: tuple[float, float] | None = None
    # the instrument's expected spans: an auto axis always shows at least this much (from the
    # first sample of a run), and grows only if the data leaves it
    x_span: tuple[float, float] | None = None
    y_span: tuple[float, float] | None = None
    y2_span: tuple[float, float] | None = None
    x_label: Label | None = None
    y_label: Label | None = None
    y2_label: Label | None = None
    analysis: str | None = None
    smooth_span: float = 20.0
    prefill_s: float = 60.0
    symbols: bool = False
    names: tuple[Label, ...] = ()  # legend names of y then y2 channels (default: channel labels)

    @property
    def is_time(self) -> bool:
        return self.x == TIME

    @property
    def channels(self) -> tuple[str, ...]:
        xs = () if self.is_time else (self.x,)
        return xs + self.y + self.y2


def _names(value: Any, field: str, known: Mapping[str, ChannelSpec]) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise ChartSpecError(field, "expected a channel name or a list of them")
    for name in items:
        if name not in known:
            raise ChartSpecError(field, f"unknown channel {name!r}")
    return tuple(items)


def _range(value: Any, field: str) -> tuple[float, float] | None:
    if value is None:
        return None
    ok = (isinstance(value, list) and len(value) == 2
          and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value))
    if not ok or not all(math.isfinite(v) for v in value) or value[0] >= value[1]:
        raise ChartSpecError(field, f"expected [low, high] with low < high, got {value!r}")
    return float(value[0]), float(value[1])


def _label(value: Any, field: str) -> Label | None:
    if value is None:
        return None
    if (not isinstance(value, dict) or not isinstance(value.get("zh"), str)
            or not isinstance(value.get("en"), str)):
        raise ChartSpecError(field, "expected { zh = \"...\", en = \"...\" }")
    return Label(value["zh"], value["en"])


def _number(value: Any, field: str, default: float, lo: float, hi: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
        raise ChartSpecError(field, f"expected a number from {lo:g} to {hi:g}, got {value!r}")
    return float(value)


def parse_spec(spec: Mapping[str, Any], *,
               known: Mapping[str, ChannelSpec] = CHANNELS) -> ChartSpec:
    """The typed spec, or ChartSpecError naming the first bad field."""
    unknown = sorted(set(spec) - set(KEYS) - {"title"})
    if unknown:
        raise ChartSpecError("", f"unknown key(s) {', '.join(unknown)} (known: {', '.join(KEYS)})")
    x = spec.get("x", TIME)
    if not isinstance(x, str) or (x != TIME and x not in known):
        raise ChartSpecError("x", f"expected \"time\" or a channel name, got {x!r}")
    if "y" not in spec:
        raise ChartSpecError("y", "missing; expected a channel or a list of channels")
    y = _names(spec["y"], "y", known)
    if not y:
        raise ChartSpecError("y", "needs at least one channel")
    run = spec.get("run", "last")
    if run not in ("last", "all"):
        raise ChartSpecError("run", f"expected \"last\" or \"all\", got {run!r}")
    analysis = spec.get("analysis")
    if analysis is not None and analysis not in ANALYSES:
        raise ChartSpecError("analysis", f"expected one of {', '.join(ANALYSES)}, got {analysis!r}")
    symbols = spec.get("symbols", False)
    if not isinstance(symbols, bool):
        raise ChartSpecError("symbols", f"expected true or false, got {symbols!r}")
    y2 = _names(spec.get("y2", []), "y2", known)
    return ChartSpec(
        x=x, y=y, y2=y2,
        window_s=_number(spec.get("window_s"), "window_s", 60.0, 1.0, 86400.0),
        run=run, x_range=_range(spec.get("x_range"), "x_range"),
        y_range=_range(spec.get("y_range"), "y_range"),
        y2_range=_range(spec.get("y2_range"), "y2_range"),
        x_span=_range(spec.get("x_span"), "x_span"),
        y_span=_range(spec.get("y_span"), "y_span"),
        y2_span=_range(spec.get("y2_span"), "y2_span"),
        x_label=_label(spec.get("x_label"), "x_label"),
        y_label=_label(spec.get("y_label"), "y_label"),
        y2_label=_label(spec.get("y2_label"), "y2_label"),
        analysis=analysis,
        smooth_span=_number(spec.get("smooth_span"), "smooth_span", 20.0, 1.0, 10000.0),
        prefill_s=_number(spec.get("prefill_s"), "prefill_s", 60.0, 0.0, 86400.0),
        symbols=symbols, names=_names_list(spec.get("names"), len(y) + len(y2)))


def with_span(extent: tuple[float, float] | None,
              span: tuple[float, float] | None) -> tuple[float, float] | None:
    """The data's extent widened to the expected span (either may be missing)."""
    if span is None:
        return extent
    if extent is None:
        return span
    return min(extent[0], span[0]), max(extent[1], span[1])


def _names_list(value: Any, n: int) -> tuple[Label, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > n:
        raise ChartSpecError("names", f"expected a list of at most {n} {{ zh, en }} names")
    return tuple(_label(v, f"names[{i}]") for i, v in enumerate(value, 1))  # type: ignore[misc]


def axis_title(channels: tuple[str, ...], override: Label | None, lang: str, *,
               known: Mapping[str, ChannelSpec] = CHANNELS) -> str:
    """'pH', 'Oven temperature (°C)'; several channels share their unit unless overridden."""
    if not channels:
        return ""
    units = {known[c].unit for c in channels}
    unit = units.pop() if len(units) == 1 else ""
    if override is not None:
        name = override.get(lang)
    elif len(channels) == 1:
        name = known[channels[0]].label(lang)
    else:
        name = ""
    if name and unit:
        return f"{name} ({unit})" if lang == "en" else f"{name}（{unit}）"
    return name or unit
