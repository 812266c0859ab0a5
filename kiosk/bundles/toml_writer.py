"""Just enough TOML writing for the content format (the standard library only reads TOML)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r",
            "\b": "\\b", "\f": "\\f"}


def key(name: str) -> str:
    return name if _BARE_KEY.match(name) else string(name)


def string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return string(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{key(str(k))} = {value(x)}" for k, x in v.items()) + " }"
    if v is None:
        raise ValueError("TOML has no null value")
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def pairs(items: Mapping[str, Any]) -> str:
    # None has no TOML spelling; an absent key reads back the same way for optional chart keys
    return "".join(f"{key(k)} = {value(v)}\n" for k, v in items.items() if v is not None)


def document(top: Mapping[str, Any], *, tables: Mapping[str, Mapping[str, Any]] | None = None,
             arrays: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> str:
    """Top-level pairs, then ``[table]`` sections, then ``[[array]]`` entries, in order."""
    parts = [pairs(top)]
    for name, body in (tables or {}).items():
        parts.append(f"\n[{key(name)}]\n{pairs(body)}")
    for name, entries in (arrays or {}).items():
        for body in entries:
            parts.append(f"\n[[{key(name)}]]\n{pairs(body)}")
    return "".join(parts)
