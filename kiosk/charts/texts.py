"""Every string the charts show a visitor, in zh-CN and en, and the badge wording."""

from __future__ import annotations

import datetime

_STRINGS: dict[str, tuple[str, str]] = {
    "live": ("实时", "Live"),
    "replay": ("回放", "Replay"),
    "offline": ("离线", "Offline"),
    "just_now": ("刚刚", "just now"),
    "seconds_ago": ("{n} 秒前", "{n} s ago"),
    "minutes_ago": ("{n} 分钟前", "{n} min ago"),
    "hours_ago": ("{n} 小时前", "{n} h ago"),
    "last_data": ("最后数据 {age}", "last data {age}"),
    "time_axis": ("时间", "Time"),
    "equivalence": ("等当点：{v:.2f} mL，pH {ph:.2f}",
                    "Equivalence point: {v:.2f} mL, pH {ph:.2f}"),
    "half_equivalence": ("半等当点：pKa ≈ {pka:.2f}", "Half-equivalence: pKa ≈ {pka:.2f}"),
    "waiting_equivalence": ("等当点：滴定进行中…",
                            "Equivalence point: titration running…"),
    "peaks": ("已检出 {n} 个峰", "{n} peaks detected"),
    "peak_label": ("{rt:.2f} min", "{rt:.2f} min"),
    "smoothed": ("平滑曲线", "Smoothed"),
    "learning": ("平滑后成功率：{r:.0f}%", "Smoothed success rate: {r:.0f}%"),
}


def text(key: str, lang: str, **values: object) -> str:
    zh, en = _STRINGS[key]
    return (en if lang == "en" else zh).format(**values)


def age_text(age_s: float, lang: str) -> str:
    """'3 秒前' / '3 s ago'; under a second reads as 'just now'."""
    if age_s < 1.0:
        return text("just_now", lang)
    if age_s < 60:
        return text("seconds_ago", lang, n=int(age_s))
    if age_s < 3600:
        return text("minutes_ago", lang, n=int(age_s // 60))
    return text("hours_ago", lang, n=int(age_s // 3600))


def date_text(date: datetime.date, lang: str) -> str:
    if lang == "en":
        return f"{date.day} {date.strftime('%b')} {date.year}"
    return f"{date.year}年{date.month}月{date.day}日"


def badge_text(mode: str, lang: str, *, age_s: float | None,
               recording_date: datetime.date | None) -> str:
    """The badge: 实时 · 3 秒前 / 回放 · 2025年7月8日 / 离线 · 最后数据 5 分钟前"""
    head = text(mode if mode in ("live", "replay") else "offline", lang)
    if mode == "replay":
        if recording_date is None:
            return head
        return f"{head} · {date_text(recording_date, lang)}"
    if age_s is None:
        return head
    if mode == "live":
        return f"{head} · {age_text(age_s, lang)}"
    return f"{head} · {text('last_data', lang, age=age_text(age_s, lang))}"
