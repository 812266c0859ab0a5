"""Welcome banners, notices and publish windows come and go on time, with an injected clock."""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from kiosk.commands import shot
from kiosk.content.messages import Message, winner
from kiosk.content.text import Text

TZ = ZoneInfo("Asia/Shanghai")


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self, local: str):
        self.now = dt.datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, local: str) -> None:
        self.now = dt.datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def schedule(db_path: Path, *, messages: tuple[tuple[str, str, str, str, str], ...] = (),
             windows: dict[str, tuple[str | None, str | None]] | None = None) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        for kind, zh, en, start, end in messages:
            conn.execute("INSERT INTO messages (kind, text_zh, text_en, starts_at, ends_at) "
                         "VALUES (?, ?, ?, ?, ?)", [kind, zh, en, start, end])
        for slug, (show_from, show_until) in (windows or {}).items():
            conn.execute("UPDATE exhibits SET show_from = ?, show_until = ? WHERE slug = ?",
                         [show_from, show_until, slug])
    conn.close()


@pytest.fixture
def clocked(app, qtbot, cfg, db_path):
    """A window on a database with a delegation's welcome and a notice, and a movable clock."""
    from kiosk.ui.app import build_window

    schedule(db_path, messages=(
        ("welcome", "热烈欢迎徐汇区代表团莅临参观指导", "Welcome, delegation of Xuhui District",
         "2026-12-02 09:00", "2026-12-02 11:00"),
        ("notice", "展厅今日16:00闭馆", "The showroom closes at 16:00 today",
         "2026-12-02 08:00", "2026-12-02 16:00"),
    ), windows={"titration-robot": ("2026-12-02 10:00", "2026-12-02 12:00")})
    clock = Clock("2026-12-02 08:30")
    w = build_window(cfg, db_path, sync=True, admin=False, clock=clock)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    qtbot.waitExposed(w)
    yield w, clock
    w.allow_close = True
    w.close()


def test_welcome_appears_and_vanishes_on_time_without_restart(clocked, qtbot) -> None:
    w, clock = clocked
    # 08:30: only the notice; attract shows it as a slim band
    assert w.attract.message is not None and w.attract.message.kind == "notice"
    clock.set("2026-12-02 09:00")
    w.schedule.tick()
    assert w.attract.message is not None and w.attract.message.kind == "welcome"
    assert "热烈欢迎徐汇区代表团莅临参观指导" in w.attract.visible_texts()
    assert "Welcome, delegation of Xuhui District" in w.attract.visible_texts()
    w.show_page("home")
    assert w.strip.isVisible() and w.strip.message is not None
    assert w.strip.texts() == ["热烈欢迎徐汇区代表团莅临参观指导",
                               "Welcome, delegation of Xuhui District"]
    w.state.set_language("en")
    assert w.strip.texts()[0] == "Welcome, delegation of Xuhui District"
    clock.set("2026-12-02 11:00")  # the end is exclusive: gone at 11:00, the notice is back
    w.schedule.tick()
    assert w.strip.message is not None and w.strip.message.kind == "notice"
    clock.set("2026-12-02 16:00")
    w.schedule.tick()
    assert not w.strip.isVisible() and w.attract.message is None


def test_schedule_timer_fires_by_itself_at_the_next_edge(clocked, qtbot) -> None:
    w, clock = clocked
    clock.set("2026-12-02 08:59")
    w.schedule.tick()
    # 0.5 s before 09:00 on the injected clock: the timer must wake up on its own
    clock.now = dt.datetime(2026, 12, 2, 8, 59, 59, 500000, tzinfo=TZ)
    w.schedule.set_times(w.content.snapshot.schedule_times())

    def advance() -> bool:
        clock.now = dt.datetime(2026, 12, 2, 9, 0, tzinfo=TZ)
        return w.attract.message is not None and w.attract.message.kind == "welcome"

    qtbot.wait_until(advance, timeout=3000)


def test_publish_window_rules_home_attract_and_deep_links(clocked, qtbot) -> None:
    w, clock = clocked
    slugs = lambda: [c.slug for c in w.home.cards]  # noqa: E731
    assert "titration-robot" not in slugs()
    assert "titration-robot" not in [e.slug for e in w.attract._heroes()]
    w.open_exhibit("titration-robot")  # a deep link before the window opens leads nowhere
    assert w.current != "exhibit"
    clock.set("2026-12-02 10:00")
    w.schedule.tick()
    assert "titration-robot" in slugs()
    w.open_exhibit("titration-robot")
    assert w.current == "exhibit"
    clock.set("2026-12-02 12:00")  # closes while a visitor reads it: back to home
    w.schedule.tick()
    assert w.current == "home" and "titration-robot" not in slugs()


def test_overlapping_welcomes_latest_start_wins() -> None:
    a = Message("welcome", Text("甲", "A"), "2026-12-02 09:00", "2026-12-02 12:00", id=1)
    b = Message("welcome", Text("乙", "B"), "2026-12-02 10:00", "2026-12-02 11:00", id=2)
    c = Message("notice", Text("丙", "C"), "2026-12-02 10:30", "2026-12-02 11:00", id=3)
    assert winner([a, b, c], "welcome", "2026-12-02 09:59") is a
    assert winner([a, b, c], "welcome", "2026-12-02 10:00") is b
    assert winner([a, b, c], "welcome", "2026-12-02 11:00") is a
    assert winner([a, b, c], "welcome", "2026-12-02 12:00") is None


def test_shot_at_renders_tomorrows_banner_today(app, tmp_path, db_path) -> None:
    schedule(db_path, messages=(("welcome", "热烈欢迎", "Welcome", "2026-12-02 09:00",
                                 "2026-12-02 11:00"),))

    def top_colour(at: str | None) -> tuple[int, int, int]:
        out = tmp_path / f"a-{at}.png".replace(" ", "_").replace(":", "")
        args = argparse.Namespace(out=out, page="home", lang="zh", size=(1280, 800),
                                  db=db_path, config=None, at=at)
        assert shot.render(args) == 0
        with Image.open(out) as img:
            px = img.convert("RGB").getpixel((5, 5))
        assert isinstance(px, tuple)
        return px[0], px[1], px[2]

    assert top_colour("2026-12-02 10:00") == (0xF2, 0xA5, 0x41)  # the welcome strip
    assert top_colour("2026-12-02 11:00") != (0xF2, 0xA5, 0x41)
    args = argparse.Namespace(out=tmp_path / "x.png", page="home", lang="zh", size=(1280, 800),
                              db=db_path, config=None, at="tomorrow")
    assert shot.render(args) == 2
