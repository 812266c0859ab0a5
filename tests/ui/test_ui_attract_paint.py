"""The attract page paints from cached pieces (the prompt's plate, a video slide's overlay):
what a visitor sees must follow the language and the palette all the same."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QColor, QImage, QPainter

from kiosk.ui import theme
from kiosk.ui.i18n import tr


def _plate_interior(page) -> QRect:  # type: ignore[no-untyped-def]
    """The plate without its rounded ends and edges (there the pulsing glow shows through)."""
    r = page._prompt_rect().toAlignedRect()
    return r.adjusted(r.height() // 2 + 4, 6, -(r.height() // 2 + 4), -6)


def _on_screen(page) -> QImage:  # type: ignore[no-untyped-def]
    return page.grab(_plate_interior(page)).toImage().convertToFormat(QImage.Format.Format_RGB32)


def _fresh(page) -> QImage:  # type: ignore[no-untyped-def]
    """The plate painted straight from the current language and palette, no cache."""
    full = QImage(page.size(), QImage.Format.Format_RGB32)
    full.fill(QColor(theme.palette().bg))
    p = QPainter(full)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    page._paint_plate(p, page.metrics, page._prompt_rect())
    p.end()
    return full.copy(_plate_interior(page))


def _max_diff(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    worst = 0
    for y in range(0, a.height(), 2):
        for x in range(0, a.width(), 2):
            ca, cb = a.pixelColor(x, y), b.pixelColor(x, y)
            worst = max(worst, abs(ca.red() - cb.red()), abs(ca.green() - cb.green()),
                        abs(ca.blue() - cb.blue()))
    return worst


def test_prompt_plate_follows_language_and_palette(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.attract
    assert window.current == "attract" and page.lang == "zh"
    zh = _on_screen(page)
    assert _max_diff(zh, _fresh(page)) <= 2
    window.state.toggle_language()
    qtbot.wait_until(lambda: page.lang == "en")
    assert page.visible_texts().count(tr("touch_to_start", "en")) == 1
    en = _on_screen(page)
    assert _max_diff(en, zh) > 60  # the first line is now English: the cached plate was redone
    assert _max_diff(en, _fresh(page)) <= 2
    try:
        window.access.set(high_contrast=True)
        assert theme.palette() is theme.HIGH_CONTRAST
        hc = _on_screen(page)
        assert _max_diff(hc, en) > 20
        assert _max_diff(hc, _fresh(page)) <= 2
    finally:
        window.access.set(high_contrast=False)
    window.state.toggle_language()
    qtbot.wait_until(lambda: page.lang == "zh")
    assert _max_diff(_on_screen(page), zh) <= 2


class _Paints(QObject):
    def __init__(self, widget) -> None:  # type: ignore[no-untyped-def]
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_prompt_pulses_again_after_a_video_frame_and_another_page(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.attract
    page._on_video_frame()  # a video frame painted: the pulse timer leaves the repaint to it
    page._last_video_frame = 3600.0  # ... an hour into the loop
    window.show_page("home")
    qtbot.wait_until(lambda: not page.isVisible())
    window.return_to_attract()
    qtbot.wait_until(page.isVisible)
    paints = _Paints(page)
    start = page.frames
    qtbot.wait_until(lambda: page.frames >= start + 10, timeout=5000)
    # no video plays now: each pulse frame repaints the prompt itself (the page's clock
    # started again from 0, so the old frame's time must not count as recent)
    assert paints.count >= 8
