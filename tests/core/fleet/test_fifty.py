"""Fifty headless kiosks (the same agent code, one process): a canary rollout, then a broker
restart after which every kiosk re-reports by itself."""

from __future__ import annotations

import asyncio
import collections
from pathlib import Path

from helpers.fleet import (
    FleetBroker,
    fleet_of,
    running,
    set_title,
    title_of,
    until,
)

N = 50


def test_fifty_kiosks_roll_out_and_reconverge(broker: FleetBroker, tmp_path: Path,
                                              template_db: Path,
                                              keys: tuple[Path, str]) -> None:
    names = [f"k{i:02d}" for i in range(N)]
    author, agents = fleet_of(broker, tmp_path, template_db, keys, names)

    async def main() -> None:
        async with running(author, *agents):
            await until(lambda: sum(e.online for e in author.roster.entries()) == N,
                        what=f"{N} kiosks online", timeout=60)
            set_title(author.db_path, "exhibit-001", "Fifty")
            rollout = await author.publish(canary=names[:2])
            await rollout.wait(120)
            assert rollout.wave == "done", rollout.reason
            assert len(rollout.active) == N and not rollout.failures
            assert all(title_of(a.db_path, "exhibit-001") == "Fifty" for a in agents)
            phases = collections.Counter(e.phase for e in author.roster.entries())
            assert phases == {"active": N}
            # the broker dies and comes back: every kiosk reconnects and re-reports itself
            broker.kill()
            await until(lambda: not any(a.link.connected for a in agents), what="all cut off")
            broker.start()
            await until(lambda: all((e.health.get("mqtt_reconnects") or 0) >= 1 and e.online
                                    for e in author.roster.entries()),
                        what="every kiosk re-reported", timeout=90)
            assert all(a.content.version == 1 for a in agents)
    asyncio.run(main())
