"""The fleet in a running kiosk: the agent (every kiosk) or the author, started after the first
paint on the qasync loop when ``[fleet]`` is configured; nothing at all otherwise.

The author machine (a kiosk or a curator's PC with ``kiosk --windowed``) runs the author only:
its own database is where content is made, so it never imports releases into it. Every other
kiosk runs the agent, and its content editor is read-only.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk import settings

log = logging.getLogger("kiosk.fleet.ui")


def content_read_only(cfg: settings.Config) -> bool:
    """A fleet kiosk that is not the author: its content comes from the author."""
    return bool(cfg["fleet.enabled"]) and not bool(cfg["fleet.author"])


@dataclasses.dataclass
class FleetParts:
    """What ``start_fleet`` started; ``stop`` ends it cleanly (status ``disconnected``)."""

    host: Any = None       # kiosk.ui.fleet_host.QtHost
    agent: Any = None      # kiosk.fleet.agent.Agent
    author: Any = None     # kiosk.fleet.author.Author

    async def stop(self) -> None:
        for part in (self.author, self.agent):
            if part is not None:
                try:
                    await part.stop()
                except Exception as exc:  # a broker gone at exit must not hang the exit
                    log.warning("fleet: stop: %s", exc)
        if self.host is not None:
            self.host.close()


async def start_fleet(window: Any, cfg: settings.Config, db_path: Path, *,
                      hub: Callable[[], Any], restart: Callable[[int], None]) -> FleetParts | None:
    """Start the agent or the author for ``window``; None when the kiosk is standalone.

    A broken ``[fleet]`` section is logged and leaves the kiosk standalone: visitors never see
    a configuration problem.
    """
    if not cfg["fleet.enabled"]:
        return None  # standalone: not even the fleet's modules (MQTT, crypto) are loaded
    from kiosk.fleet.config import FleetConfigError, from_settings
    try:
        fc = from_settings(cfg, data_dir=Path(db_path).parent)
    except FleetConfigError as exc:
        log.error("fleet: not started: %s", exc)
        return None
    if fc is None:
        return None
    parts = FleetParts()
    try:
        if fc.author:
            from kiosk.fleet.author import Author
            parts.author = Author(fc, db_path=Path(db_path),
                                  stats_retention_days=int(cfg["stats.retention_days"]))
            await parts.author.start()
            log.info("fleet: author of site %s, releases served at %s", fc.site,
                     parts.author.http_url)
        else:
            from kiosk.fleet.agent import Agent
            from kiosk.ui.fleet_host import QtHost
            parts.host = QtHost(window, restart=restart, hub=hub)
            parts.agent = Agent(fc, parts.host, db_path=Path(db_path),
                                keep_backups=int(cfg["ops.backups_keep"]),
                                send_stats=bool(cfg["stats.enabled"]))
            await parts.agent.start()
            log.info("fleet: kiosk %s of site %s", fc.kiosk_id, fc.site)
    except Exception as exc:  # e.g. the author's HTTP port taken: the kiosk itself runs on
        log.error("fleet: not started: %s", exc)
        await parts.stop()
        return None
    return parts


def attach_fleet_screen(window: Any, parts: FleetParts | None) -> None:
    """On the author, admin mode gets its Fleet / 展厅屏幕 screen (once admin mode exists)."""
    if parts is None or parts.author is None:
        return
    admin = getattr(window, "admin", None)
    if admin is not None:
        admin.attach_fleet(parts.author)
