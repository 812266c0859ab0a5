"""The author's Fleet / 展厅屏幕 screen: built from a real roster, changed through the roster."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from helpers.clock import FakeClock
from helpers.touch import tap
from PySide6.QtGui import QColor, QImage

from kiosk.fleet.protocol import Feed, Health, Reported, Status
from kiosk.fleet.roster import Roster
from kiosk.ui.admin.fleet_screen import FleetScreen, buttons_of
from kiosk.ui.fleet_host import encode_png


class RecordingAuthor:
    """The author as the screen sees it: a real roster, and what was asked of it."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.calls: list[tuple[Any, ...]] = []
        self.fail_publish: Exception | None = None

    async def publish(self, *, canary: Sequence[str] = ()) -> Any:
        self.calls.append(("publish", tuple(canary)))
        if self.fail_publish is not None:
            raise self.fail_publish
        return 7

    async def screenshot(self, kiosk: str) -> bytes:
        key = kiosk
        self.calls.append(("screenshot", key))
        img = QImage(320, 180, QImage.Format.Format_RGB32)
        img.fill(QColor("#2EC4B6"))
        png = encode_png(img)
        self.roster.set_screenshot(key, png)
        return png

    async def command(self, kiosk: str, name: str) -> Any:
        self.calls.append((name, kiosk))
        return {"ok": True}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_000_000.0)


@pytest.fixture
def roster(clock: FakeClock) -> Roster:
    r = Roster(clock=clock)
    r.apply_status("yidian", "lobby", Status("ready", boot_id="b1", name="大厅 Lobby",
                                              content_version=6))
    r.apply_status("yidian", "gcms", Status("ready", boot_id="b2", name="气质联用仪 GC-MS",
                                             content_version=6))
    return r


@pytest.fixture
def screen(app: Any, window: Any, roster: Roster, clock: FakeClock,
           qtbot: Any) -> Iterator[FleetScreen]:
    shell = window.admin.shell
    author = RecordingAuthor(roster)
    fleet = window.admin.attach_fleet(author)
    fleet.clock = clock
    # each run_until_complete ends QApplication.exec(), which emits aboutToQuit: admin mode
    # must not shut down on it between the steps of a test
    app.aboutToQuit.disconnect(window.admin.shutdown)
    window.admin.enter()
    shell.show_screen("fleet")
    qtbot.wait_until(lambda: fleet.isVisible())
    yield fleet
    window.admin.exit("test")
    fleet.close_screen()


async def settle(fleet: FleetScreen) -> None:
    """Wait for the actions the taps started (on the running qasync loop)."""
    while fleet.tasks:
        await asyncio.gather(*list(fleet.tasks))


def test_rows_follow_the_roster(screen: FleetScreen, roster: Roster, clock: FakeClock) -> None:
    assert sorted(screen.rows) == ["yidian/gcms", "yidian/lobby"]
    lobby = screen.rows["yidian/lobby"]
    assert lobby.name.text() == "大厅 Lobby"
    assert "在线" in lobby.state_chip.text()
    assert "6" in lobby.version_chip.text()
    # a third kiosk appears as soon as the roster hears of it
    roster.apply_status("yidian", "robot", Status("ready", name="训练场 Robots"))
    assert "yidian/robot" in screen.rows
    assert "3" in screen.summary.text()
    # kill -9: the broker publishes the Will, the row says lost, and for how long
    roster.apply_status("yidian", "lobby", Status("lost"))
    clock.now += 95
    screen.refresh_times()
    assert lobby.state_chip.text() == "● 失联 1 分钟"
    assert lobby.state_chip.objectName() == "admChipBad"
    assert not lobby.restart_btn.isEnabled()       # nothing to send to a kiosk that is gone
    assert "1 台失联" in screen.summary.text()


