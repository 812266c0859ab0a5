"""Colours, font sizes and the style sheet, scaled to the screen."""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QColor

BG = "#081223"
BG2 = "#0E1C33"
CARD = "#12233F"
CARD_LINE = "#1F3657"
TEXT = "#F2F6FB"
MUTED = "#9FB2CC"
ACCENT = "#2EC4B6"
ACCENT2 = "#F2A541"

CATEGORY_ACCENT = {
    "instrument": "#2EC4B6",
    "robotics": "#F2A541",
    "branch": "#5B8DEF",
    "company": "#C77DFF",
}

FONT_FAMILY = "Noto Sans CJK SC"
MIN_TAP = 60


def accent_for(category: str) -> QColor:
    return QColor(CATEGORY_ACCENT.get(category, ACCENT))


@dataclasses.dataclass(frozen=True)
class Metrics:
    """Sizes derived from the window: 1.0 at 1920x1080 and at 1080x1920."""

    width: int
    height: int

    @property
    def unit(self) -> float:
        return max(0.66, min(1.6, min(self.width, self.height) / 1080))

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    def px(self, value: float) -> int:
        return max(1, round(value * self.unit))

    def tap(self, value: float = 72) -> int:
        return max(MIN_TAP, self.px(value))


def stylesheet(m: Metrics) -> str:
    px = m.px
    return f"""
    QWidget {{ color: {TEXT}; font-family: "{FONT_FAMILY}"; font-size: {px(24)}px; }}
    QMainWindow, QStackedWidget, #page {{ background: {BG}; }}
    QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
    QScrollBar:vertical {{ background: transparent; width: {px(8)}px; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {CARD_LINE}; border-radius: {px(4)}px;
                                   min-height: 40px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
    QScrollBar:horizontal {{ height: 0; }}
    #topbar {{ background: {BG}; border-bottom: 1px solid {CARD_LINE}; }}
    #brand {{ font-size: {px(26)}px; font-weight: 700; }}
    #brandSub {{ font-size: {px(17)}px; color: {MUTED}; }}
    #pill {{ background: {CARD}; border: 1px solid {CARD_LINE}; border-radius: {m.tap() // 2}px;
             padding: 0 {px(28)}px; font-size: {px(24)}px; font-weight: 600; }}
    #pill:pressed {{ background: {CARD_LINE}; }}
    #pillAccent {{ background: {ACCENT}; color: {BG}; border: none; border-radius: {m.tap() // 2}px;
                   padding: 0 {px(28)}px; font-size: {px(24)}px; font-weight: 700; }}
    #h1 {{ font-size: {px(54)}px; font-weight: 700; }}
    #h2 {{ font-size: {px(34)}px; font-weight: 700; }}
    #h3 {{ font-size: {px(26)}px; font-weight: 700; color: {ACCENT}; }}
    #lead {{ font-size: {px(28)}px; color: {TEXT}; }}
    #body {{ font-size: {px(23)}px; color: #D5DEEA; }}
    #muted {{ font-size: {px(20)}px; color: {MUTED}; }}
    #caption {{ font-size: {px(19)}px; color: {MUTED}; }}
    #chip {{ font-size: {px(17)}px; font-weight: 700; border-radius: {px(14)}px;
             padding: {px(4)}px {px(14)}px; }}
    #specKey {{ font-size: {px(21)}px; color: {MUTED}; }}
    #specValue {{ font-size: {px(21)}px; color: {TEXT}; }}
    #specRow {{ border-bottom: 1px solid {CARD_LINE}; }}
    #panel {{ background: {CARD}; border: 1px solid {CARD_LINE}; border-radius: {px(20)}px; }}
    #qrTile {{ background: {CARD}; border: 1px solid {CARD_LINE}; border-radius: {px(16)}px; }}
    #qrHeading {{ font-size: {px(30)}px; font-weight: 700; color: {ACCENT}; }}
    #qrHeading2 {{ font-size: {px(21)}px; color: {MUTED}; }}
    #qrUrl {{ font-size: {px(18)}px; color: {TEXT}; }}
    #banner {{ background: {ACCENT2}; color: {BG}; font-weight: 700; font-size: {px(20)}px;
               padding: {px(6)}px; }}
    #narrationProgress {{ background: {CARD}; border: 1px solid {CARD_LINE};
                          border-radius: {m.tap() // 2}px; color: {TEXT}; text-align: center;
                          font-size: {px(22)}px; font-weight: 600; }}
    #narrationProgress::chunk {{ background: rgba(46, 196, 182, 90);
                                 border-radius: {m.tap() // 2}px; }}
    """
