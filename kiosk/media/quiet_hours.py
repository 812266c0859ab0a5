"""Quiet hours: times of day when the kiosk makes no sound (a meeting in the hall).

Written as ``"HH:MM-HH:MM"``, several separated by commas; a range may run past midnight
(``"22:00-07:00"``). An empty string means never quiet.
"""

from __future__ import annotations

import datetime as dt
import re

_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")

Ranges = tuple[tuple[int, int], ...]  # (start, end) in minutes after midnight


def parse(text: str) -> Ranges:
    """The ranges of ``text``; ValueError naming the bad part."""
    out = []
    for part in (p for p in text.split(",") if p.strip()):
        m = _RANGE.match(part)
        if not m:
            raise ValueError(f"{part.strip()!r} is not HH:MM-HH:MM")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise ValueError(f"{part.strip()!r} is not a time of day")
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if start == end:
            raise ValueError(f"{part.strip()!r} is empty")
        out.append((start, end))
    return tuple(out)


def is_quiet(ranges: Ranges, now: dt.time) -> bool:
    minute = now.hour * 60 + now.minute
    for start, end in ranges:
        if start < end and start <= minute < end:
            return True
        if start > end and (minute >= start or minute < end):  # past midnight
            return True
    return False


def validate(text: str) -> str:
    """``text`` if it parses, else ValueError (for the settings' check)."""
    parse(text)
    return text
