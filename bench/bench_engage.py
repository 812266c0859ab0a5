"""Engagement: the UI-thread cost of one statistics event, the statistics file's yearly size
at 500 visits a day, and painting a QR code.

Prints ``stats_event_us`` (median over batches of recording one event through the visit log
into the recorder, its writer thread running; target ≤ 50 µs), ``stats_db_mb_per_year`` (file
size of 20 simulated days of 500 visits, scaled to 365) and ``qr_render_ms`` (matrix + module
by module painting of an exhibit link and of the vCard, uncached, at 6 px a module).

For the fleet, from the same simulated days: ``fleet_stats_hour_bytes`` (median size of one
hour's aggregate message), ``fleet_stats_hour_ms`` (median time a kiosk takes to build one, in
its worker thread, never the UI's) and ``fleet_stats_mb_per_kiosk_year`` (the author's
``fleet-stats.db`` for one kiosk, scaled to 365 days).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.stats import store
from kiosk.stats.recorder import StatsRecorder
from kiosk.stats.visits import VisitLog

SLUGS = ("gc-ms", "titration-robot", "robot-training-ground", "yidian-branch")


def event_cost_us(tmp: Path) -> float:
    rec = StatsRecorder(tmp / "bench-events.db", flush_s=0.05)
    log = VisitLog(rec)
    log.start("zh")
    per_batch = []
    for _ in range(30):
        t0 = time.perf_counter()
        for i in range(2000):
            log.swipe("gc-ms", i)
        per_batch.append((time.perf_counter() - t0) / 2000 * 1e6)
        time.sleep(0.01)  # let the writer take its share, as between real touches
    log.end()
    rec.flush()
    rec.close()
    return statistics.median(per_batch)


def one_visit(log: VisitLog, clock: list[float], rng: random.Random) -> None:
    """A typical visit: home, two or three exhibits with swipes, codes, a chart touch."""
    log.start(rng.choice(("zh", "zh", "en")))
    log.page("home")
    if rng.random() < 0.3:
        log.language("en")
    for slug in rng.sample(SLUGS, rng.randint(1, 3)):
        log.page("exhibit", slug)
        log.qr_shown(f"exhibit:{slug}:zh")
        for i in range(rng.randint(0, 3)):
            log.swipe(slug, i + 1)
        if rng.random() < 0.4:
            log.chart_touch(slug)
        clock[0] += rng.uniform(10, 90)
        log.page("home")
    clock[0] += 90
    log.end(idle_s=90)


def db_mb_per_year(tmp: Path, *, days: int = 20, per_day: int = 500) -> float:
    path = tmp / "bench-year.db"
    clock = [1_796_000_000.0]
    rec = StatsRecorder(path, clock=lambda: clock[0], flush_s=0.05, batch=5000,
                        retention_days=3660)
    log = VisitLog(rec, clock=lambda: clock[0], wall=lambda: clock[0])
    rng = random.Random(7)
    for _day in range(days):
        for _ in range(per_day):
            one_visit(log, clock, rng)
        clock[0] += 86_400 / 4
        rec.flush()
    rec.close()
    db = store.open_stats(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return os.path.getsize(path) / 1e6 * 365 / days


def fleet_hours(tmp: Path, *, days: int = 20) -> tuple[float, float, float]:
    from kiosk.fleet.protocol import StatsHour
    from kiosk.stats import fleetstore, hourly

    db = store.open_stats(tmp / "bench-year.db", readonly=True)
    sizes, times, aggs = [], [], []
    for h in hourly.final_hours(db, after=0, now=4e9):  # every simulated hour
        t0 = time.perf_counter()
        agg = hourly.aggregate_hour(db, h)
        times.append((time.perf_counter() - t0) * 1000)
        sizes.append(len(StatsHour(agg, name="大厅 Lobby", ts=time.time()).encode()))
        aggs.append(agg)
    db.close()
    path = tmp / "fleet" / fleetstore.FILE_NAME
    fdb = fleetstore.open_fleet_stats(path)
    fleetstore.store_hours(fdb, "yidian", "lobby", aggs, now=time.time())
    fdb.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fdb.close()
    return (statistics.median(sizes), statistics.median(times),
            os.path.getsize(path) / 1e6 * 365 / days)


def qr_ms() -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    from kiosk.content import qr
    from kiosk.ui import takeaway

    payloads = ["https://example.org/modelspeed-yidian/zh/robot-training-ground",
                "BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:模速空间（仪电）\r\nORG:模速空间（仪电）;"
                "招商服务\r\nTEL;TYPE=WORK,VOICE:+86 21 1234 5678\r\nURL:https://example.org/"
                "modelspeed-yidian\r\nEND:VCARD\r\n"]
    times = []
    for _ in range(15):
        for p in payloads:
            qr.qr_matrix.cache_clear()
            takeaway._CACHE.clear()
            t0 = time.perf_counter()
            takeaway.render_qr(p, 6)
            times.append((time.perf_counter() - t0) * 1000)
    del app
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        print(f"stats_event_us: {event_cost_us(tmp):.2f}")
        print(f"stats_db_mb_per_year: {db_mb_per_year(tmp):.1f}")
        size, ms, mb = fleet_hours(tmp)
        print(f"fleet_stats_hour_bytes: {size:.0f}")
        print(f"fleet_stats_hour_ms: {ms:.2f}")
        print(f"fleet_stats_mb_per_kiosk_year: {mb:.2f}")
    print(f"qr_render_ms: {qr_ms():.2f}")


if __name__ == "__main__":
    main()
