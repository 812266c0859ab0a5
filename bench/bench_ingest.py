"""Ingest benchmark: samples per second the sensor hub takes from a real mosquitto broker and
from a TCP line feed on loopback, while the loop is kept busy as by a 60 Hz chart redraw.

    python bench/bench_ingest.py [--paint-ms 4]

Prints ``name: value`` lines. ``ingest_dropped`` counts samples offered at 10,000/s on each feed
(MQTT and TCP at once) that never reached a channel; it must be 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk import settings
from kiosk.sensors.hub import Hub

# hook(loop) may start extra load on the loop (e.g. real chart painting); returns a stopper
LoopHook = Callable[[asyncio.AbstractEventLoop], Callable[[], None]]
FLOOD_MQTT = 100_000
FLOOD_LINES = 200_000
OFFERED_HZ = 10_000
OFFERED_S = 3.0
CAPACITY = 1 << 20  # keep every sample so the counts can be checked


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def mosquitto() -> Iterator[int]:
    exe = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "m.conf"
        conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
                        "max_queued_messages 0\n", encoding="utf-8")
        proc = subprocess.Popen([exe, "-c", str(conf)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.02)
            yield port
        finally:
            proc.kill()
            proc.wait()


def paint_load(paint_ms: float) -> LoopHook:
    """A stand-in for chart painting: the loop thread busy for ``paint_ms`` 60 times a second."""
    def hook(loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
        handle: list[asyncio.TimerHandle] = []

        def frame() -> None:
            end = time.perf_counter() + paint_ms / 1000
            while time.perf_counter() < end:  # holds the GIL, as Python-side paint code does
                pass
            handle[:] = [loop.call_later(1 / 60, frame)]

        handle.append(loop.call_later(1 / 60, frame))
        return lambda: handle[0].cancel()
    return hook


PUBLISHER = r"""
import sys, time
import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
port, topic, n, hz = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
c = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"bench-pub-{time.monotonic_ns()}")
c.max_queued_messages_set(0)
c.connect("127.0.0.1", port, 30)
c.loop_start()
t0 = time.perf_counter()
for i in range(n):
    if i % 100 == 0:
        delay = t0 + i / hz - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
    c.publish(topic, str(i % 1000))
c.publish("showroom/_flush", b"1", qos=1).wait_for_publish(60)
c.disconnect()
c.loop_stop()
"""


async def publish_in_process(port: int, topic: str, n: int, hz: float) -> None:
    """Publish from a separate process, as a real instrument gateway would."""
    proc = await asyncio.create_subprocess_exec(sys.executable, "-c", PUBLISHER, str(port),
                                                topic, str(n), str(hz))
    if await proc.wait() != 0:
        raise RuntimeError("the benchmark publisher failed")


async def wait_count(get: Callable[[], int], n: int, timeout: float) -> float:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while get() < n and loop.time() < deadline:
        await asyncio.sleep(0.005)
    return loop.time()


async def measure(port: int, hook: LoopHook | None) -> dict[str, float]:
    results: dict[str, float] = {}
    n_offered = int(OFFERED_HZ * OFFERED_S)
    go_lines, go_paced = asyncio.Event(), asyncio.Event()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await go_lines.wait()
        chunk = b"".join(b"ph,%d\n" % (i % 1000) for i in range(1000))
        for _ in range(FLOOD_LINES // 1000):  # the flood, as fast as the socket takes it
            writer.write(chunk)
            await writer.drain()
        await go_paced.wait()
        per_tick = OFFERED_HZ // 100  # then 10,000 lines/s in 10 ms ticks
        tick = b"".join(b"volume_ml,%d\n" % i for i in range(per_tick))
        t0 = time.perf_counter()
        for k in range(n_offered // per_tick):
            await asyncio.sleep(max(0.0, t0 + k / 100 - time.perf_counter()))
            writer.write(tick)
            await writer.drain()
        await reader.read()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    cfg = settings.parse({"sensors": {
        "gcms": {"source": "mqtt", "port": port},
        "titrator": {"source": "tcp", "port": server.sockets[0].getsockname()[1]},
        "robot": {"source": "none"}}})
    names = ("gcms.tic", "gcms.oven_c", "titrator.ph", "titrator.volume_ml")
    hub = Hub(cfg, capacities=dict.fromkeys(names, CAPACITY))
    loop = asyncio.get_running_loop()
    stop_hook = hook(loop) if hook else None
    await hub.start()
    try:
        while not (hub.sources["gcms"].connected and hub.sources["titrator"].connected):
            await asyncio.sleep(0.01)
        tic, ph = hub.channel("gcms.tic"), hub.channel("titrator.ph")
        oven, vol = hub.channel("gcms.oven_c"), hub.channel("titrator.volume_ml")
        # 1. MQTT flood: plain-number messages as fast as a publisher process sends them
        t0 = loop.time()
        pub = asyncio.ensure_future(publish_in_process(port, "showroom/gcms/tic", FLOOD_MQTT,
                                                       1e9))
        t1 = await wait_count(lambda: tic.samples_total, FLOOD_MQTT, 40)
        await pub
        results["ingest_mqtt_samples_s"] = tic.samples_total / (t1 - t0)
        # 2. TCP line flood
        t0 = loop.time()
        go_lines.set()
        t1 = await wait_count(lambda: ph.samples_total, FLOOD_LINES, 30)
        results["ingest_line_samples_s"] = ph.samples_total / (t1 - t0)
        # 3. 10,000 samples/s offered on each feed at once for a few seconds
        go_paced.set()
        await publish_in_process(port, "showroom/gcms/oven_c", n_offered, OFFERED_HZ)
        await wait_count(lambda: oven.samples_total + vol.samples_total, 2 * n_offered, 10)
        results["ingest_dropped"] = (2 * n_offered - oven.samples_total - vol.samples_total
                                     + sum(hub.report(i).dropped for i in hub.sources))
        results["ingest_bad_frames"] = sum(hub.report(i).bad_frames for i in hub.sources)
    finally:
        await hub.stop()
        if stop_hook:
            stop_hook()
        server.close()
        await server.wait_closed()
    return results


def run(*, loop_hook: LoopHook | None = None, paint_ms: float = 4.0) -> dict[str, float]:
    """Run the benchmark; ``loop_hook`` replaces the simulated paint load with a real one."""
    with mosquitto() as port:
        return asyncio.run(measure(port, loop_hook or paint_load(paint_ms)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--paint-ms", type=float, default=4.0,
                    help="loop time taken by each simulated 60 Hz redraw (default 4 ms)")
    args = ap.parse_args()
    t0 = time.monotonic()
    r = run(paint_ms=args.paint_ms)
    print(f"ingest_mqtt_samples_s: {r['ingest_mqtt_samples_s']:.0f}")
    print(f"ingest_line_samples_s: {r['ingest_line_samples_s']:.0f}")
    print(f"ingest_dropped: {int(r['ingest_dropped'])}")
    print(f"ingest_paint_load_ms: {args.paint_ms:g}")
    print(f"ingest_bench_s: {time.monotonic() - t0:.1f}")
    return 0 if r["ingest_dropped"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
