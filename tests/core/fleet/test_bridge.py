"""Two showrooms' worth of brokers: a branch broker bridges its site's prefix to head office,
and an author on the head-office broker rolls a release out to a kiosk on the branch."""

from __future__ import annotations

import asyncio
from pathlib import Path

from helpers.fleet import (
    RECIPE,
    FleetBroker,
    clone_db,
    fleet_config,
    make_author,
    running,
    set_title,
    until,
)

from kiosk.fleet import broker as recipe
from kiosk.fleet.agent import Agent
from kiosk.fleet.host import HeadlessHost


def test_release_across_the_bridge(tmp_path: Path, template_db: Path,
                                   keys: tuple[Path, str]) -> None:
    office = FleetBroker(tmp_path, name="head-office")
    office.add_user("author")
    password = office.add_user("bridge-yidian", recipe.bridge_acl("bridge-yidian", "yidian"))
    bridge = (RECIPE / "bridge.conf").read_text(encoding="utf-8")
    bridge = bridge.replace("headoffice.example.net:1883", f"127.0.0.1:{office.port}")
    bridge = bridge.replace("CHANGE-ME", password)
    branch = FleetBroker(tmp_path, name="branch", extra_conf=bridge)
    branch.add_kiosk("lobby")
    office.start()
    branch.start()
    try:
        author = make_author(office, tmp_path, template_db, keys)
        db = clone_db(template_db, tmp_path / "lobby" / "kiosk.db")
        agent = Agent(fleet_config(branch, tmp_path / "lobby", kiosk_id="lobby",
                                   public_keys=[keys[1]]), HeadlessHost(), db_path=db,
                      backoff_base_s=0.05)

        async def main() -> None:
            async with running(author, agent):
                await until(lambda: len(author.roster) == 1
                            and author.roster.find("lobby").online,
                            what="the branch kiosk seen at head office")
                await until(lambda: agent.author is not None and agent.author.state == "online",
                            what="the author seen at the branch")
                set_title(author.db_path, "exhibit-001", "From head office")
                rollout = await author.publish()
                await rollout.wait(60)
                assert rollout.wave == "done", rollout.reason
                assert agent.content.version == 1
                res = await author.command("lobby", "identify")
                assert res.ok
        asyncio.run(main())
    finally:
        branch.kill()
        office.kill()
