"""The kiosk's fleet host on a real window: idle, apply + paint, screenshot, identify, commands."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.touch import tap
from PySide6.QtGui import QImage

from kiosk.ui.fleet_host import EXIT_RESTART, QtHost

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def host(window: Any) -> Iterator[QtHost]:
    codes: list[int] = []
    h = QtHost(window, restart=codes.append)
    h.restart_codes = codes  # type: ignore[attr-defined]
    yield h
    h.close()


def test_idle_only_on_the_attract_loop(window: Any, host: QtHost, qtbot: Any) -> None:
    assert window.current == "attract"
    assert host.visitor_idle()
    tap(window)   # a visitor starts
    qtbot.wait_until(lambda: window.current == "home")
    assert not host.visitor_idle()
    assert host.health()["last_touch_s"] is not None
    window.return_to_attract()
    assert host.visitor_idle()


def test_content_applied_shows_the_new_title_after_a_paint(
        window: Any, host: QtHost, db_path: Any, qloop: asyncio.AbstractEventLoop) -> None:
    slug = window.content.snapshot.exhibits[0].slug
    conn = sqlite3.connect(db_path)
    with conn:  # commits; the connection itself is closed below (`with` does not close it)
        conn.execute("UPDATE exhibits SET title_en = ? WHERE slug = ?", ["Fleet title", slug])
    conn.close()
    qloop.run_until_complete(host.content_applied())
    assert window.content.snapshot.exhibit(slug).title.en == "Fleet title"


def test_content_applied_raises_when_the_content_cannot_be_read(
        window: Any, host: QtHost, db_path: Any, qloop: asyncio.AbstractEventLoop) -> None:
    before = window.content.snapshot
    db_path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(RuntimeError, match="cannot be shown"):
        qloop.run_until_complete(host.content_applied())
    assert window.content.snapshot is before   # visitors still see the last good content


def test_screenshot_is_the_window_as_a_png(window: Any, host: QtHost,
                                           qloop: asyncio.AbstractEventLoop) -> None:
    png = qloop.run_until_complete(host.screenshot())
    assert png.startswith(b"\x89PNG")
    img = QImage.fromData(png)
    assert (img.width(), img.height()) == (window.width(), window.height())


def test_identify_shows_the_name_without_blocking(window: Any, host: QtHost, qtbot: Any,
                                                  qloop: asyncio.AbstractEventLoop) -> None:
    qloop.run_until_complete(host.identify("Lobby 大厅", 0.6))
    assert host.overlay.isVisible() and host.overlay.name == "Lobby 大厅"
    assert host.overlay.geometry() == window.rect()
    png = qloop.run_until_complete(host.screenshot())   # the overlay is in what the author sees
    img = QImage.fromData(png)
    centre = img.pixelColor(img.width() // 2, img.height() // 2)
    assert centre.red() < 250 or centre.green() < 250      # painted, not blank
    tap(window)            # visitors are not blocked by it
    qtbot.wait_until(lambda: window.current == "home")
    qtbot.wait_until(lambda: not host.overlay.isVisible(), timeout=3000)


def test_commands(window: Any, host: QtHost, qtbot: Any,
                  qloop: asyncio.AbstractEventLoop) -> None:
    window.show_page("home")
    qloop.run_until_complete(host.command("attract"))
    assert window.current == "attract"
    qloop.run_until_complete(host.command("restart"))
    assert host.restart_codes == [EXIT_RESTART]  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="unknown command 'format-c'"):
        qloop.run_until_complete(host.command("format-c"))


def test_health_names_the_page_and_the_last_error(window: Any, host: QtHost) -> None:
    import logging
    logging.getLogger("kiosk.test").error("the titrator feed fell over")
    h = host.health()
    assert h["page"] == "attract"
    assert h["feeds"] == {}                      # no hub in this window
    assert "the titrator feed fell over" in h["last_error"]


def test_health_reports_each_feed_state_and_age(window: Any, cfg: Any,
                                                qloop: asyncio.AbstractEventLoop) -> None:
    from kiosk.sensors.hub import Hub
    hub_cfg = cfg.with_overrides(sensors__gcms__source="none", sensors__robot__source="none",
                                 sensors__titrator__speed=50.0)
    hub = Hub(hub_cfg)
    h = QtHost(window, restart=lambda _c: None, hub=lambda: hub)
    try:
        async def live() -> dict[str, Any]:
            await hub.start()
            for _ in range(200):
                feeds = h.health()["feeds"]
                if feeds.get("titrator", {}).get("age_s") is not None:
                    return feeds
                await asyncio.sleep(0.05)
            raise AssertionError("the simulated titrator never delivered")
        feeds = qloop.run_until_complete(live())
        assert set(feeds) == {"titrator"}                 # only configured feeds
        assert feeds["titrator"]["state"] == "live"
        assert 0 <= feeds["titrator"]["age_s"] < 5
    finally:
        qloop.run_until_complete(hub.stop())
        h.close()


def test_a_standalone_kiosk_starts_no_fleet(tmp_path: Any) -> None:
    """Without [fleet] nothing starts and not even MQTT or the signing code is loaded."""
    import subprocess
    import sys
    code = ("import asyncio, sys, pathlib\n"
            "from kiosk import settings\n"
            "from kiosk.ui.fleet_wiring import start_fleet\n"
            "parts = asyncio.run(start_fleet(None, settings.defaults(), pathlib.Path('k.db'),"
            " hub=lambda: None, restart=lambda c: None))\n"
            "print(parts, sorted(m for m in sys.modules if m.startswith(('kiosk.fleet', 'paho',"
            " 'cryptography', 'aiohttp'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    assert out.stdout.strip() == "None []"


def test_a_broken_fleet_section_leaves_the_kiosk_standalone(
        window: Any, cfg: Any, db_path: Any, qloop: asyncio.AbstractEventLoop,
        caplog: Any) -> None:
    from kiosk.ui.fleet_wiring import start_fleet
    broken = cfg.with_overrides(fleet__enabled=True, fleet__site="yidian",
                                fleet__kiosk_id="lobby")      # no public key pinned
    parts = qloop.run_until_complete(start_fleet(window, broken, db_path, hub=lambda: None,
                                                 restart=lambda _c: None))
    assert parts is None
    assert "fleet.public_keys" in caplog.text
    assert window.current == "attract"
