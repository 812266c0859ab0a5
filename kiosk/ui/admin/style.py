"""The admin screens' look: the visitor UI's dark palette, denser type, form controls."""

from __future__ import annotations

from kiosk.ui import theme
from kiosk.ui.theme import ACCENT, ACCENT2, BG, BG2, CARD, CARD_LINE, MUTED, TEXT

DANGER = "#FF6B6B"
OK = "#5EDC9A"
FIELD = "#0B1930"


def stylesheet(m: theme.Metrics) -> str:
    px = m.px
    tap = m.tap(64)
    r = tap // 2
    return f"""
    QWidget {{ color: {TEXT}; font-family: "{theme.FONT_FAMILY}"; font-size: {px(21)}px; }}
    #admShell, #admContent {{ background: {BG}; }}
    #admSide {{ background: {BG2}; border-right: 1px solid {CARD_LINE}; }}
    #admTop {{ background: {BG}; border-bottom: 1px solid {CARD_LINE}; }}
    #admTitle {{ font-size: {px(26)}px; font-weight: 700; }}
    #admBadge {{ background: {ACCENT2}; color: {BG}; font-size: {px(15)}px; font-weight: 800;
                 border-radius: {px(10)}px; padding: {px(3)}px {px(12)}px; }}
    #admNav {{ background: transparent; border: none; border-radius: {px(14)}px; text-align: left;
               padding: 0 {px(22)}px; font-size: {px(21)}px; font-weight: 600; color: {MUTED}; }}
    #admNav:checked {{ background: {CARD}; color: {TEXT}; border-left: {px(4)}px solid {ACCENT}; }}
    #admNav:pressed {{ background: {CARD_LINE}; }}
    #admH1 {{ font-size: {px(34)}px; font-weight: 700; }}
    #admH2 {{ font-size: {px(24)}px; font-weight: 700; }}
    #admH3 {{ font-size: {px(19)}px; font-weight: 700; color: {ACCENT}; letter-spacing: 1px; }}
    #admMuted {{ font-size: {px(17)}px; color: {MUTED}; }}
    #admSmall {{ font-size: {px(15)}px; color: {MUTED}; }}
    #admCard {{ background: {CARD}; border: 1px solid {CARD_LINE}; border-radius: {px(18)}px; }}
    #admRow {{ background: {CARD}; border: 1px solid {CARD_LINE}; border-radius: {px(16)}px; }}
    #admBtn, #admBtnAccent, #admBtnDanger, #admBtnGhost, #admSeg {{
        min-height: {tap}px; border-radius: {r}px; padding: 0 {px(24)}px;
        font-size: {px(20)}px; font-weight: 600; }}
    #admBtn {{ background: {CARD}; border: 1px solid {CARD_LINE}; }}
    #admBtn:pressed, #admBtnGhost:pressed {{ background: {CARD_LINE}; }}
    #admBtn:disabled, #admBtnAccent:disabled, #admBtnDanger:disabled {{ color: #55677F; background: {BG2}; border: 1px solid {CARD_LINE}; }}
    #admBtnAccent {{ background: {ACCENT}; color: {BG}; border: none; font-weight: 700; }}
    #admBtnAccent:pressed {{ background: #25A89C; }}
    #admBtnDanger {{ background: transparent; color: {DANGER}; border: 1px solid {DANGER}; }}
    #admBtnDanger:pressed {{ background: #3A1A22; }}
    #admBtnGhost {{ background: transparent; border: none; color: {MUTED}; }}
    #admSeg {{ background: {BG2}; border: 1px solid {CARD_LINE}; border-radius: {px(14)}px; color: {MUTED}; }}
    #admSeg:checked {{ background: {ACCENT}; color: {BG}; border: 1px solid {ACCENT}; font-weight: 700; }}
    #admIcon {{ min-width: {tap}px; max-width: {tap}px; min-height: {tap}px; border-radius: {r}px;
                background: {BG2}; border: 1px solid {CARD_LINE}; font-size: {px(24)}px; font-weight: 700; }}
    #admIcon:pressed {{ background: {CARD_LINE}; }}
    #admIcon:disabled {{ color: #3B4D66; }}
    QLineEdit, QPlainTextEdit, QComboBox {{
        background: {FIELD}; border: 1px solid {CARD_LINE}; border-radius: {px(12)}px;
        padding: {px(10)}px {px(14)}px; font-size: {px(20)}px; selection-background-color: {ACCENT};
        selection-color: {BG}; }}
    QLineEdit, QComboBox {{ min-height: {tap - px(22)}px; }}
    QLineEdit:focus, QPlainTextEdit:focus {{ border: 2px solid {ACCENT}; }}
    QLineEdit[missing="true"], QPlainTextEdit[missing="true"] {{ border: 2px solid {DANGER}; }}
    QComboBox::drop-down {{ width: {px(44)}px; border: none; }}
    QComboBox QAbstractItemView {{ background: {CARD}; border: 1px solid {CARD_LINE};
        selection-background-color: {ACCENT}; selection-color: {BG}; font-size: {px(20)}px; }}
    QComboBox QAbstractItemView::item {{ min-height: {tap}px; }}
    QProgressBar {{ background: {BG2}; border: none; border-radius: {px(6)}px; height: {px(12)}px;
                    max-height: {px(12)}px; color: transparent; }}
    QProgressBar::chunk {{ background: {ACCENT}; border-radius: {px(6)}px; }}
    QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
    QScrollBar:vertical {{ background: transparent; width: {px(10)}px; margin: 0; }}
    QScrollBar::handle:vertical {{ background: {CARD_LINE}; border-radius: {px(5)}px; min-height: 40px; }}
    QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
    #admMissing {{ background: #2A1620; border: 1px solid {DANGER}; border-radius: {px(14)}px;
                   color: #FFD5D5; padding: {px(12)}px {px(16)}px; font-size: {px(18)}px; }}
    #admOkNote {{ background: #10291F; border: 1px solid {OK}; border-radius: {px(14)}px;
                  color: #CFF5E0; padding: {px(12)}px {px(16)}px; font-size: {px(18)}px; }}
    #admError {{ color: {DANGER}; font-size: {px(18)}px; }}
    #admDot {{ color: {DANGER}; font-size: {px(22)}px; font-weight: 900; }}
    #admToast {{ background: {TEXT}; color: {BG}; border-radius: {px(24)}px; padding: {px(14)}px {px(28)}px;
                 font-size: {px(20)}px; font-weight: 600; }}
    #admBanner {{ background: {ACCENT2}; color: {BG}; font-weight: 800; font-size: {px(20)}px;
                  padding: {px(10)}px; }}
    #admChipOk {{ background: rgba(46,196,182,0.18); color: {ACCENT}; border-radius: {px(12)}px;
                  padding: {px(4)}px {px(12)}px; font-size: {px(15)}px; font-weight: 700; }}
    #admChipWarn {{ background: rgba(242,165,65,0.18); color: {ACCENT2}; border-radius: {px(12)}px;
                    padding: {px(4)}px {px(12)}px; font-size: {px(15)}px; font-weight: 700; }}
    #admChipBad {{ background: rgba(255,107,107,0.16); color: {DANGER}; border-radius: {px(12)}px;
                   padding: {px(4)}px {px(12)}px; font-size: {px(15)}px; font-weight: 700; }}
    #admChipMuted {{ background: rgba(159,178,204,0.14); color: {MUTED}; border-radius: {px(12)}px;
                     padding: {px(4)}px {px(12)}px; font-size: {px(15)}px; font-weight: 700; }}
    #admThumb {{ background: {BG2}; border-radius: {px(12)}px; }}
    """


