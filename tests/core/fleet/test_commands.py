"""Remote commands: answered, at most once, never stale; screenshots as PNG bytes."""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path

import pytest
from helpers.fleet import FleetBroker, clone_db, fleet_config, make_author, running, until
from PIL import Image

from kiosk.fleet import protocol
from kiosk.fleet.agent import Agent
from kiosk.fleet.author import CommandFailed
from kiosk.fleet.host import HeadlessHost
from kiosk.fleet.protocol import Command


class ScreenHost(HeadlessHost):
    """A headless host that can take a screenshot (a real PNG)."""

    async def screenshot(self) -> bytes:
        buf = io.BytesIO()
        Image.new("RGB", (32, 18), (200, 30, 30)).save(buf, "PNG")
        return buf.getvalue()


def _agent(broker: FleetBroker, tmp_path: Path, template_db: Path, public: str,
           host: HeadlessHost) -> Agent:
    db = clone_db(template_db, tmp_path / "lobby" / "kiosk.db")
    cfg = fleet_config(broker, tmp_path / "lobby", kiosk_id="lobby", public_keys=[public],
                       name="大厅 Lobby")
    return Agent(cfg, host, db_path=db, backoff_base_s=0.05)


def test_commands_once_and_never_stale(broker: FleetBroker, tmp_path: Path, template_db: Path,
                                       keys: tuple[Path, str]) -> None:
    broker.add_kiosk("lobby")
    broker.start()
    author = make_author(broker, tmp_path, template_db, keys)
    host = ScreenHost()
    agent = _agent(broker, tmp_path, template_db, keys[1], host)
    topic = protocol.kiosk_topic("yidian", "lobby", "cmd")

    async def send_raw(cmd: Command) -> None:
        assert await author.link.publish(topic, protocol.encode(cmd),
                                         response_topic=cmd.reply_to)

    async def main() -> None:
        async with running(author, agent):
            await until(lambda: len(author.roster) == 1 and author.roster.find("lobby").online,
                        what="the kiosk")
            png = await author.screenshot("大厅 Lobby")
            assert Image.open(io.BytesIO(png)).size == (32, 18)
            assert author.roster.find("lobby").screenshot_png == png
            await author.command("lobby", "identify")
            await author.command("lobby", "attract")
            assert host.commands == ["identify:大厅 Lobby", "attract"]
            # the same command twice (a QoS 1 duplicate, a replay): executed once
            dup = Command.make("yidian", "lobby", "reload")
            await send_raw(dup)
            await send_raw(dup)
            await until(lambda: "reload" in host.commands, what="reload")
            # expired before it arrived: answered "expired", not executed
            stale = Command.make("yidian", "lobby", "restart", now=time.time() - 300)
            fut = asyncio.get_running_loop().create_future()
            author._pending[stale.id] = fut
            await send_raw(stale)
            res = await asyncio.wait_for(fut, 10)
            assert (res.ok, res.error) == (False, "expired")
            await author.command("lobby", "attract")  # a barrier: later than the two above
            assert host.commands == ["identify:大厅 Lobby", "attract", "reload", "attract"]
            agent.host = HeadlessHost()
            with pytest.raises(CommandFailed, match="no screen"):
                await author.screenshot("lobby", timeout=10)
        # while the kiosk is off, a command left retained on the broker (which the author
        # never does) would come back at every reconnect: never executed
        async with running(author):
            await author.wait_connected()
            held = Command.make("yidian", "lobby", "restart")
            assert await author.link.publish(topic, protocol.encode(held), retain=True)
        # a restarted kiosk does not run a command again that it already ran
        again = _agent(broker, tmp_path, template_db, keys[1], host)
        async with running(author, again):
            await until(lambda: again.link.connected, what="reconnected")
            await send_raw(dup)
            await author.command("lobby", "attract")
            assert host.commands.count("reload") == 1 and "restart" not in host.commands
            await author.link.publish(topic, b"", retain=True)
    asyncio.run(main())
