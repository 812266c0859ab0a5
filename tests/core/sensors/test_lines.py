import asyncio
import os
import time

from helpers.net import until
from helpers.sensors import config, running

from kiosk.sensors.hub import Hub

GOOD_THEN_BAD = [
    (b"ph,%d\n", None),
    (b"ph,abc\n", "not_a_number"),
    (b"# a comment line\n", None),
    (b"titrator.ph,nan\n", "not_finite"),
    (b"volume_ml,inf\n", "not_finite"),
    (b"nope,1\n", "unknown_channel"),
    (b"gcms.tic,5\n", "unknown_channel"),
    (b"\xff\xfe,1\n", "bad_utf8"),
    (b"x" * 70_000 + b"\n", "too_large"),
    (b"ph,1,12\n", "bad_time"),
    (b"\n", None),
]


def stream(n: int) -> tuple[bytes, dict[str, int]]:
    out = bytearray()
    kinds: dict[str, int] = {}
    for i in range(n):
        out += b"ph,%d\n" % i
        frame, kind = GOOD_THEN_BAD[i % len(GOOD_THEN_BAD)]
        if kind:
            out += frame
            kinds[kind] = kinds.get(kind, 0) + 1
        elif frame != b"ph,%d\n":
            out += frame
    return bytes(out), kinds


def test_tcp_feed_garbage_disconnect_and_reconnect() -> None:
    data, kinds = stream(330)
    connections: list[asyncio.StreamWriter] = []
    second = asyncio.Event()

    async def main() -> None:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            connections.append(writer)
            if len(connections) == 1:
                # the first client gets everything in odd-sized pieces, then the link drops
                for i in range(0, len(data), 777):
                    writer.write(data[i:i + 777])
                    await writer.drain()
                await second.wait()
                writer.close()
            else:
                writer.write(b"titrator.volume_ml,2.5,%f\n" % time.time())
                await writer.drain()
                await reader.read()  # hold the link until the client leaves
                writer.close()

        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        hub = Hub(config(titrator={"source": "tcp", "host": "127.0.0.1", "port": port}),
                  backoff_base=0.05)
        try:
            async with running(hub):
                ph = hub.channel("titrator.ph")
                await until(lambda: ph.samples_total == 330
                            and hub.report("titrator").bad_frames == sum(kinds.values()),
                            what="all lines")
                assert ph.snapshot()[1].tolist() == list(range(330))
                assert hub.report("titrator").bad_by_kind == kinds
                assert hub.state("titrator.ph") == "live"
                second.set()
                await until(lambda: hub.state("titrator.ph") == "offline"
                            or len(connections) > 1, what="link dropped")
                await until(lambda: hub.channel("titrator.volume_ml").samples_total == 1,
                            what="data after reconnecting")
                assert hub.state("titrator.volume_ml") == "live"
                assert hub.sources["titrator"].stats.connects == 2
        finally:
            server.close()
            await server.wait_closed()
    asyncio.run(main())


def test_serial_feed_over_a_pty() -> None:
    master, slave = os.openpty()
    name = os.ttyname(slave)
    data, kinds = stream(120)

    async def main() -> None:
        hub = Hub(config(robot={"source": "serial", "serial_port": name, "baud": 9600}),
                  backoff_base=0.05)
        async with running(hub):
            src = hub.sources["robot"]
            await until(lambda: src.connected, what="port open")
            lines = data.replace(b"ph,", b"battery_pct,").replace(b"gcms.tic", b"titrator.ph")
            for i in range(0, len(lines), 512):
                os.write(master, lines[i:i + 512])
                await asyncio.sleep(0)
            ch = hub.channel("robot.battery_pct")
            await until(lambda: ch.samples_total == 120
                        and hub.report("robot").bad_frames == sum(kinds.values()),
                        what="all serial lines")
            assert ch.snapshot()[1].tolist() == list(range(120))
            assert hub.state("robot.battery_pct") == "live"
            os.close(master)  # the adapter is unplugged
            await until(lambda: hub.state("robot.battery_pct") == "offline", what="offline")
            assert hub.report("robot").last_error
    try:
        asyncio.run(main())
    finally:
        os.close(slave)
