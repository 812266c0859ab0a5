"""Parsing of incoming frames (MQTT payloads, text lines) into samples; pure functions.

A bad frame raises :class:`BadFrame` with a ``kind`` that the sources count per source.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

import numpy as np

MAX_FRAME_BYTES = 64 * 1024
# Times outside this band are almost always milliseconds or seconds-from-start by mistake.
EARLIEST_T = 1_000_000_000.0  # 2001-09-09
FUTURE_SLACK_S = 86_400.0

BAD_KINDS = ("too_large", "bad_utf8", "not_a_number", "not_finite", "batch_mismatch",
             "unknown_channel", "bad_time", "bad_topic", "bad_row")


class BadFrame(ValueError):
    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def _preview(data: bytes | str, limit: int = 40) -> str:
    text = repr(data[:limit])
    return text + ("…" if len(data) > limit else "")


def decode(data: bytes) -> str:
    if len(data) > MAX_FRAME_BYTES:
        raise BadFrame("too_large", f"{len(data)} bytes > {MAX_FRAME_BYTES}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadFrame("bad_utf8", f"{exc.reason} at byte {exc.start}: {_preview(data)}") from None


def number(raw: object, what: str = "value", *, text: bool = False) -> float:
    """A finite float from a JSON number (or from text when ``text``); bools are refused."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float) if text else (int, float)):
        raise BadFrame("not_a_number", f"{what} {_preview(repr(raw))} is not a number")
    try:
        x = float(raw)
    except (ValueError, OverflowError):
        raise BadFrame("not_a_number", f"{what} {_preview(str(raw))} is not a number") from None
    if not math.isfinite(x):
        raise BadFrame("not_finite", f"{what} is {raw!r}")
    return x


def check_time(t: float, now: float) -> float:
    if t < EARLIEST_T or t > now + FUTURE_SLACK_S:
        raise BadFrame("bad_time", f"time {t!r} is not plausible unix seconds")
    return t


def parse_payload(data: bytes, *, now: float) -> tuple[np.ndarray, np.ndarray]:
    """An MQTT payload: ``7.01``, ``{"v": 7.01, "t": 1764400000.25}`` or ``{"t": [..], "v": [..]}``.

    Returns (t, v) arrays; a missing ``t`` becomes ``now`` (arrival time).
    """
    text = decode(data).strip()
    if not text.startswith("{"):
        return np.array([now]), np.array([number(text, text=True)])
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        raise BadFrame("not_a_number", f"invalid JSON {_preview(text)}") from None
    if not isinstance(obj, Mapping) or "v" not in obj:
        raise BadFrame("not_a_number", f"JSON object without 'v': {_preview(text)}")
    v, t = obj["v"], obj.get("t")
    if isinstance(v, list):
        if not isinstance(t, list) or len(t) != len(v):
            n_t = len(t) if isinstance(t, list) else "no"
            raise BadFrame("batch_mismatch", f"batch with {len(v)} values and {n_t} times")
        vs = np.array([number(x) for x in v], dtype=np.float64)
        ts = np.array([check_time(number(x, "time"), now) for x in t], dtype=np.float64)
        return ts, vs
    value = number(v)
    when = now if t is None else check_time(number(t, "time"), now)
    return np.array([when]), np.array([value])


def parse_line(line: str, *, instrument: str, known: Mapping[str, object],
               now: float) -> tuple[str, float, float] | None:
    """A text line ``channel,value[,unix_time]``; None for blank and ``#`` comment lines.

    ``channel`` is a full name (``titrator.ph``) or, for short, the quantity (``ph``).
    """
    s = line.strip()
    if not s or s.startswith("#"):
        return None
    parts = [p.strip() for p in s.split(",")]
    if len(parts) not in (2, 3):
        raise BadFrame("not_a_number", f"expected 'channel,value[,unix_time]', got {_preview(s)}")
    name = parts[0] if "." in parts[0] else f"{instrument}.{parts[0]}"
    if name not in known or not name.startswith(instrument + "."):
        raise BadFrame("unknown_channel", f"unknown channel {_preview(parts[0])} for {instrument}")
    value = number(parts[1], text=True)
    t = check_time(number(parts[2], "time", text=True), now) if len(parts) == 3 else now
    return name, t, value


class LineSplitter:
    """Cuts a byte stream into lines; a line longer than 64 KiB is reported and skipped."""

    def __init__(self, *, max_bytes: int = MAX_FRAME_BYTES) -> None:
        self._buf = bytearray()
        self._max = max_bytes
        self._skipping = False  # inside an over-long line: drop until its newline

    def feed(self, data: bytes) -> tuple[list[bytes], int]:
        """Return (complete lines, number of over-long lines dropped)."""
        lines: list[bytes] = []
        dropped = 0
        self._buf += data
        while True:
            i = self._buf.find(b"\n")
            if i < 0:
                break
            line = bytes(self._buf[:i])
            del self._buf[:i + 1]
            if self._skipping:
                self._skipping = False
                continue
            if len(line) > self._max:
                dropped += 1
                continue
            lines.append(line)
        if len(self._buf) > self._max:
            if not self._skipping:
                dropped += 1
            self._skipping = True
            self._buf.clear()
        return lines, dropped
