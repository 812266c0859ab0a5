"""Colours, font sizes and the style sheet, scaled to the screen.

Every colour a visitor page uses is defined here, once per theme (``NORMAL`` and
``HIGH_CONTRAST``), and every text/background and control/background pair the pages draw is
listed by ``colour_pairs`` so a test can compute each contrast ratio (WCAG 2.2).
The module constants (``BG``, ``TEXT`` …) are the normal theme, kept for admin mode; visitor
code reads ``palette()``, which follows the high-contrast mode.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from PySide6.QtGui import QColor


@dataclasses.dataclass(frozen=True)
class Palette:
    name: str
    bg: str            # page background
    bg2: str
    card: str          # cards, panels, chart cards
    card_line: str     # card outlines, dividers
    text: str          # titles, primary text
    body: str          # running text
    muted: str         # secondary text, captions, axis ticks
    accent: str        # headings (h3), accent buttons' fill, live badge, notes
    accent2: str       # replay badge, second axis, banner
    on_accent: str     # text on the accent fill
    focus: str         # the keyboard focus ring
    focus_halo: str    # the ring's inner outline (keeps it visible on any background)
    control_line: str  # outline of buttons (non-text contrast)
    scrim: str         # plate behind text drawn over pictures (attract, upper reach area)
    scrim_alpha: int   # 0-255: how opaque that plate is
    chip_alpha: int    # chip background: the category colour at this alpha over the card
    categories: dict[str, str]
    series: tuple[str, ...]   # chart lines
    chart_raw: str            # the raw learning rate behind its trend

    def category(self, category: str) -> str:
        return self.categories.get(category, self.accent)


NORMAL = Palette(
    name="normal", bg="#081223", bg2="#0E1C33", card="#12233F", card_line="#1F3657",
    text="#F2F6FB", body="#D5DEEA", muted="#9FB2CC", accent="#2EC4B6", accent2="#F2A541",
    on_accent="#081223", focus="#FFD84D", focus_halo="#081223", control_line="#35537D",
    scrim="#081223", scrim_alpha=215, chip_alpha=46,
    # branch and company were #5B8DEF and #C77DFF: under 4.5:1 as chip text on their tint
    categories={"instrument": "#2EC4B6", "robotics": "#F2A541", "branch": "#7FA8F5",
                "company": "#D08FFF"},
    series=("#2EC4B6", "#7FA8F5", "#F2A541", "#D08FFF", "#FF6B8B", "#9BE15D"),
    chart_raw="#7D93B2",
)

HIGH_CONTRAST = Palette(
    name="high-contrast", bg="#000000", bg2="#000000", card="#0A0A0A", card_line="#FFFFFF",
    text="#FFFFFF", body="#FFFFFF", muted="#E6E6E6", accent="#FFE14D", accent2="#7FE8FF",
    on_accent="#000000", focus="#FF4FD8", focus_halo="#000000", control_line="#FFFFFF",
    scrim="#000000", scrim_alpha=255, chip_alpha=0,
    categories={"instrument": "#5EF0E0", "robotics": "#FFC266", "branch": "#A9CBFF",
                "company": "#E3B8FF"},
    # yellow first: a chart's single right-hand series is accent2 (cyan), which must not be
    # mistaken for the first left-hand one
    series=("#FFE14D", "#FF9EC4", "#5EF0E0", "#A9CBFF", "#B8F28A", "#FFC266"),
    chart_raw="#B0B0B0",
)

THEMES = {"normal": NORMAL, "high-contrast": HIGH_CONTRAST}
_current: Palette = NORMAL


def palette() -> Palette:
    """The palette visitor pages paint with now."""
    return _current


def use_palette(p: Palette) -> None:
    global _current
    _current = p


# the normal theme under the old names (admin mode paints with these)
BG = NORMAL.bg
BG2 = NORMAL.bg2
CARD = NORMAL.card
CARD_LINE = NORMAL.card_line
TEXT = NORMAL.text
MUTED = NORMAL.muted
ACCENT = NORMAL.accent
ACCENT2 = NORMAL.accent2
CATEGORY_ACCENT = NORMAL.categories

FONT_FAMILY = "Noto Sans CJK SC"
MIN_TAP = 60


def accent_for(category: str) -> QColor:
    return QColor(palette().category(category))


# --- contrast ---------------------------------------------------------------------------------
def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""
    h = colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    a, b = luminance(fg), luminance(bg)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def blend(top: str, under: str, alpha: int) -> str:
    """``top`` at ``alpha`` (0-255) over ``under``, as an opaque colour."""
    t, u = top.lstrip("#"), under.lstrip("#")
    a = alpha / 255
    out = [round(int(t[i:i + 2], 16) * a + int(u[i:i + 2], 16) * (1 - a)) for i in (0, 2, 4)]
    return "#" + "".join(f"{c:02X}" for c in out)


@dataclasses.dataclass(frozen=True)
class Pair:
    what: str
    fg: str
    bg: str
    kind: str  # "body" (normal text), "large" (>= 24 px bold or 32 px), "control" (non-text)


def colour_pairs(p: Palette) -> Iterator[Pair]:
    """Every foreground/background pair the visitor pages draw with ``p``."""
    worst_picture = "#FFFFFF"  # text over a photo: assume the brightest photo under the plate
    plate = blend(p.scrim, worst_picture, p.scrim_alpha)
    for where, bg in (("page", p.bg), ("card", p.card), ("picture plate", plate)):
        yield Pair(f"text on {where}", p.text, bg, "body")
        yield Pair(f"body on {where}", p.body, bg, "body")
        yield Pair(f"muted on {where}", p.muted, bg, "body")
        yield Pair(f"accent text on {where}", p.accent, bg, "body")
        yield Pair(f"accent2 text on {where}", p.accent2, bg, "body")
        yield Pair(f"focus ring on {where}", p.focus, bg, "control")
    yield Pair("text on accent button", p.on_accent, p.accent, "body")
    yield Pair("text on banner", p.on_accent, p.accent2, "body")
    yield Pair("accent button on page", p.accent, p.bg, "control")
    yield Pair("button outline on page", p.control_line, p.bg, "control")
    yield Pair("button outline on card", p.control_line, p.card, "control")
    yield Pair("focus ring halo on ring", p.focus_halo, p.focus, "control")
    for cat, colour in p.categories.items():
        chip_bg = blend(colour, p.card, p.chip_alpha)
        yield Pair(f"{cat} chip text", colour, chip_bg, "body")
        yield Pair(f"{cat} chip text on page", colour, blend(colour, p.bg, p.chip_alpha), "body")
        yield Pair(f"{cat} bullet and accent line on card", colour, p.card, "control")
    for i, colour in enumerate(p.series):
        yield Pair(f"chart series {i + 1}", colour, p.card, "control")
        yield Pair(f"legend swatch {i + 1}", colour, p.card, "control")
    yield Pair("raw learning rate", p.chart_raw, p.card, "control")


# --- sizes ------------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Metrics:
    """Sizes derived from the window: 1.0 at 1920x1080 and at 1080x1920.

    ``width`` x ``height`` is the area the pages get (smaller than the window in reach mode);
    ``unit_size`` is the window's short side, so a smaller area does not shrink the text.
    ``text_scale`` is the large-text mode (1, 1.5 or 2); ``min_tap`` the smallest touch
    target in pixels on the configured panel.
    """

    width: int
    height: int
    text_scale: float = 1.0
    min_tap: int = MIN_TAP
    unit_size: int = 0

    @property
    def unit(self) -> float:
        short = self.unit_size or min(self.width, self.height)
        return max(0.66, min(1.6, short / 1080))

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def large(self) -> bool:
        return self.text_scale > 1.01

    def px(self, value: float) -> int:
        return max(1, round(value * self.unit))

    def fpx(self, value: float) -> int:
        """A font size: ``px`` times the large-text scale."""
        return max(1, round(value * self.unit * self.text_scale))

    def tap(self, value: float = 72) -> int:
        """A touch target's height: grows with the text so a larger label still fits."""
        grow = 1 + (self.text_scale - 1) * 0.6
        return max(self.min_tap, self.px(value * grow))


