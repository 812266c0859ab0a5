"""Fleet benchmark: 50 headless kiosks in a child process, the broker recipe, an author.

    python bench/bench_fleet.py [--kiosks 50] [--release-mb 10]

Prints ``name: value`` lines:
- ``fleet_rollout_p50_s`` / ``fleet_rollout_p95_s``: from publish (the release already signed)
  to each kiosk reporting ``active`` on it, a ~10 MB release, 2 canaries first (target p95
  <= 30 s on this machine);
- ``fleet_release_bytes_over_mqtt``: bytes of the release seen in MQTT payloads (target 0),
  beside ``fleet_broker_bytes_per_kiosk`` (everything the broker received, per kiosk, during
  the rollout, from its ``$SYS`` counters);
- ``fleet_lost_visible_s``: ``kill -9`` of a kiosk process until the author sees ``lost``
  (target <= keepalive x 1.5 + will delay, printed as ``fleet_lost_target_s``);
- ``fleet_reconverge_s``: broker restart until every kiosk re-reported (target <= 60 s);
- ``fleet_agent_cpu_pct_per_kiosk`` (idle, share of one core), ``fleet_agent_rss_mb_per_kiosk``
  and ``fleet_agent_cpu_s_per_rollout_per_kiosk``. CPU figures are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the tests' helpers package

from helpers.bundles import make_content  # noqa: E402
from helpers.fleet import (  # noqa: E402
    FleetBroker,
    clone_db,
    fleet_config,
    spawn_agent,
    write_keys,
    write_kiosk_config,
)

from kiosk import settings  # noqa: E402
from kiosk.content.seed import seed  # noqa: E402
from kiosk.fleet.author import Author  # noqa: E402
from kiosk.fleet.config import from_settings  # noqa: E402

KEEPALIVE_S = 15
WILL_DELAY_S = 5


# --- the child: many agents in one process ------------------------------------------------

async def _child_main(spec: dict[str, Any]) -> None:
    import psutil

    from kiosk.fleet.agent import Agent
    from kiosk.fleet.host import HeadlessHost
    me = psutil.Process()
    print(json.dumps({"baseline_rss": me.memory_info().rss}), flush=True)
    agents = []
    for conf, db in spec["kiosks"]:
        fc = from_settings(settings.load(Path(conf)), data_dir=Path(db).parent)
        assert fc is not None
        agents.append(Agent(fc, HeadlessHost(), db_path=Path(db)))
    for a in agents:
        await a.start()
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():  # the parent asks, we answer with our figures
        if line.strip() == b"stats":
            t = me.cpu_times()
            print(json.dumps({"rss": me.memory_info().rss, "cpu": t.user + t.system}),
                  flush=True)
    for a in agents:
        await a.stop()


# --- the parent ---------------------------------------------------------------------------

class Child:
    def __init__(self, spec_path: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__, "--child", str(spec_path)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.baseline = json.loads(self._line())["baseline_rss"]

    def _line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline()

    def stats(self) -> dict[str, float]:
        assert self.proc.stdin is not None
        self.proc.stdin.write("stats\n")
        self.proc.stdin.flush()
        return dict(json.loads(self._line()))

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Monitor:
    """Counts MQTT payload bytes that hold release bytes, and the broker's $SYS counters."""

    def __init__(self, b: FleetBroker, release: bytes) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion
        step = max(1, len(release) // 200)
        self.windows = {release[i:i + 32] for i in range(0, len(release) - 32, step)}
        self.release_bytes = 0
        self.payload_bytes = 0
        self.sys: dict[str, float] = {}
        self.c = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-monitor",
                             protocol=mqtt.MQTTv5)
        self.c.username_pw_set("monitor", b.passwords["monitor"])
        self.c.on_message = self._on_message
        self.c.connect("127.0.0.1", b.port, 30)
        self.c.subscribe([("kiosk/v1/#", 0), ("$SYS/broker/bytes/received", 0)])
        self.c.loop_start()

    def _on_message(self, _c: Any, _u: Any, msg: Any) -> None:
        if msg.topic.startswith("$SYS"):
            self.sys[msg.topic] = float(msg.payload)
            return
        payload = bytes(msg.payload)
        self.payload_bytes += len(payload)
        if any(w in payload for w in self.windows):
            self.release_bytes += len(payload)

    def close(self) -> None:
        self.c.disconnect()
        self.c.loop_stop()


async def _until(cond: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.05)


