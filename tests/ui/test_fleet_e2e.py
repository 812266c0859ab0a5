"""The fleet end to end, real parts: the broker recipe (ACL, passwords), the author in this
process with its admin Fleet screen, and two real kiosk processes offscreen.

A curator edits a title on the author and publishes from the Fleet screen; both kiosks show it.
A tampered release is refused everywhere, with the reason on the Fleet screen. ``kill -9`` of a
kiosk shows it lost there.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers.fleet import (
    REPO,
    FleetBroker,
    clone_db,
    fleet_config,
    title_of,
    write_kiosk_config,
    write_visits,
)
from helpers.touch import tap
from PySide6.QtGui import QImage

from kiosk.bundles import signature
from kiosk.fleet.author import Author
from kiosk.stats.store import stats_path_for
from kiosk.ui.fleet_host import EXIT_RESTART

KIOSKS = ("lobby", "gcms")
SLUG = "titration-robot"


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[FleetBroker]:
    b = FleetBroker(tmp_path)
    b.add_user("author", "")  # the recipe's ACL has the author's block
    for k in KIOSKS:
        b.add_kiosk(k)
    b.start()
    try:
        yield b
    finally:
        b.kill()


def spawn_kiosk(folder: Path, db: Path, config: Path) -> subprocess.Popen[bytes]:
    """``kiosk --db … --config …``: the real kiosk, offscreen, its logs in its own folder."""
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               XDG_STATE_HOME=str(folder / "state"), XDG_DATA_HOME=str(folder / "share"))
    with open(folder / "stdout.log", "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "kiosk", "--db", str(db),
                                 "--config", str(config)], stdout=out, stderr=out, env=env)


async def until(cond: Callable[[], bool], what: str, timeout: float = 40.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not cond():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s: {what}")
        await asyncio.sleep(0.05)


async def tap_in_loop(widget: Any) -> None:
    """A tap delivered while the qasync loop runs, outside any task (as Qt delivers a real
    one): the tasks the button starts then run on a running loop."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()

    def press() -> None:
        tap(widget)
        done.set_result(None)
    loop.call_soon(press)
    await done


async def tap_until(widget: Any, cond: Callable[[], bool], what: str, *, taps: int = 1,
                    timeout: float = 40.0) -> None:
    """Tap, then wait for ``cond`` in the same run of the loop: a task the tap started must
    never take its first step between two runs, when no loop is running."""
    for _ in range(taps):
        await tap_in_loop(widget)
    await until(cond, what, timeout)


