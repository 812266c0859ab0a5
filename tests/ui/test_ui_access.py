"""The accessibility modes as a visitor meets them: the access button and its panel, the
themes' contrast, the panel's physical geometry, the "still there?" warning, reduce motion,
the idle reset of every mode, and ``kiosk shot --mode``."""

from __future__ import annotations

import argparse

import pytest
from helpers.access import overlap_problems, reach_problems, settle, target_problems
from helpers.touch import swipe, tap
from PySide6.QtCore import QAbstractAnimation, QEvent, QObject, QPoint
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk import settings
from kiosk.ui import theme
from kiosk.ui.access.geometry import PanelGeometry
from kiosk.ui.access.modes import Modes
from kiosk.ui.access.strings import t


def start(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    tap(window.attract, QPoint(300, 300))
    qtbot.wait_until(lambda: window.current == "home")


# --- colours -----------------------------------------------------------------------------------
@pytest.mark.parametrize("palette", [theme.NORMAL, theme.HIGH_CONTRAST], ids=lambda p: p.name)
def test_every_colour_pair_meets_its_contrast(palette: theme.Palette) -> None:
    pairs = list(theme.colour_pairs(palette))
    assert len(pairs) > 30
    if palette is theme.HIGH_CONTRAST:  # WCAG AAA text, and 3:1 for every control
        need = {"body": 7.0, "large": 7.0, "control": 3.0}
    else:  # AA: 4.5:1 body text, 3:1 large text
        need = {"body": 4.5, "large": 3.0, "control": 0.0}
    low = [f"{p.what}: {p.fg} on {p.bg} is {theme.contrast(p.fg, p.bg):.2f}:1, needs "
           f"{need[p.kind]}:1" for p in pairs if theme.contrast(p.fg, p.bg) < need[p.kind]]
    assert not low, "\n".join(low)


def test_contrast_arithmetic() -> None:
    assert theme.contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert theme.blend("#FFFFFF", "#000000", 255) == "#FFFFFF"
    assert theme.blend("#FFFFFF", "#000000", 0) == "#000000"


# --- the panel in millimetres -----------------------------------------------------------------
def test_a_32_inch_1080p_panel_at_the_default_mounting() -> None:
    g = PanelGeometry.from_config(settings.defaults(), 1920, 1080)
    assert g.mm_per_px == pytest.approx(0.369, abs=0.001)
    assert g.height_mm == pytest.approx(398.5, abs=0.5)
    assert g.min_target_px == 55  # 20 mm
    top, bottom = g.band_px()
    assert (top, bottom) == (484, 1080)
    assert g.floor_mm(top) <= 1220 < g.floor_mm(top - 1)
    assert g.floor_mm(bottom) == pytest.approx(1000)
    # mounted low, the band stops above the bottom edge; mounted too high, there is none
    low = PanelGeometry(1920, 1080, mount_mm=200)
    assert low.floor_mm(low.band_px()[1]) >= 380 > low.floor_mm(low.band_px()[1] + 1)
    high = PanelGeometry(1920, 1080, mount_mm=1300)
    assert high.band_px()[0] == high.band_px()[1]
    # a measured height wins over the diagonal
    assert PanelGeometry(1080, 1920, height_mm_override=960).mm_per_px == pytest.approx(0.5)


def test_access_settings_are_defined_with_defaults_and_bounds() -> None:
    cfg = settings.parse({"access": {"text_scale": 1.5, "reach": True, "mount_height_mm": 5000}})
    assert cfg["access.text_scale"] == 1.5 and cfg["access.reach"] is True
    assert cfg["access.mount_height_mm"] == 1000.0
    assert any("access.mount_height_mm" in p for p in cfg.problems)
    assert Modes.from_config(cfg) == Modes(text_scale=1.5, reach=True)


# --- the button and the panel -----------------------------------------------------------------
def test_access_button_is_in_the_same_place_on_every_page(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    button = window.frame.dock.button
    places = set()
    for page in ("attract", "home", "info"):
        window.show_page(page)
        settle()
        assert button.isVisible()
        places.add((button.mapTo(window, QPoint(0, 0)).toTuple(), button.size().toTuple()))
    window.open_exhibit("gc-ms")
    settle()
    places.add((button.mapTo(window, QPoint(0, 0)).toTuple(), button.size().toTuple()))
    assert len(places) == 1
    (_x, y), (w, h) = places.pop()
    top, bottom = window.geometry_mm.band_px()
    assert top <= y and y + h <= bottom, "inside the reach band"
    assert "无障碍" in button.text() and "Access" in button.text()
    assert w <= button.sizeHint().width() + 2, "its own size, not the whole strip"
    # the admin gesture's corner (bottom right) is not the access button
    assert window.childAt(window.width() - 40, window.height() - 40) is not button


def test_panel_modes_take_effect_at_once_and_idle_resets_them(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    tap(window.frame.dock.button)
    panel = window.access_panel
    qtbot.wait_until(panel.isVisible)
    h1 = window.home.welcome
    normal_px = h1.fontInfo().pixelSize()

    tap(panel.toggles["high_contrast"])
    assert theme.palette() is theme.HIGH_CONTRAST
    assert theme.HIGH_CONTRAST.bg in window.styleSheet()
    assert panel.toggles["high_contrast"].text().startswith("●")

    tap(panel.sizes[2.0])
    settle()
    assert window.metrics.text_scale == 2.0
    assert h1.fontInfo().pixelSize() >= 1.9 * normal_px

    tap(panel.toggles["reach"])
    settle()
    top, _ = window.geometry_mm.band_px()
    assert window.stack.mapTo(window, QPoint(0, 0)).y() == top
    assert window.frame.picture.isVisible()
    assert window.idle.interval_ms == 2 * 90_000, "longer idle limit in reach mode"
    assert not reach_problems(window, "panel in reach mode")

    tap(panel.close_btn)
    qtbot.wait_until(lambda: not panel.isVisible())
    assert not reach_problems(window, "home in reach mode")
    window.return_to_attract()
    assert window.access.modes == Modes()
    assert theme.palette() is theme.NORMAL and window.metrics.text_scale == 1.0
    assert window.stack.mapTo(window, QPoint(0, 0)).y() == 0
    assert window.idle.interval_ms == 90_000


def test_a_curators_default_mode_survives_the_idle_reset(app, qtbot, cfg, db_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import build_window

    w = build_window(cfg.with_overrides(access__text_scale=1.5, access__reach=True), db_path,
                     sync=True, admin=False)
    qtbot.addWidget(w)
    w.set_size(1920, 1080)
    assert w.access.modes == Modes(text_scale=1.5, reach=True)
    w.access.set(text_scale=1.0, reach=False, high_contrast=True)
    w.return_to_attract()
    assert w.access.modes == Modes(text_scale=1.5, reach=True)
    w.allow_close = True


# --- still there? -----------------------------------------------------------------------------
def test_still_there_counts_down_and_gives_more_time_again_and_again(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    overlay = window.still_there
    window.idle.set_warning(2.0)
    window.idle.set_timeout(2.3)
    with qtbot.wait_signal(window.idle.warning, timeout=3000):
        window.idle.start()
    assert overlay.isVisible()
    assert t("still_there", "zh") in overlay.title.text()
    assert t("still_there", "en") in overlay.title.text()
    first = overlay.seconds
    with qtbot.wait_signal(window.idle.countdown, timeout=3000) as blocker:
        pass
    assert blocker.args[0] < first and str(blocker.args[0]) in overlay.count.text()
    # the button is big and inside the band
    assert overlay.button.height() >= 2 * window.geometry_mm.min_target_px
    top, bottom = window.geometry_mm.band_px()
    y = overlay.button.mapTo(window, QPoint(0, 0)).y()
    assert top <= y and y + overlay.button.height() <= bottom
    for i in range(10):
        if not overlay.isVisible():
            with qtbot.wait_signal(window.idle.warning, timeout=3000):
                pass
        tap(overlay.button)
        assert not overlay.isVisible(), f"extension {i + 1}"
        assert window.current == "home"
    assert window.idle.extensions == 10
    with qtbot.wait_signal(window.idle.idle, timeout=5000):
        pass
    assert window.current == "attract" and not overlay.isVisible()


def test_a_touch_on_the_warning_does_not_reach_the_page_under_it(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    window.idle.set_warning(5.0)
    window.idle.set_timeout(5.5)
    with qtbot.wait_signal(window.idle.warning, timeout=3000):
        window.idle.start()
    card = window.home.card("gc-ms")
    tap(card)  # where a card is, under the overlay
    assert not window.still_there.isVisible() and window.current == "home"
    assert window.idle.extensions == 1


# --- reduce motion ----------------------------------------------------------------------------
class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def test_reduce_motion_stops_fades_flings_and_the_attract_animation(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.cfg = window.cfg.with_overrides(ui__transition_ms=180)
    attract = window.attract
    assert attract.animating, "the pulse runs normally"
    assert any(m.kind == "video" for _e, m in attract._slides()), "the seed video is a slide"
    window.access.set(reduce_motion=True)
    assert not attract.animating
    assert all(m.kind == "image" for _e, m in attract._slides()), "no video on the loop"
    counter = PaintCounter()
    attract.installEventFilter(counter)
    # the fastest rotation a curator can set swaps pictures without a fade
    attract.set_interval(settings.BY_KEY["ui.attract_interval_s"].min or 2)
    attract.advance()
    qtbot.wait(1000)  # a measuring window: every repaint in one second is counted
    attract.removeEventFilter(counter)
    assert not attract.animating and attract._fade == 1.0
    assert counter.paints <= 3, f"{counter.paints} repaints in a second: flashing"
    start(window, qtbot)
    assert not window._fade_label.isVisible(), "no cross-fade"
    window.open_exhibit("gc-ms")
    g = window.exhibit.gallery
    qtbot.wait_until(lambda: g.isVisible() and g.width() > 400)
    y = g.height() // 2
    swipe(g, QPoint(int(g.width() * 0.8), y), QPoint(int(g.width() * 0.2), y))
    assert g.index == 1 and g._anim.state() != QAbstractAnimation.State.Running
    area = window.exhibit.scroll
    assert area.drag.enabled, "a finger drag scrolls, with no fling"
    window.access.set(reduce_motion=False)
    assert not area.drag.enabled


# --- the audits themselves --------------------------------------------------------------------
def test_the_audits_find_a_small_a_high_and_an_overlapping_control(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    page = window.home
    small = QPushButton("x", page)
    small.setGeometry(900, 20, 30, 30)
    small.show()
    assert any("under" in p for p in target_problems(window, "t"))
    # without reach mode the top bar is out of a seated visitor's reach: the audit says so
    high = reach_problems(window, "t")
    assert any("mm above the floor" in p and "关于展厅" in p for p in high), high
    a, b = QLabel("one", page), QLabel("two", page)
    a.setGeometry(400, 300, 200, 40)
    b.setGeometry(450, 310, 200, 40)
    a.show()
    b.show()
    assert any("overlap" in p for p in overlap_problems(page, window, "t"))


# --- kiosk shot --mode ------------------------------------------------------------------------
def test_shot_renders_in_the_modes_asked(app, tmp_path, db_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.commands import shot

    out = tmp_path / "home.png"
    args = argparse.Namespace(out=out, page="home", lang="en", size=(1920, 1080), db=db_path,
                              config=None, mode=["high-contrast", "reach", "large-text"])
    assert shot.render(args) == 0
    img = QImage(str(out))
    assert img.pixelColor(1900, 1075).name() == theme.HIGH_CONTRAST.bg
    assert shot.mode_changes(["large-text", "large-text-200", "reduce-motion"]) == {
        "text_scale": 2.0, "reduce_motion": True}
