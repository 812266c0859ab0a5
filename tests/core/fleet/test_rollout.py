"""Releases from the author to kiosks through the recipe's broker and a real HTTP server."""

from __future__ import annotations

import asyncio
from pathlib import Path

from helpers.fleet import (
    FleetBroker,
    fleet_of,
    running,
    set_title,
    title_of,
    until,
)

from kiosk.fleet.host import HeadlessHost


def test_canary_then_everyone(broker: FleetBroker, tmp_path: Path, template_db: Path,
                              keys: tuple[Path, str]) -> None:
    author, agents = fleet_of(broker, tmp_path, template_db, keys, ("lobby", "gcms", "robot"))

    async def main() -> None:
        async with running(author, *agents):
            await until(lambda: sum(e.online for e in author.roster.entries()) == 3,
                        what="three kiosks online")
            set_title(author.db_path, "exhibit-001", "A new title")
            waves: list[str] = []
            author.subscribe_rollout(lambda r: waves.append(r.wave))
            rollout = await author.publish(canary=["lobby"])
            await rollout.wait(60)
            assert rollout.wave == "done", rollout.reason
            assert waves.index("canary") < waves.index("all")
            for a in agents:
                assert title_of(a.db_path, "exhibit-001") == "A new title"
                assert a.content.version == 1 and a.phase == "active"
            e = author.roster.find("gcms")
            assert (e.content_version, e.phase) == (1, "active")
    asyncio.run(main())


class BrokenScreen(HeadlessHost):
    """A screen that cannot show the new content (its first paint fails)."""

    async def content_applied(self) -> None:
        self.applied += 1
        if self.applied == 1:
            raise RuntimeError("first paint failed")


def test_failed_self_check_rolls_back_by_itself(broker: FleetBroker, tmp_path: Path,
                                                template_db: Path,
                                                keys: tuple[Path, str]) -> None:
    from helpers.bundles import dump_at
    author, (agent,) = fleet_of(broker, tmp_path, template_db, keys, ["lobby"])
    agent.host = screen = BrokenScreen()
    before = dump_at(agent.db_path)

    async def main() -> None:
        async with running(author, agent):
            await until(lambda: len(author.roster) == 1, what="the kiosk")
            set_title(author.db_path, "exhibit-001", "Never shown")
            rollout = await author.publish()
            await rollout.wait(30)
            assert rollout.wave == "stopped" and "lobby" in rollout.reason
            e = author.roster.find("lobby")
            assert e.phase == "failed" and "rolled back: the screen could not show it" in e.reason
            assert dump_at(agent.db_path) == before  # the backup's content, exactly
            assert screen.applied == 2  # the old content shown again
            assert agent.content.version is None and agent.db_integrity == "ok"
    asyncio.run(main())


def test_the_fleet_is_off_by_default(tmp_path: Path) -> None:
    import pytest

    from kiosk import settings
    from kiosk.commands.doctor import check_fleet
    from kiosk.fleet.config import FleetConfigError, from_settings
    assert from_settings(settings.defaults()) is None
    assert list(check_fleet(settings.defaults(), tmp_path / "kiosk.db")) == []
    cfg = settings.parse({"fleet": {"enabled": True, "site": "yidian", "kiosk_id": "lobby"}})
    with pytest.raises(FleetConfigError, match="public_keys"):
        from_settings(cfg)
    cfg = settings.parse({"fleet": {"enabled": True, "site": "Yi Dian", "kiosk_id": "lobby"}})
    with pytest.raises(FleetConfigError, match=r"fleet\.site"):
        from_settings(cfg)


class BusyScreen(HeadlessHost):
    """A visitor is touching the screen until ``idle`` turns true."""

    def __init__(self) -> None:
        super().__init__()
        self.idle = False
        self.polls = 0

    def visitor_idle(self) -> bool:
        self.polls += 1
        return self.idle


def test_a_release_waits_for_the_attract_loop(broker: FleetBroker, tmp_path: Path,
                                              template_db: Path, keys: tuple[Path, str]) -> None:
    author, (agent,) = fleet_of(broker, tmp_path, template_db, keys, ["lobby"])
    agent.host = screen = BusyScreen()

    async def main() -> None:
        async with running(author, agent):
            await until(lambda: len(author.roster) == 1, what="the kiosk")
            set_title(author.db_path, "exhibit-001", "After the visitor")
            rollout = await author.publish()
            await until(lambda: author.roster.find("lobby").phase == "staged", what="staged")
            await until(lambda: screen.polls >= 3, what="asked three times")
            assert agent.phase == "staged" and screen.applied == 0
            assert title_of(agent.db_path, "exhibit-001") != "After the visitor"
            screen.idle = True  # the visitor walked away; attract shows
            await rollout.wait(30)
            assert rollout.wave == "done" and screen.applied == 1
            assert title_of(agent.db_path, "exhibit-001") == "After the visitor"
    asyncio.run(main())