async def _parent(n: int, release_mb: float, tmp: Path) -> None:
    b = FleetBroker(tmp, extra_conf="sys_interval 1\n")
    b.add_user("author")
    b.add_user("monitor", "user monitor\ntopic read kiosk/v1/#\ntopic read $SYS/#\n")
    names = [f"k{i:02d}" for i in range(n)] + ["solo"]
    for k in names:
        b.add_kiosk(k)
    b.start()
    key, public = write_keys(tmp / "secrets")
    # old content on the kiosks (small); new content on the author (~release_mb of images)
    small = tmp / "small" / "kiosk.db"
    seed(small, make_content(tmp / "small-content", exhibits=2))
    big = tmp / "author" / "kiosk.db"
    px = int(320 * (release_mb / 2.0) ** 0.5)  # about 2 MB of images per exhibit at 320 px
    seed(big, make_content(tmp / "big-content", exhibits=5, image_px=px, title_suffix=" new"))
    kiosks = []
    for k in names[:-1]:
        db = clone_db(small, tmp / k / "kiosk.db")
        conf = write_kiosk_config(b, tmp / k, k, [public], will_delay_s=WILL_DELAY_S,
                                  keepalive_s=KEEPALIVE_S)
        kiosks.append((str(conf), str(db)))
    spec = tmp / "spec.json"
    spec.write_text(json.dumps({"kiosks": kiosks}), encoding="utf-8")
    cfg = fleet_config(b, tmp / "author", kiosk_id="author", author=True, public_keys=[public],
                       key_file=key, wave_timeout_s=600.0)
    author = Author(cfg, db_path=big)
    await author.start()
    child = Child(spec)
    try:
        await _until(lambda: sum(e.online for e in author.roster.entries()) == n, 120,
                     "kiosks online")
        await asyncio.sleep(2.0)
        s0 = child.stats()
        await asyncio.sleep(10.0)
        s1 = child.stats()
        idle_cpu = (s1["cpu"] - s0["cpu"]) / 10.0 / n * 100
        rss_per = (s1["rss"] - child.baseline) / n / 1e6

        rel = await author.make_release()
        path = cfg.releases_dir() / rel.url.rsplit("/", 1)[1]
        monitor = Monitor(b, path.read_bytes())
        await asyncio.sleep(1.5)
        sys_before = monitor.sys.get("$SYS/broker/bytes/received", 0.0)
        reached: dict[str, float] = {}

        def seen(e: Any) -> None:
            if e.phase == "active" and e.content_version == rel.version and e.key not in reached:
                reached[e.key] = time.monotonic() - t0
        author.roster.subscribe(seen)
        c0 = child.stats()
        t0 = time.monotonic()
        rollout = await author.publish(canary=[names[0], names[1]], release_=rel)
        await rollout.wait(600)
        c1 = child.stats()
        await asyncio.sleep(1.5)
        sys_after = monitor.sys.get("$SYS/broker/bytes/received", sys_before)
        monitor.close()
        assert rollout.wave == "done", rollout.reason
        times = sorted(reached.values())
        print(f"fleet_release_mb: {rel.size / 1e6:.1f}")
        print(f"fleet_rollout_p50_s: {statistics.median(times):.2f}")
        print(f"fleet_rollout_p95_s: {times[max(0, int(len(times) * 0.95) - 1)]:.2f}")
        print(f"fleet_release_bytes_over_mqtt: {monitor.release_bytes}")
        print(f"fleet_broker_bytes_per_kiosk: {(sys_after - sys_before) / n:.0f}")
        print(f"fleet_agent_cpu_s_per_rollout_per_kiosk: {(c1['cpu'] - c0['cpu']) / n:.3f}")

        # kill -9 of a kiosk process: how long until the author shows it lost
        solo_db = clone_db(small, tmp / "solo" / "kiosk.db")
        solo_conf = write_kiosk_config(b, tmp / "solo", "solo", [public],
                                       will_delay_s=WILL_DELAY_S, keepalive_s=KEEPALIVE_S)
        proc = spawn_agent(solo_conf, solo_db, tmp / "solo.log")
        await _until(lambda: (e := author.roster.get("yidian/solo")) is not None and e.online,
                     60, "solo online")
        t0 = time.monotonic()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        await _until(lambda: author.roster.find("solo").state == "lost", 120, "solo lost")
        print(f"fleet_lost_visible_s: {time.monotonic() - t0:.2f}")
        print(f"fleet_lost_target_s: {KEEPALIVE_S * 1.5 + WILL_DELAY_S:.1f}")

        # broker restart: until every kiosk re-reported by itself
        before = {e.key: e.health.get("mqtt_reconnects", 0) for e in author.roster.entries()
                  if e.kiosk_id != "solo"}
        t0 = time.monotonic()
        b.restart()
        await _until(lambda: all((author.roster.find(k).health.get("mqtt_reconnects") or 0)
                                 > before[k] for k in before), 180, "re-reported")
        print(f"fleet_reconverge_s: {time.monotonic() - t0:.2f}")
        print(f"fleet_agent_cpu_pct_per_kiosk: {idle_cpu:.3f}")
        print(f"fleet_agent_rss_mb_per_kiosk: {rss_per:.2f}")
        print(f"fleet_agents_process_rss_mb: {s1['rss'] / 1e6:.0f}")
    finally:
        child.stop()
        await author.stop()
        b.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--release-mb", type=float, default=10.0)
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        asyncio.run(_child_main(json.loads(args.child.read_text(encoding="utf-8"))))
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    try:
        asyncio.run(_parent(args.kiosks, args.release_mb, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
