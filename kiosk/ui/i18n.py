"""Every string of the UI chrome, in zh-CN and en. Exhibit texts live in the database."""

from __future__ import annotations

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {
    "touch_to_start": ("触摸屏幕，开始探索", "Touch to start"),
    "back": ("返回", "Back"),
    "home": ("首页", "Home"),
    "info": ("关于展厅", "About"),
    "lang_toggle": ("EN", "中文"),
    "specs": ("技术参数", "Specifications"),
    "live_data": ("实时数据", "Live data"),
    "exhibits": ("展项", "Exhibits"),
    "explore": ("点击了解", "Tap to explore"),
    "swipe_hint": ("左右滑动查看更多图片", "Swipe for more pictures"),
    "no_exhibits": ("展项内容正在更新，请稍候", "Exhibits are being updated, please come back soon"),
    "cat.instrument": ("AI 仪器", "AI instrument"),
    "cat.robotics": ("具身智能", "Embodied AI"),
    "cat.branch": ("关于我们", "About us"),
    "cat.company": ("入孵企业", "Resident company"),
    "welcome": ("欢迎", "Welcome"),
    "preview_banner": ("预览 · 访客尚不可见", "Preview · not yet visible to visitors"),
    "listen": ("听讲解", "Listen"),
    "pause": ("暂停", "Pause"),
    "resume": ("继续", "Resume"),
    "stop": ("停止", "Stop"),
    "unmute": ("打开声音", "Sound on"),
    "mute": ("关闭声音", "Sound off"),
}


def tr(key: str, lang: str) -> str:
    """The text of ``key`` in ``lang`` (zh or en)."""
    zh, en = STRINGS[key]
    return en if lang == "en" else zh


def category_label(category: str, lang: str) -> str:
    key = f"cat.{category}"
    return tr(key, lang) if key in STRINGS else category