def stylesheet(m: Metrics, p: Palette | None = None) -> str:
    p = p or palette()
    px, fpx = m.px, m.fpx
    line = max(1, px(2)) if p is HIGH_CONTRAST else 1
    chunk = "rgba(46, 196, 182, 90)" if p is NORMAL else "#3A3A3A"  # narration progress
    return f"""
    QWidget {{ color: {p.text}; font-family: "{FONT_FAMILY}"; font-size: {fpx(24)}px; }}
    QMainWindow, QStackedWidget, #page, #visitorFrame {{ background: {p.bg}; }}
    QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
    QScrollBar:vertical {{ background: transparent; width: {px(8)}px; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {p.control_line}; border-radius: {px(4)}px;
                                   min-height: 40px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
    QScrollBar:horizontal {{ height: 0; }}
    #topbar {{ background: {p.bg}; border-bottom: {line}px solid {p.card_line}; }}
    #accessDock {{ background: {p.bg}; border-top: {line}px solid {p.card_line}; }}
    #brand {{ font-size: {fpx(26)}px; font-weight: 700; }}
    #brandSub {{ font-size: {fpx(17)}px; color: {p.muted}; }}
    #pill {{ background: {p.card}; border: {line}px solid {p.control_line};
             border-radius: {m.tap() // 2}px; padding: 0 {px(28)}px; font-size: {fpx(24)}px;
             font-weight: 600; }}
    #pill:pressed, #pill:checked {{ background: {p.card_line}; }}
    #pill:checked {{ color: {p.on_accent if p is HIGH_CONTRAST else p.text}; }}
    #pillAccent {{ background: {p.accent}; color: {p.on_accent}; border: none;
                   border-radius: {m.tap() // 2}px; padding: 0 {px(28)}px;
                   font-size: {fpx(24)}px; font-weight: 700; }}
    #h1 {{ font-size: {fpx(54)}px; font-weight: 700; }}
    #h2 {{ font-size: {fpx(34)}px; font-weight: 700; }}
    #h3 {{ font-size: {fpx(26)}px; font-weight: 700; color: {p.accent}; }}
    #lead {{ font-size: {fpx(28)}px; color: {p.text}; }}
    #body {{ font-size: {fpx(23)}px; color: {p.body}; }}
    #muted {{ font-size: {fpx(20)}px; color: {p.muted}; }}
    #caption {{ font-size: {fpx(19)}px; color: {p.muted}; }}
    #chip {{ font-size: {fpx(17)}px; font-weight: 700; border-radius: {px(14)}px;
             padding: {px(4)}px {px(14)}px; }}
    #specKey {{ font-size: {fpx(21)}px; color: {p.muted}; }}
    #specValue {{ font-size: {fpx(21)}px; color: {p.text}; }}
    #specRow {{ border-bottom: 1px solid {p.card_line}; }}
    #panel {{ background: {p.card}; border: {line}px solid {p.card_line};
              border-radius: {px(20)}px; }}
    #qrTile {{ background: {p.card}; border: {line}px solid {p.card_line};
               border-radius: {px(16)}px; }}
    #qrHeading {{ font-size: {fpx(30)}px; font-weight: 700; color: {p.accent}; }}
    #qrHeading2 {{ font-size: {fpx(21)}px; color: {p.muted}; }}
    #qrUrl {{ font-size: {fpx(18)}px; color: {p.text}; }}
    #banner {{ background: {p.accent2}; color: {p.on_accent}; font-weight: 700;
               font-size: {fpx(20)}px; padding: {px(6)}px; }}
    #narrationProgress {{ background: {p.card}; border: {line}px solid {p.control_line};
                          border-radius: {m.tap() // 2}px; color: {p.text}; text-align: center;
                          font-size: {fpx(22)}px; font-weight: 600; }}
    #narrationProgress::chunk {{ background: {chunk};
                                 border-radius: {m.tap() // 2}px; }}
    """
