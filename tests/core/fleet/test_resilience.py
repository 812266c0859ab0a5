"""Broker down mid-rollout, a kiosk off through three releases: the fleet converges anyway."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fleethelp import FleetBroker, running, set_title, title_of, until
from test_rollout import make_agent, make_author


def test_broker_killed_mid_rollout(broker: FleetBroker, tmp_path: Path, template_db: Path,
                                   keys: tuple[Path, str]) -> None:
    names = ("lobby", "gcms", "robot")
    for k in names:
        broker.add_kiosk(k)
    broker.start()
    author = make_author(broker, tmp_path, template_db, keys)
    agents = [make_agent(broker, tmp_path, template_db, k, [keys[1]]) for k in names]

    async def main() -> None:
        async with running(author, *agents):
            await until(lambda: sum(e.online for e in author.roster.entries()) == 3,
                        what="three kiosks")
            set_title(author.db_path, "exhibit-001", "Through the outage")
            rollout = await author.publish(canary=["lobby"])
            await until(lambda: rollout.wave == "all" or rollout.over, what="canary done")
            broker.kill()  # SIGKILL: retained messages since the last autosave are gone
            await until(lambda: not author.link.connected and
                        not any(a.link.connected for a in agents), what="everyone cut off")
            await asyncio.sleep(0.5)  # the kiosks keep running (and showing) meanwhile
            broker.start()
            await rollout.wait(60)
            assert rollout.wave == "done", rollout.reason
            for a in agents:
                assert a.content.version == 1
                assert title_of(a.db_path, "exhibit-001") == "Through the outage"
                assert a.link.reconnects >= 1
            await until(lambda: all(author.roster.find(k).health.get("mqtt_reconnects", 0) >= 1
                                    for k in names), what="reconnects reported")
    asyncio.run(main())


def test_offline_through_three_releases_goes_straight_to_the_newest(
        broker: FleetBroker, tmp_path: Path, template_db: Path, keys: tuple[Path, str]) -> None:
    broker.add_kiosk("lobby")
    broker.add_kiosk("robot")
    broker.start()
    author = make_author(broker, tmp_path, template_db, keys)
    online = make_agent(broker, tmp_path, template_db, "lobby", [keys[1]])
    away = make_agent(broker, tmp_path, template_db, "robot", [keys[1]])

    async def main() -> None:
        async with running(author, online):
            async with running(away):
                await until(lambda: len(author.roster) == 2 and all(
                    e.online for e in author.roster.entries()), what="both kiosks")
            await until(lambda: author.roster.find("robot").state == "disconnected",
                        what="robot said goodbye")
            for n in (1, 2, 3):
                set_title(author.db_path, "exhibit-001", f"Release {n}")
                r = await author.publish()
                await r.wait(30)
                assert r.wave == "done" and online.content.version == n
            assert author.roster.find("robot").content_version is None
            requested: list[str] = []
            original = away._download

            async def counting(rel):  # type: ignore[no-untyped-def]
                requested.append(rel.url)
                return await original(rel)
            away._download = counting  # type: ignore[method-assign]
            async with running(away):
                await until(lambda: away.content.version == 3 and away.phase == "active",
                            what="robot on release 3")
            assert requested == [r.release.url] and away.applied == 1
            assert title_of(away.db_path, "exhibit-001") == "Release 3"
    asyncio.run(main())
