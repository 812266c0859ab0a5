"""The accessibility audits over every page, in both languages, at every supported size:
touch targets of at least 20 mm, every control inside the reach band in reach mode, and no
text truncated or overlapping, in the normal layout and with large text (150 % and 200 %).

One window per size: the states are walked in it (a window per state would cost minutes)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.access import (
    attract_problems,
    overlap_problems,
    reach_problems,
    settle,
    target_problems,
    truncation_problems,
)

from kiosk import settings
from kiosk.ui.access.modes import Modes

SIZES = [(1920, 1080), (1280, 800), (1080, 1920)]
STATES = [
    Modes(),
    Modes(text_scale=1.5),
    Modes(text_scale=2.0),
    Modes(reach=True),
    Modes(reach=True, text_scale=2.0),
    Modes(high_contrast=True, reach=True, text_scale=1.5),
]


@pytest.fixture  # one window per test: the leak guard checks it is closed with its timers
def audit_window(qapp, seeded_template: Path, tmp_path_factory) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import build_window, make_application

    make_application()
    root = tmp_path_factory.mktemp("audit")
    shutil.copytree(seeded_template, root / "data")
    cfg = settings.defaults().with_overrides(ui__transition_ms=0)
    w = build_window(cfg, root / "data" / "kiosk.db", sync=True, admin=False)
    w.show()
    yield w
    from PySide6.QtCore import QCoreApplication, QEvent

    w.access.defaults = Modes()
    w.access.reset()
    w.allow_close = True
    w.close()
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def set_modes(window, modes: Modes) -> None:  # type: ignore[no-untyped-def]
    window.access.defaults = modes
    window.access.reset()


def pages(window) -> list[str]:  # type: ignore[no-untyped-def]
    return ["attract", "home", "info"] + [f"exhibit:{e.slug}"
                                          for e in window.content.snapshot.exhibits]


def show(window, page: str) -> None:  # type: ignore[no-untyped-def]
    if page.startswith("exhibit:"):
        window.open_exhibit(page.split(":", 1)[1])
    else:
        window.show_page(page)
    settle()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_page_passes_the_audits(audit_window, size) -> None:  # type: ignore[no-untyped-def]
    window = audit_window
    window.set_size(*size)
    settle()
    problems: list[str] = []
    walked = 0
    for modes in STATES:
        set_modes(window, modes)
        for lang in ("zh", "en"):
            window.state.set_language(lang)
            for page in pages(window):
                show(window, page)
                assert window.size().width() == size[0] and window.size().height() == size[1]
                where = f"{size[0]}x{size[1]} {'+'.join(modes.names()) or 'normal'} {lang} {page}"
                problems += target_problems(window, where)
                top, bottom = window.geometry_mm.band_px()
                dock = window.frame.dock.button
                r = dock.mapTo(window, dock.rect().topLeft())
                if not (r.y() >= top and r.y() + dock.height() <= bottom):
                    problems.append(f"{where}: the access button is outside the reach band")
                if modes.reach:
                    problems += reach_problems(window, where)
                if page == "attract":
                    problems += attract_problems(window, where)
                problems += truncation_problems(window.frame, where,
                                                large=modes.text_scale > 1)
                problems += overlap_problems(window.frame, window, where)
                walked += 1
            # the panel itself, opened over the home page
            show(window, "home")
            window.toggle_access_panel()
            settle()
            where = f"{size[0]}x{size[1]} {'+'.join(modes.names()) or 'normal'} {lang} panel"
            problems += target_problems(window, where)
            problems += reach_problems(window, where)
            problems += truncation_problems(window.access_panel.card, where)
            problems += overlap_problems(window.access_panel.card, window, where)
            window.access_panel.close_panel()
            # and the "still there?" warning
            window._show_still_there(20)
            settle()
            where = f"{size[0]}x{size[1]} {'+'.join(modes.names()) or 'normal'} {lang} still there"
            problems += target_problems(window, where)
            problems += reach_problems(window, where)
            problems += truncation_problems(window.still_there.card, where)
            problems += overlap_problems(window.still_there.card, window, where)
            window._hide_still_there()
    assert walked == len(STATES) * 2 * len(pages(window))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])