def test_publish_from_the_fleet_screen_tamper_and_kill(
        app: Any, window: Any, db_path: Path, seeded_template: Path, tmp_path: Path,
        broker: FleetBroker, qloop: asyncio.AbstractEventLoop, qtbot: Any) -> None:
    key_file = tmp_path / "secrets" / "author.key"
    public = signature.generate(key_file)
    fc = fleet_config(broker, tmp_path / "author", kiosk_id="author", author=True,
                      public_keys=[public], key_file=key_file, wave_timeout_s=60.0)
    author = Author(fc, db_path=db_path)
    procs: dict[str, subprocess.Popen[bytes]] = {}
    dbs: dict[str, Path] = {}
    hour = int(time.time() // 3600) * 3600 - 2 * 3600
    for n, k in enumerate(KIOSKS, 1):
        folder = tmp_path / k
        dbs[k] = clone_db(seeded_template / "kiosk.db", folder / "data" / "kiosk.db")
        # visitors two hours ago: the kiosk reports that hour when it sees the author
        write_visits(stats_path_for(dbs[k]), [(hour + 60 * i, [SLUG], "zh", 20.0)
                                              for i in range(n)])
        conf = write_kiosk_config(broker, folder, k, [public], will_delay_s=1, keepalive_s=3)
        procs[k] = spawn_kiosk(folder, dbs[k], conf)
    # the author's admin mode, with its Fleet screen (ui/startup.py does this after the first paint)
    app.aboutToQuit.disconnect(window.admin.shutdown)
    roster = author.roster

    def online() -> bool:
        return all((e := roster.get(f"yidian/{k}")) is not None and e.online for k in KIOSKS)

    try:
        assert window.admin.attach_fleet(author) is None  # the screens are built on first use
        window.admin.enter()
        fleet = window.admin.shell.fleet
        assert fleet is not None
        window.admin.shell.show_screen("fleet")
        # the whole scenario is one run of the asyncio loop: between two runs no loop is
        # running, and a task step that Qt delivers then (a broker message, a release
        # download, a rollout's next wave) dies of "no running event loop"
        async def scenario() -> None:
            await author.start()
            await until(online, "both kiosks online")
            assert set(fleet.rows) == {f"yidian/{k}" for k in KIOSKS}

            # each kiosk process published its finished hour; the Statistics screen's showroom
            # scope is their sum (1 + 2 visits), each kiosk its own
            await until(lambda: author.stats_stored >= 2, "both kiosks' hours")
            stats = window.admin.shell.stats
            assert stats.fleet_path == author.stats_path
            for scope, visits in (("site", 3), ("kiosk:yidian/gcms", 2)):
                loads = stats.loads
                window.admin.shell.show_screen("stats")
                stats.set_scope(scope)
                await until(
                    lambda loads=loads, scope=scope: stats.loads > loads
                    and stats.loaded is not None and stats.loaded.scope == scope, scope)
                assert stats.report is not None and stats.report.visits == visits, scope

            # a curator edits a title on the author and publishes it to visitors (the editor)
            shell = window.admin.shell
            shell.open_editor(SLUG)
            await until(lambda: shell.editor.data is not None, "the editor")
            shell.editor.fields["title"].edits["en"].setText("Titration, edited on the author")
            shell.editor.flush()
            shell.editor.publish()
            await until(
                lambda: title_of(db_path, SLUG) == "Titration, edited on the author", "published")

            # … then publishes to every screen from the Fleet screen
            shell.show_screen("fleet")
            await tap_until(fleet.publish_btn, lambda: fleet.rollout is not None,
                            "a rollout")
            rollout = fleet.rollout
            await rollout.wait(90)
            assert rollout.wave == "done", rollout.reason
            version = rollout.release.version
            for k in KIOSKS:
                assert title_of(dbs[k], SLUG) == "Titration, edited on the author"
                e = roster.get(f"yidian/{k}")
                assert e is not None and e.phase == "active" and e.content_version == version
                assert fleet.rows[e.key].phase_chip.text() == "已更新"
            assert "✓" in fleet.result.text()

            # what the lobby shows, asked from its row
            row = fleet.rows["yidian/lobby"]
            await tap_until(row.shot_btn, lambda: row.thumb.image is not None,
                            "a screenshot")
            lobby = roster.get("yidian/lobby")
            assert lobby is not None and lobby.screenshot_png is not None
            shot = QImage.fromData(lobby.screenshot_png)
            assert shot.width() > 100 and shot.height() > 100

            # a tampered release (one byte flipped after signing) is refused by every kiosk
            async def tampered() -> Any:
                rel = await author.make_release()
                path = fc.releases_dir() / Path(rel.url).name
                data = bytearray(path.read_bytes())
                data[len(data) // 2] ^= 0x01
                path.write_bytes(bytes(data))
                return await author.publish(release_=rel)
            bad = await (tampered())
            await bad.wait(90)
            assert bad.wave == "stopped"          # the first failure is over the limit (0)

            def refused() -> bool:                # both had it already: both refuse it
                return all((e := roster.get(f"yidian/{k}")) is not None and e.phase == "failed"
                           and e.target_version == bad.release.version for k in KIOSKS)
            await until(refused, "both kiosks refusing the tampered release")
            for k in KIOSKS:
                r = fleet.rows[f"yidian/{k}"]
                assert r.phase_chip.objectName() == "admChipBad"
                assert r.reason.isVisible(), r.reason.text()
                assert "sha256" in r.reason.text()
                assert title_of(dbs[k], SLUG) == "Titration, edited on the author"  # untouched
            summary = fleet.summary.text()
            assert "1 台更新失败" not in summary and "2 台更新失败" in summary

            # kill -9 of a kiosk: the broker's Will, the Fleet screen says lost
            procs["gcms"].send_signal(signal.SIGKILL)
            procs["gcms"].wait(10)
            gone = fleet.rows["yidian/gcms"]
            await until(lambda: gone.state_chip.objectName() == "admChipBad",
                        "the killed kiosk shown as lost", timeout=30)
            assert "失联" in gone.state_chip.text()
            assert not gone.restart_btn.isEnabled()
            assert fleet.rows["yidian/lobby"].entry.online

            # identify, then a two-tap restart: the lobby answers, exits with the restart code
            # (its supervisor starts it again) and says so on the way out
            lobby_row = fleet.rows["yidian/lobby"]
            fleet.last_result = None
            await tap_until(lobby_row.identify_btn,
                            lambda: fleet.last_result is not None, "identify")
            assert getattr(fleet.last_result, "ok", False), fleet.last_result
            await tap_until(lobby_row.restart_btn,
                            lambda: procs["lobby"].poll() is not None,
                            "the lobby kiosk exiting", taps=2, timeout=30)
            assert procs["lobby"].returncode == EXIT_RESTART
            await until(lambda: lobby_row.entry.state == "disconnected",
                        "the lobby's clean goodbye")

        qloop.run_until_complete(scenario())
    finally:
        # the kiosk processes first: a failure below must not leave them running (they did,
        # using a core between them, after an early failure here)
        for p in procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                p.wait(15)
            if p.poll() is None:
                p.kill()
        window.admin.exit("test")
        if window.admin.built and window.admin.shell.fleet is not None:
            window.admin.shell.fleet.close_screen()
        qloop.run_until_complete(author.stop())
