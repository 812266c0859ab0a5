"""The curator screens' helpers for the one string table (``kiosk.ui.texts``): field labels,
durations, and the curator's-language gist of a core problem by its code."""

from __future__ import annotations

from kiosk.content.record import FieldPath
from kiosk.reasons import code_of
from kiosk.ui.texts import TEXTS, both, text

__all__ = ["S", "bilingual_reason", "both", "duration", "field_label", "reason_zh", "t"]

S = TEXTS  # one table: visitor and curator texts together
t = text


def duration(seconds: float, lang: str) -> str:
    s = max(1, round(seconds))
    if s < 60:
        return f"{s} 秒" if lang == "zh" else f"{s} s"
    m, s = divmod(s, 60)
    if lang == "zh":
        return f"{m} 分 {s:02d} 秒"
    return f"{m} min {s:02d} s"


_FIELD = {"title": "f.title", "summary": "f.summary", "body": "f.body"}
_ITEM = {"specs": "spec_n", "media": "image_n", "charts": "chart_n"}
_PART = {"key": "f.spec_key", "value": "f.spec_value", "caption": "f.caption",
         "title": "f.chart_title"}


def field_label(path: FieldPath | str, lang: str) -> str:
    """``title.en`` → "标题（英文）"; ``specs[2].value.zh`` → "参数 2 · 参数值（中文）"."""
    p = FieldPath.parse(path) if isinstance(path, str) else path
    if not p.within and not p.lang and p.field in ("media", "category"):
        return t(f"problem.{p.field}", lang)
    if p.within == "charts" and p.field in ("x", "y") and not p.lang:
        return t(f"problem.{p.field}", lang, i=p.index)
    sep = "（{}）" if lang == "zh" else " ({})"
    in_lang = sep.format(t(f"lang.{p.lang}", lang)) if p.lang else ""
    if not p.within and p.field in _FIELD:
        return t(_FIELD[p.field], lang) + in_lang
    if p.within in _ITEM:
        part = _PART.get(p.field)
        return (t(_ITEM[p.within], lang, i=p.index) + (" · " + t(part, lang) if part else "")
                + in_lang)
    return str(p)


def reason_zh(reason: object) -> str:
    """The Chinese gist of a core problem, by its code ("" when it has none)."""
    key = f"reason.{code_of(reason)}"
    return text(key, "zh") if key in TEXTS else ""


def bilingual_reason(reason: str) -> str:
    """``reason`` (English, from the core) with its Chinese gist in front when known."""
    zh = reason_zh(reason)
    return f"{zh} — {reason}" if zh else reason
