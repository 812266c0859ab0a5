"""Visitor statistics over the fleet, real parts: the broker recipe, two headless agents with
their own ``stats.db``, the author storing hourly aggregates in its ``fleet-stats.db``."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import sqlite3
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from helpers.fleet import FleetBroker, make_agent, make_author, running, until, write_visits

from kiosk.fleet.agent import Agent
from kiosk.fleet.author import Author
from kiosk.stats import fleetstore, hourly, store
from kiosk.stats.report import Report, build_report

TZ = "Asia/Shanghai"


def _range() -> tuple[dt.date, dt.date]:
    today = dt.datetime.now(ZoneInfo(TZ)).date()
    return today - dt.timedelta(days=1), today


def _local(agent: Agent) -> Report:
    db = store.open_stats(agent.stats_path, readonly=True)
    try:
        since, until_ = _range()
        return build_report(db, since=since, until=until_, tz=TZ)
    finally:
        db.close()


def _fleet(author: Author, kiosk: str | None = None) -> Report:
    db = fleetstore.open_fleet_stats(author.stats_path, readonly=True)
    try:
        since, until_ = _range()
        return fleetstore.fleet_report(db, since=since, until=until_, tz=TZ, site="yidian",
                                       kiosk=kiosk)
    finally:
        db.close()


def _rows(author: Author) -> int:
    if not author.stats_path.exists():
        return 0
    db = fleetstore.open_fleet_stats(author.stats_path, readonly=True)
    try:
        return int(db.table("hours").count)
    except sqlite3.DatabaseError:  # polled while the author moves a damaged file aside
        return 0
    finally:
        db.close()


@pytest.fixture
def two(broker: FleetBroker, tmp_path: Path, template_db: Path,
        keys: tuple[Path, str]) -> tuple[Author, Agent, Agent]:
    for k in ("lobby", "gcms"):
        broker.add_kiosk(k)
    broker.start()
    author = make_author(broker, tmp_path, template_db, keys)
    lobby = make_agent(broker, tmp_path, template_db, "lobby", [keys[1]], name="大厅 Lobby")
    gcms = make_agent(broker, tmp_path, template_db, "gcms", [keys[1]])
    h3 = hourly.hour_of(time.time()) - 3 * 3600
    write_visits(lobby.stats_path, [(h3 + 60, ["gc-ms", "titration-robot"], "zh", 30.0),
                                    (h3 + 700, ["gc-ms"], "en", 50.0)])
    write_visits(gcms.stats_path, [(h3 + 100, ["gc-ms"], "zh", 40.0),
                                   (h3 + 3700, ["robot-training-ground"], "en", 25.0)])
    return author, lobby, gcms


def test_kiosks_publish_hours_and_the_showroom_is_their_sum(
        two: tuple[Author, Agent, Agent], caplog: pytest.LogCaptureFixture) -> None:
    author, lobby, gcms = two

    async def main() -> None:
        async with running(author, lobby, gcms):
            # as soon as each kiosk sees the author online, it sends its finished hours
            await until(lambda: _rows(author) == 3 and bool(lobby.stats_acked)
                        and bool(gcms.stats_acked), what="three hours stored and acknowledged")
            assert lobby.stats_acked == hourly.hour_of(time.time()) - 3 * 3600
            assert gcms.stats_acked == lobby.stats_acked + 3600
            site = _fleet(author)
            mine, theirs = _local(lobby), _local(gcms)
            assert site.visits == mine.visits + theirs.visits == 4
            assert dict(site.exhibit_visits) == {"gc-ms": 3, "titration-robot": 1,
                                                 "robot-training-ground": 1}
            assert dict(site.exhibit_seconds) == {"gc-ms": 120.0, "titration-robot": 30.0,
                                                  "robot-training-ground": 25.0}
            assert site.counts["chart"] == mine.counts["chart"] + theirs.counts["chart"] == 5
            assert site.language_share == {"zh": 0.5, "en": 0.5}
            assert sum(site.per_hour) == 4 and sum(n for _d, n in site.per_day) == 4
            # one kiosk's figures on the author are that kiosk's own report
            assert _fleet(author, "lobby") == mine
            assert _fleet(author, "gcms") == theirs
            db = fleetstore.open_fleet_stats(author.stats_path, readonly=True)
            assert [k.label for k in fleetstore.kiosks(db, "yidian")] == ["gcms", "大厅 Lobby"]
            db.close()

            # the same hours again (a kiosk restored from a backup): stored once
            received = author.stats_stored
            lobby.stats_acked = lobby.stats_sent = 0
            again = await lobby.publish_stats()
            assert again == 1
            await until(lambda: author.stats_stored == received + 1, what="the repeat stored")
            assert _rows(author) == 3 and _fleet(author) == site

            # a malformed aggregate from a kiosk's own identity: named, dropped, no crash
            bad = {"schema": 1, "hour": lobby.stats_acked, "visits": "many"}
            assert await lobby.link.publish(lobby.config.topic("stats"),
                                            json.dumps(bad).encode())
            await until(lambda: author.stats_rejected == 1, what="the bad message refused")
            assert _fleet(author) == site
            lobby.stats_acked = lobby.stats_sent = 0
            await lobby.publish_stats()  # the author still listens
            await until(lambda: author.stats_stored == received + 2,
                        what="a good one after the bad")

    with caplog.at_level(logging.WARNING, logger="kiosk.fleet.author"):
        asyncio.run(main())
    refused = [r.getMessage() for r in caplog.records if "statistics dropped" in r.getMessage()]
    assert len(refused) == 1
    assert "kiosk/v1/yidian/lobby/stats: visits: expected a whole number" in refused[0]


def test_hours_finished_while_the_author_was_away_arrive_later(
        two: tuple[Author, Agent, Agent], broker: FleetBroker, tmp_path: Path,
        template_db: Path, keys: tuple[Path, str]) -> None:
    author, lobby, gcms = two

    async def main() -> None:
        async with running(lobby):
            async with running(author):
                await until(lambda: _rows(author) == 1 and bool(lobby.stats_acked),
                            what="the lobby's hour")
            # the author went away cleanly; an hour finishes meanwhile: nothing is sent
            await until(lambda: lobby.author is not None and lobby.author.state == "offline",
                        what="the author offline")
            h1 = hourly.hour_of(time.time()) - 3600
            write_visits(lobby.stats_path, [(h1 + 5, ["gc-ms"], "zh", 12.0)])
            assert await lobby.publish_stats() == 0
            # a new author with a fresh store (its old file lost): the broker's retained
            # acknowledgement claims more than it has, it corrects it, the lobby sends all
            author.stats_path.unlink()
            back = make_author(broker, tmp_path / "again", template_db, keys)
            back.stats_path = author.stats_path
            async with running(back):
                await until(lambda: _rows(back) == 2 and lobby.stats_acked == h1,
                            what="both hours stored by the new author")
                assert _fleet(back, "lobby").visits == 3

    asyncio.run(main())
    del gcms


def test_a_store_damaged_while_running_is_begun_afresh_and_refilled(
        two: tuple[Author, Agent, Agent]) -> None:
    author, lobby, gcms = two

    async def main() -> None:
        async with running(author, lobby, gcms):
            await until(lambda: _rows(author) == 3 and bool(gcms.stats_acked),
                        what="three hours stored")
            # the disk damages the file between two batches
            for extra in ("-wal", "-shm"):
                Path(str(author.stats_path) + extra).unlink(missing_ok=True)
            author.stats_path.write_bytes(b"\x00garbage" * 512)
            h1 = hourly.hour_of(time.time()) - 3600
            write_visits(lobby.stats_path, [(h1 + 5, ["gc-ms"], "zh", 12.0)])
            assert await lobby.publish_stats() == 1
            # the failed store finds the damage, begins afresh and asks every kiosk again
            await until(lambda: _rows(author) == 4, what="all four hours stored again")
            assert _fleet(author).visits == 5
            assert list(author.stats_path.parent.glob("fleet-stats.db.corrupt-*"))

    asyncio.run(main())


def test_the_author_counts_its_own_screen(two: tuple[Author, Agent, Agent]) -> None:
    author, _lobby, _gcms = two
    h2 = hourly.hour_of(time.time()) - 2 * 3600
    write_visits(store.stats_path_for(author.db_path), [(h2 + 30, ["gc-ms"], "zh", 15.0)])

    async def main() -> None:
        assert await author.store_own_stats() == 1
        assert await author.store_own_stats() == 0  # already there
        assert _fleet(author, "author").visits == 1

    asyncio.run(main())


def test_a_kiosk_block_without_the_stats_lines_is_refused_and_said(
        broker: FleetBroker, tmp_path: Path, template_db: Path, keys: tuple[Path, str],
        caplog: pytest.LogCaptureFixture) -> None:
    from kiosk.fleet import broker as recipe
    old = "".join(line + "\n" for line in recipe.kiosk_acl("yidian", "old").splitlines()
                  if "/stats" not in line)  # a block made before the statistics
    broker.add_user(recipe.kiosk_username("yidian", "old"), old)
    broker.start()
    author = make_author(broker, tmp_path, template_db, keys)
    kiosk = make_agent(broker, tmp_path, template_db, "old", [keys[1]])
    write_visits(kiosk.stats_path, [(hourly.hour_of(time.time()) - 7200, ["gc-ms"], "zh", 9.0)])

    async def main() -> None:
        async with running(author, kiosk):
            await until(lambda: "refused" in kiosk.last_error, what="the refusal")
            assert "ACL" in kiosk.health().last_error  # in `reported`: the Fleet screen shows it
            assert _rows(author) == 0 and kiosk.stats_acked == 0

    with caplog.at_level(logging.WARNING, logger="kiosk.fleet.agent"):
        asyncio.run(main())
    assert any("kiosk/v1/yidian/old/stats" in r.getMessage() for r in caplog.records)