def pinpad_stylesheet(m: theme.Metrics) -> str:
    px = m.px
    key = m.tap(96)
    return f"""
    QWidget {{ color: {TEXT}; font-family: "{theme.FONT_FAMILY}"; }}
    #pinCard {{ background: {CARD}; border: 1px solid {CARD_LINE}; border-radius: {px(28)}px; }}
    #pinTitle {{ font-size: {px(28)}px; font-weight: 700; }}
    #pinSub {{ font-size: {px(18)}px; color: {MUTED}; }}
    #pinDots {{ font-size: {px(40)}px; color: {ACCENT}; letter-spacing: {px(10)}px; }}
    #pinMsg {{ font-size: {px(18)}px; color: {MUTED}; }}
    #pinMsg[kind="error"] {{ color: {DANGER}; }}
    #pinMsg[kind="locked"] {{ color: {ACCENT2}; }}
    #pinKey {{ min-width: {key}px; min-height: {key}px; border-radius: {key // 2}px;
               background: {BG2}; border: 1px solid {CARD_LINE}; font-size: {px(36)}px; font-weight: 600; }}
    #pinKey:pressed {{ background: {CARD_LINE}; }}
    #pinKey:disabled {{ color: #3B4D66; }}
    #pinAux {{ min-width: {key}px; min-height: {key}px; border-radius: {key // 2}px; background: transparent;
               border: none; font-size: {px(19)}px; color: {MUTED}; font-weight: 600; }}
    #pinAux:pressed {{ background: {CARD_LINE}; }}
    #pinOk {{ min-height: {m.tap(72)}px; border-radius: {m.tap(72) // 2}px; background: {ACCENT}; color: {BG};
              border: none; font-size: {px(22)}px; font-weight: 700; }}
    #pinOk:disabled {{ background: {BG2}; color: #55677F; }}
    #pinCancel {{ min-height: {m.tap(72)}px; border-radius: {m.tap(72) // 2}px; background: transparent;
                  border: 1px solid {CARD_LINE}; font-size: {px(22)}px; font-weight: 600; }}
    #pinCancel:pressed {{ background: {CARD_LINE}; }}
    """
