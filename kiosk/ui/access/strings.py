"""Every text of the accessibility chrome, in zh-CN and en (as ``kiosk.ui.i18n``)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "button": ("无障碍", "Access"),
    "panel_title": ("无障碍选项", "Accessibility"),
    "panel_hint": ("轻触即可生效，无人操作时自动恢复",
                   "Each takes effect at once; all reset when you leave"),
    "text_size": ("文字大小", "Text size"),
    "size_100": ("标准字号", "Normal text"),
    "size_150": ("大字 150%", "Large text 150%"),
    "size_200": ("特大字 200%", "Largest 200%"),
    "high_contrast": ("高对比度", "High contrast"),
    "reach": ("低位模式", "Low reach"),
    "reduce_motion": ("减少动效", "Reduce motion"),
    "read_aloud": ("朗读", "Read aloud"),
    "read_aloud_missing": ("朗读暂不可用", "Read-aloud is not available"),
    "reset_all": ("全部恢复", "Reset all"),
    "close": ("关闭", "Close"),
    "on": ("开", "on"),
    "off": ("关", "off"),
    "reach_note": ("低位模式：全部内容与按钮都在下方",
                   "Low reach: everything is within reach below"),
    "still_there": ("还在吗？", "Still there?"),
    "still_there_body": ("{s} 秒后返回首屏", "Returning to the start in {s} s"),
    "more_time": ("继续浏览", "More time"),
    "next_picture": ("下一张图片", "Next picture"),
    "previous_picture": ("上一张图片", "Previous picture"),
}


def t(key: str, lang: str, **fields: object) -> str:
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**fields) if fields else text


def both(key: str, lang: str, **fields: object) -> str:
    """The text in ``lang`` first, then the other language."""
    other = "zh" if lang == "en" else "en"
    return f"{t(key, lang, **fields)} · {t(key, other, **fields)}"
