"""``kill -9`` of a kiosk process: seen as lost, and during a download or an apply it leaves
the old content or the new, never a mix; the restarted kiosk finishes the job."""

from __future__ import annotations

import asyncio
import random
import signal
import sqlite3
from pathlib import Path

from helpers.bundles import make_content
from helpers.fleet import (
    FleetBroker,
    SlowServer,
    clone_db,
    make_author,
    spawn_agent,
    until,
    write_kiosk_config,
)

from kiosk.content.seed import seed
from kiosk.fleet import protocol


def _titles(db: Path) -> tuple[str, set[str], object]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        titles = {r[0] for r in conn.execute("SELECT title_en FROM exhibits")}
        rec = conn.execute("SELECT value FROM settings WHERE key = 'fleet.release'").fetchone()
        return check, titles, rec
    finally:
        conn.close()


def test_kill_9_is_lost_and_during_download_resumes(broker: FleetBroker, tmp_path: Path,
                                                   template_db: Path,
                                                   keys: tuple[Path, str]) -> None:
    broker.add_kiosk("lobby")
    broker.start()
    author = make_author(broker, tmp_path, template_db, keys)
    db = clone_db(template_db, tmp_path / "lobby" / "kiosk.db")
    conf = write_kiosk_config(broker, tmp_path / "lobby", "lobby", [keys[1]])
    slow = SlowServer(author.config.releases_dir())
    log = tmp_path / "agent.log"

    async def main() -> None:
        await author.start()
        await slow.start()
        proc = spawn_agent(conf, db, log)
        try:
            await until(lambda: len(author.roster) and author.roster.find("lobby").online,
                        what="the kiosk process", timeout=30)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            await until(lambda: author.roster.find("lobby").state == "lost",
                        what="lost after the will delay", timeout=20)
            proc = spawn_agent(conf, db, log)
            await until(lambda: author.roster.find("lobby").online, what="back", timeout=30)
            rel = await author.make_release()
            slow_url = f"http://127.0.0.1:{slow.port}/releases/{rel.url.rsplit('/', 1)[1]}"
            import dataclasses
            rel = dataclasses.replace(rel, url=slow_url)
            rollout = await author.publish(release_=rel)
            part = db.parent / "fleet" / "downloads" / f"{rel.sha256}.part"
            await until(lambda: part.exists() and part.stat().st_size > 2048,
                        what="half a download", timeout=30)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            have = part.stat().st_size
            assert 0 < have < rel.size
            assert _titles(db)[2] is None  # nothing applied
            proc = spawn_agent(conf, db, log)
            await rollout.wait(60)
            assert rollout.wave == "done", rollout.reason
            resumed = [int(r[6:].split("-")[0]) for r in slow.ranges[1:] if r]
            assert resumed and resumed[0] > 0, slow.ranges  # not from the start again
            check, _titles_now, rec = _titles(db)
            assert check == "ok" and rec is not None and '"version": 1' in str(rec)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            await author.stop()
            if slow.runner is not None:
                await slow.runner.cleanup()
    asyncio.run(main())


def test_kill_9_during_apply_leaves_old_or_new(broker: FleetBroker, tmp_path: Path,
                                              keys: tuple[Path, str]) -> None:
    broker.add_kiosk("lobby")
    broker.start()
    # bigger content, so that the import lasts long enough for the kills to land inside it
    template = tmp_path / "big" / "data" / "kiosk.db"
    seed(template, make_content(tmp_path / "big" / "content", exhibits=8, image_px=600,
                                recording_rows=5000))
    author = make_author(broker, tmp_path, template, keys)
    db = clone_db(template, tmp_path / "lobby" / "kiosk.db")
    conf = write_kiosk_config(broker, tmp_path / "lobby", "lobby", [keys[1]])
    old_titles = _titles(db)[1]
    conn = sqlite3.connect(author.db_path)
    with conn:
        conn.execute("UPDATE exhibits SET title_en = title_en || ' (new)'")
    conn.close()
    rng = random.Random(7)
    outcomes = []

    async def main() -> None:
        await author.start()
        await author.wait_connected()
        rollout = None
        try:
            for _attempt in range(4):
                entry = author.roster.get("yidian/lobby")
                if entry is not None:
                    entry.phase = "unknown"  # the process is dead: only a new one reports
                proc = spawn_agent(conf, db, tmp_path / "agent.log")
                try:
                    await until(lambda: (e := author.roster.get("yidian/lobby")) is not None
                                and e.online, what="the kiosk", timeout=30)
                    now = author.roster.find("lobby")
                    if rollout is None:
                        rollout = await author.publish()
                    await until(lambda: now.phase in ("staged", "active"),  # noqa: B023
                                what="staged", timeout=30)
                    if now.phase == "active":
                        break
                    await asyncio.sleep(rng.uniform(0.0, 0.6))
                finally:
                    proc.send_signal(signal.SIGKILL)
                    proc.wait()
                check, titles, rec = _titles(db)
                assert check == "ok"
                if rec is None:
                    assert titles == old_titles, "the old content, whole"
                    outcomes.append("old")
                else:
                    assert titles == {t + " (new)" for t in old_titles}, "the new content, whole"
                    outcomes.append("new")
                author.roster.apply(protocol.kiosk_topic("yidian", "lobby", "status"),
                                    protocol.encode(protocol.Status("lost")))
            entry = author.roster.find("lobby")
            entry.phase = "unknown"
            proc = spawn_agent(conf, db, tmp_path / "agent.log")
            try:
                await until(lambda: entry.phase == "active" and entry.content_version == 1,
                            what="the restarted kiosk finished the job", timeout=60)
            finally:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            assert _titles(db)[1] == {t + " (new)" for t in old_titles}
        finally:
            await author.stop()
    asyncio.run(main())
    print("kill outcomes:", outcomes)
    assert outcomes, "no kill landed"
