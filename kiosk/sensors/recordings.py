"""Recorded runs: CSV files ``t,channel,value`` (t = seconds from the start) and their player.

Exhibit recordings live in ``content/exhibits/<slug>/recordings/YYYY-MM-DD[-anything].csv``;
the date in the file name is shown on the replay badge.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from kiosk.sensors.channels import CHANNELS

HEADER = "t,channel,value"
MAX_PROBLEMS = 20
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


class RecordingError(ValueError):
    """A recording that cannot be used at all (unreadable, no header, no valid row)."""


Series = dict[str, tuple[np.ndarray, np.ndarray]]


@dataclasses.dataclass(frozen=True)
class Recording:
    name: str
    date: datetime.date | None
    series: Series
    problems: tuple[str, ...] = ()
    bad_rows: int = 0

    @property
    def channels(self) -> list[str]:
        return sorted(self.series)

    def only(self, names: Iterable[str]) -> Recording:
        keep = set(names)
        return dataclasses.replace(self, series={k: s for k, s in self.series.items()
                                                 if k in keep})

    @property
    def duration_s(self) -> float:
        return max((float(t[-1]) for t, _ in self.series.values() if t.size), default=0.0)


def date_from_name(name: str) -> datetime.date | None:
    m = _DATE.match(Path(name).name)
    if not m:
        return None
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_csv(text: str, *, name: str = "recording") -> Recording:
    """Parse CSV text; bad rows are skipped, counted and described by line number."""
    problems: list[str] = []
    bad = 0
    cols: dict[str, tuple[list[float], list[float]]] = {}
    header_seen = False
    last_t = -math.inf

    def problem(lineno: int, msg: str) -> None:
        nonlocal bad
        bad += 1
        if len(problems) < MAX_PROBLEMS:
            problems.append(f"{name} line {lineno}: {msg}")

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not header_seen:
            if line.replace(" ", "").lower() != HEADER:
                raise RecordingError(f"{name} line {lineno}: expected the header {HEADER!r}, "
                                     f"got {line[:60]!r}")
            header_seen = True
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) != 3:
            problem(lineno, f"expected 3 fields t,channel,value, got {len(parts)}")
            continue
        try:
            t, v = float(parts[0]), float(parts[2])
        except ValueError:
            problem(lineno, f"{parts[0]!r} or {parts[2]!r} is not a number")
            continue
        if not (math.isfinite(t) and math.isfinite(v)):
            problem(lineno, "time and value must be finite numbers")
            continue
        if t < 0 or t < last_t:
            problem(lineno, f"time {t:g} is negative or earlier than the line before")
            continue
        if parts[1] not in CHANNELS:
            problem(lineno, f"unknown channel {parts[1]!r}")
            continue
        last_t = t
        ts, vs = cols.setdefault(parts[1], ([], []))
        ts.append(t)
        vs.append(v)
    if not header_seen:
        raise RecordingError(f"{name}: empty, expected the header {HEADER!r}")
    if bad > len(problems):
        problems.append(f"{name}: {bad - len(problems)} more bad lines")
    if not cols:
        raise RecordingError(f"{name}: no valid samples")
    series = {k: (np.array(t), np.array(v)) for k, (t, v) in cols.items()}
    return Recording(name=name, date=date_from_name(name), series=series,
                     problems=tuple(problems), bad_rows=bad)


def load_recording(path: Path) -> Recording:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordingError(f"{path}: cannot be read ({exc})") from None
    return parse_csv(text, name=Path(path).name)


def find_recordings(folder: Path) -> tuple[list[Recording], list[str]]:
    """Every usable recording in ``folder``, newest date first, and the problems found."""
    recs: list[Recording] = []
    problems: list[str] = []
    folder = Path(folder)
    if not folder.is_dir():
        return recs, problems
    for path in sorted(folder.glob("*.csv")):
        try:
            rec = load_recording(path)
        except RecordingError as exc:
            problems.append(str(exc))
            continue
        problems.extend(rec.problems)
        recs.append(rec)
    recs.sort(key=lambda r: (r.date or datetime.date.min, r.name), reverse=True)
    return recs, problems


def to_csv(series: Mapping[str, tuple[np.ndarray, np.ndarray]], *, comment: str = "") -> str:
    """CSV text of the series, rows in time order (``%.6g`` keeps files small)."""
    rows = [(float(t), name, float(v)) for name, (ts, vs) in series.items()
            for t, v in zip(ts, vs, strict=True)]
    rows.sort(key=lambda r: r[0])
    out = io.StringIO()
    for line in comment.splitlines():
        out.write(f"# {line}\n")
    out.write(HEADER + "\n")
    for t, name, v in rows:
        out.write(f"{t:.3f},{name},{v:.6g}\n")
    return out.getvalue()


class Player:
    """Plays a recording in a loop at ``speed``; ``due(now)`` yields the samples now due.

    Times out are unix seconds: ``wall_start`` plus recording time over speed. ``skip_s`` starts
    the playback that far into the recording with the skipped part delivered at once (as if it
    had been playing already), so a chart switching to a recording is never empty.
    """

    LOOP_GAP_S = 1.0

    def __init__(self, recording: Recording, *, speed: float = 1.0) -> None:
        self.recording = recording
        self.speed = float(speed)
        self.period = recording.duration_s + self.LOOP_GAP_S
        self._start_mono = 0.0
        self._start_wall = 0.0
        self._skip = 0.0
        self._cycle = 0
        self._idx = dict.fromkeys(recording.series, 0)

    def start(self, *, mono: float, wall: float, skip_s: float = 0.0) -> None:
        self._start_mono, self._start_wall = mono, wall
        self._skip = min(max(skip_s, 0.0), self.recording.duration_s)
        self._cycle = 0
        self._idx = dict.fromkeys(self.recording.series, 0)

    def due(self, mono: float) -> list[tuple[str, np.ndarray, np.ndarray]]:
        pos = (mono - self._start_mono) * self.speed + self._skip  # recording seconds played
        out: list[tuple[str, np.ndarray, np.ndarray]] = []
        cycle_now = int(pos // self.period)
        if cycle_now > self._cycle + 1:  # a long stall: skip whole loops, not replay them
            self._cycle = cycle_now - 1
            self._idx = dict.fromkeys(self._idx, 0)
        while True:
            end = pos - self._cycle * self.period  # position within the current loop
            for name, (ts, vs) in self.recording.series.items():
                i0 = self._idx[name]
                i1 = int(np.searchsorted(ts, end, side="right"))
                if i1 > i0:
                    t_wall = self._start_wall + (ts[i0:i1] + self._cycle * self.period
                                                 - self._skip) / self.speed
                    out.append((name, t_wall, vs[i0:i1]))
                    self._idx[name] = i1
            if end < self.period:
                return out
            self._cycle += 1
            self._idx = dict.fromkeys(self._idx, 0)
