"""Scheduled messages: welcome banners for delegations and notices, each with a time window.

Times are local wall-clock times (``YYYY-MM-DD HH:MM``) of the showroom's time zone
(``engage.timezone``, Asia/Shanghai). The overlap rule: at any moment at most one message of
each kind is shown; of several that overlap, **the one that started latest wins** (on equal
starts, the one that ends first, then the newest). Qt-free.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.content.engagement import TIME_FORMAT, check_window
from kiosk.content.text import Text

KINDS = ("welcome", "notice")
TEXT_MAX_CHARS = 120
Clock = Callable[[], dt.datetime]  # an aware "now"


@dataclasses.dataclass(frozen=True)
class Message:
    kind: str
    text: Text
    starts_at: str   # local "YYYY-MM-DD HH:MM", inclusive
    ends_at: str     # local, exclusive
    id: int = 0

    def active_at(self, now_local: str) -> bool:
        return self.starts_at <= now_local < self.ends_at


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_now(clock: Clock, tz: str) -> str:
    """``clock()`` as a local ``YYYY-MM-DD HH:MM`` string of time zone ``tz``."""
    return clock().astimezone(ZoneInfo(tz)).strftime(TIME_FORMAT)


def fixed_clock(local: str, tz: str) -> Clock:
    """A clock standing still at the local time ``local`` (``kiosk shot --at``, tests)."""
    moment = dt.datetime.strptime(local, TIME_FORMAT).replace(tzinfo=ZoneInfo(tz))
    return lambda: moment


def parse_messages(raw: object, fail: Callable[[str, str], None],
                   bilingual: Callable[[str, object], dict[str, str]]) -> list[Message]:
    """``[[messages]]`` of showroom.toml."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        fail("messages", "must be a list of [[messages]] tables")
        return []
    out = []
    for i, row in enumerate(raw, 1):
        field = f"messages[{i}]"
        if not isinstance(row, dict):
            fail(field, "must be a table")
            continue
        kind = row.get("kind", "welcome")
        if kind not in KINDS:
            fail(f"{field}.kind", f"{kind!r} is not one of {', '.join(KINDS)}")
        text = bilingual(f"{field}.text", row.get("text"))
        for lang in ("zh", "en"):
            if len(text[lang]) > TEXT_MAX_CHARS:
                fail(f"{field}.text.{lang}", f"{len(text[lang])} characters; at most "
                                             f"{TEXT_MAX_CHARS} fit the banner")
        def fail_in(key: str, why: str, field: str = field) -> None:
            fail(f"{field}.{key}", why)

        start, end = check_window(fail_in, "start", row.get("start"), "end", row.get("end"),
                                  required=True)
        for extra in sorted(set(row) - {"kind", "text", "start", "end"}):
            fail(f"{field}.{extra}", "unknown field")
        out.append(Message(str(kind), Text(**text), start or "", end or ""))
    return out


def problems(m: Message) -> list[str]:
    """What is wrong with a message a curator is editing (field: why), in English."""
    out = []
    if m.kind not in KINDS:
        out.append(f"kind: {m.kind!r} is not one of {', '.join(KINDS)}")
    for lang in ("zh", "en"):
        text = m.text.get(lang).strip()
        if not text:
            out.append(f"text.{lang}: missing")
        elif len(text) > TEXT_MAX_CHARS:
            out.append(f"text.{lang}: at most {TEXT_MAX_CHARS} characters")
    check_window(lambda k, why: out.append(f"{k}: {why}"), "start", m.starts_at or None,
                 "end", m.ends_at or None, required=True)
    return out


def winner(messages: Iterable[Message], kind: str, now_local: str) -> Message | None:
    """The message of ``kind`` shown at ``now_local``: the latest start wins."""
    live = [m for m in messages if m.kind == kind and m.active_at(now_local)]
    if not live:
        return None
    return max(live, key=lambda m: (m.starts_at, _neg(m.ends_at), m.id))


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


def boundaries(times: Iterable[str | None], now_local: str) -> str | None:
    """The first local time after ``now_local`` at which something starts or ends."""
    later = sorted(t for t in times if t and t > now_local)
    return later[0] if later else None


def seconds_until(local: str, clock: Clock, tz: str) -> float:
    target = dt.datetime.strptime(local, TIME_FORMAT).replace(tzinfo=ZoneInfo(tz))
    return (target - clock()).total_seconds()


def to_row(m: Message) -> dict[str, Any]:
    return {"kind": m.kind, "text_zh": m.text.zh, "text_en": m.text.en,
            "starts_at": m.starts_at, "ends_at": m.ends_at}


def from_row(row: Mapping[str, Any]) -> Message:
    return Message(row["kind"], Text(row["text_zh"], row["text_en"]), row["starts_at"],
                   row["ends_at"], int(row.get("id") or 0))


def to_toml(m: Message) -> dict[str, Any]:
    return {"kind": m.kind, "text": {"zh": m.text.zh, "en": m.text.en},
            "start": m.starts_at, "end": m.ends_at}
