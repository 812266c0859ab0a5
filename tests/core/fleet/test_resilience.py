"""Broker down mid-rollout, a kiosk off through three releases: the fleet converges anyway."""

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


def test_broker_killed_mid_rollout(broker: FleetBroker, tmp_path: Path, template_db: Path,
                                   keys: tuple[Path, str]) -> None:
    names = ("lobby", "gcms", "robot")
    author, agents = fleet_of(broker, tmp_path, template_db, keys, names)

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
    author, (online, away) = fleet_of(broker, tmp_path, template_db, keys, ["lobby", "robot"])

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


def test_a_new_kiosk_follows_the_sites_group_default(broker: FleetBroker, tmp_path: Path,
                                                     template_db: Path,
                                                     keys: tuple[Path, str]) -> None:
    # the newcomer is installed after the release went out (its agent starts later)
    author, (lobby, newcomer) = fleet_of(broker, tmp_path, template_db, keys,
                                         ["lobby", "newcomer"])

    async def main() -> None:
        async with running(author, lobby):
            await until(lambda: len(author.roster) == 1, what="lobby")
            set_title(author.db_path, "exhibit-001", "For everyone")
            r = await author.publish()
            await r.wait(30)
            assert r.wave == "done"
            # a kiosk the author has never seen: the site's retained group default brings it
            async with running(newcomer):
                await until(lambda: newcomer.content.version == 1
                            and newcomer.phase == "active", what="the newcomer on release 1")
                assert title_of(newcomer.db_path, "exhibit-001") == "For everyone"
                assert newcomer.author is not None and newcomer.author.state == "online"
                own = f"kiosk/v1/{newcomer.config.key}/desired"
                assert set(newcomer.desired) == {"kiosk/v1/yidian/_group/desired"}, own
    asyncio.run(main())


def test_a_newer_release_replaces_one_still_downloading(broker: FleetBroker, tmp_path: Path,
                                                        template_db: Path,
                                                        keys: tuple[Path, str]) -> None:
    import dataclasses

    from helpers.fleet import SlowServer
    author, (agent,) = fleet_of(broker, tmp_path, template_db, keys, ["lobby"])
    slow = SlowServer(author.config.releases_dir())

    async def main() -> None:
        await slow.start()
        try:
            async with running(author, agent):
                await until(lambda: len(author.roster) == 1, what="the kiosk")
                set_title(author.db_path, "exhibit-001", "Slow one")
                r1 = await author.make_release()
                r1 = dataclasses.replace(r1, url=f"http://127.0.0.1:{slow.port}/releases/"
                                                 + r1.url.rsplit("/", 1)[1])
                first = await author.publish(release_=r1)
                await until(lambda: agent.phase == "downloading", what="downloading")
                set_title(author.db_path, "exhibit-001", "Fast one")
                second = await author.publish()  # the curator does not wait for the first
                assert first.wave == "stopped" and "superseded by release 2" in first.reason
                await second.wait(30)
                assert second.wave == "done" and agent.content.version == 2
                assert title_of(agent.db_path, "exhibit-001") == "Fast one"
                assert agent.applied == 1  # release 1 was never applied
        finally:
            assert slow.runner is not None
            await slow.runner.cleanup()
    asyncio.run(main())


def test_an_author_that_lost_its_state_never_reuses_a_revision(
        broker: FleetBroker, tmp_path: Path, template_db: Path, keys: tuple[Path, str]) -> None:
    import time

    from kiosk.fleet.author import Author
    author, (agent,) = fleet_of(broker, tmp_path, template_db, keys, ["lobby"])

    async def main() -> None:
        async with running(author, agent):
            await until(lambda: len(author.roster) == 1, what="the kiosk")
            r1 = await author.publish()
            await r1.wait(30)
        author.state_path.unlink()  # the author PC was reinstalled; the broker still knows
        fresh = Author(author.config, db_path=author.db_path, backoff_base_s=0.05)
        async with running(fresh, agent):
            await until(lambda: fresh.state.revision == 1 and fresh.state.release_version == 1,
                        what="the revisions learnt from the broker's retained desired")
            set_title(fresh.db_path, "exhibit-001", "Later")
            # not before a moment from now: the kiosk waits, then applies
            rel = await fresh.make_release()
            assert rel.version == 2
            start = time.time()
            topic = f"kiosk/v1/{agent.config.key}/desired"
            from kiosk.fleet import protocol
            d = protocol.Desired(fresh.state.revision + 1, rel, not_before=start + 1.0)
            assert await fresh.link.publish(topic, protocol.encode(d), retain=True)
            await until(lambda: "not-before" in agent.reason, what="waiting for not-before")
            await until(lambda: agent.content.version == 2, what="release 2")
            assert time.time() >= start + 1.0
            assert title_of(agent.db_path, "exhibit-001") == "Later"
    asyncio.run(main())