def test_failed_phase_shows_its_reason(screen: FleetScreen, roster: Roster) -> None:
    roster.apply_reported("yidian", "gcms", Reported(
        content_version=6, phase="failed", target_version=7,
        reason="release 7: signature does not verify with any pinned key",
        health=Health(feeds={"gcms": Feed("replay", 40.0)}, last_error="")))
    row = screen.rows["yidian/gcms"]
    assert row.phase_chip.text() == "更新失败 v7"
    assert row.phase_chip.objectName() == "admChipBad"
    assert row.reason.isVisible()
    assert "signature does not verify" in row.reason.text()
    assert "气质联用仪" in row.details.text() and "回放" in row.details.text()
    assert "1 台更新失败" in screen.summary.text()


def test_bilingual(screen: FleetScreen, window: Any, roster: Roster) -> None:
    window.state.toggle_language()
    row = screen.rows["yidian/lobby"]
    assert screen.heading.text() == "Fleet"
    assert row.shot_btn.text() == "Screenshot"
    assert row.state_chip.text() == "● Online"
    window.state.toggle_language()
    assert screen.heading.text() == "展厅屏幕"
    assert row.shot_btn.text() == "截图"


def test_touch_targets_are_finger_sized(screen: FleetScreen) -> None:
    targets = [screen.publish_btn, screen.canary_btn]
    for row in screen.rows.values():
        targets += buttons_of(row)
    for b in targets:
        assert b.height() >= 60 and b.width() >= 60, b.text()


def test_publish_to_all_and_to_canaries(screen: FleetScreen,
                                        qloop: asyncio.AbstractEventLoop) -> None:
    author = screen.author
    assert not screen.canary_btn.isEnabled()        # no canary chosen yet
    tap(screen.rows["yidian/gcms"].canary_btn)
    assert screen.canary_btn.isEnabled() and "1" in screen.canary_btn.text()
    assert screen.rows["yidian/gcms"].canary_chip.isVisible()
    tap(screen.canary_btn)
    qloop.run_until_complete(settle(screen))
    assert author.calls[-1] == ("publish", ("yidian/gcms",))  # type: ignore[attr-defined]
    assert "7" in screen.result.text()
    tap(screen.publish_btn)
    qloop.run_until_complete(settle(screen))
    assert author.calls[-1] == ("publish", ())  # type: ignore[attr-defined]


def test_a_failed_publish_says_why(screen: FleetScreen,
                                   qloop: asyncio.AbstractEventLoop) -> None:
    screen.author.fail_publish = RuntimeError("no published exhibit")  # type: ignore[attr-defined]
    tap(screen.publish_btn)
    qloop.run_until_complete(settle(screen))
    assert screen.result.objectName() == "admMissing"
    assert "发布失败" in screen.result.text() and "Publishing failed" in screen.result.text()
    assert "no published exhibit" in screen.result.text()
    assert screen.publish_btn.isEnabled()


def test_screenshot_identify_and_two_tap_restart(screen: FleetScreen,
                                                 qloop: asyncio.AbstractEventLoop) -> None:
    row = screen.rows["yidian/lobby"]
    assert row.thumb.image is None
    tap(row.shot_btn)
    qloop.run_until_complete(settle(screen))
    assert row.thumb.image is not None              # the roster got it, the row shows it
    tap(row.identify_btn)
    qloop.run_until_complete(settle(screen))
    tap(row.restart_btn)                            # the first tap only arms it
    qloop.run_until_complete(settle(screen))
    calls = screen.author.calls
    assert ("restart", "yidian/lobby") not in calls
    assert row.restart_btn.text() == "再点确认"
    tap(row.restart_btn)
    qloop.run_until_complete(settle(screen))
    assert calls[-3:] == [("screenshot", "yidian/lobby"), ("identify", "yidian/lobby"),
                          ("restart", "yidian/lobby")]


def test_a_removed_kiosk_leaves_the_list(screen: FleetScreen, roster: Roster) -> None:
    roster.remove("yidian/gcms")
    assert list(screen.rows) == ["yidian/lobby"]
