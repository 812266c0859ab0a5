"""Hourly aggregates: the same figures as the local report, checked on the wire, stored once."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from helpers.fleet import write_visits

from kiosk.fleet.protocol import ProtocolError, StatsHour
from kiosk.stats import fleetstore, hourly, store
from kiosk.stats.report import build_report

TZ = "Asia/Shanghai"
TOPIC = "kiosk/v1/yidian/lobby/stats"


def _hour_ago(n: int) -> int:
    return hourly.hour_of(time.time()) - n * 3600


def _today() -> dt.date:
    from zoneinfo import ZoneInfo
    return dt.datetime.now(ZoneInfo(TZ)).date()


@pytest.fixture
def stats_db(tmp_path: Path) -> Path:
    path = tmp_path / "stats.db"
    h3, h2 = _hour_ago(3), _hour_ago(2)
    write_visits(path, [(h3 + 60, ["gc-ms", "titration-robot"], "zh", 30.0),
                        (h3 + 900, ["gc-ms"], "en", 45.0),
                        (h2 + 10, ["robot-training-ground"], "zh", 20.0)])
    return path


def test_aggregates_give_the_local_report(stats_db: Path) -> None:
    db = store.open_stats(stats_db, readonly=True)
    try:
        hours = [hourly.aggregate_hour(db, h) for h in hourly.final_hours(db, after=0,
                                                                          now=time.time())]
        since = _today() - dt.timedelta(days=1)
        local = build_report(db, since=since, until=_today(), tz=TZ)
    finally:
        db.close()
    assert [a.hour for a in hours] == [_hour_ago(3), _hour_ago(2)]
    first = hours[0]
    assert first.visits == 2 and first.languages == {"en": 1, "zh": 1}
    assert first.exhibit_visits == {"gc-ms": 2, "titration-robot": 1}
    assert first.exhibit_s == {"gc-ms": 75.0, "titration-robot": 30.0}
    assert first.counts["chart"] == 3 and first.counts["language"] == 1
    assert first.lengths == {46: 1, 61: 1} and first.median_visit_s == 53.5
    merged = hourly.report_from_hours(hours, since=since, until=_today(), tz=TZ)
    assert merged == local  # the showroom's figures are built exactly like the kiosk's own


def test_an_hour_is_final_only_when_its_visits_ended(tmp_path: Path) -> None:
    path = tmp_path / "stats.db"
    h = _hour_ago(1)
    db = store.open_stats(path)
    store.write_events(db, [(h + 3590, 1, "visit_start", "zh", 0.0)])  # still going on
    write_visits(path, [(h + 5, ["gc-ms"], "zh", 10.0)])
    now = time.time()
    assert hourly.final_hours(db, after=0, now=now) == []
    store.write_events(db, [(h + 3650, 1, "visit_end", "", 60.0)])
    assert hourly.final_hours(db, after=0, now=now) == [h]
    assert hourly.final_hours(db, after=h, now=now) == []  # acknowledged: not again
    # the current hour is never final
    write_visits(path, [(hourly.hour_of(now) + 1, ["gc-ms"], "zh", 1.0)])
    assert hourly.final_hours(db, after=0, now=now) == [h]
    # a visit that never ends (a crash) holds its hour back for an hour only
    store.write_events(db, [(h + 20, 2, "visit_start", "zh", 0.0)])
    try:
        assert hourly.final_hours(db, after=0, now=now) == []
        later = h + 2 * 3600 + hourly.OPEN_VISIT_LIMIT_S
        assert h in hourly.final_hours(db, after=0, now=later)
    finally:
        db.close()


def test_the_message_round_trip_and_size(stats_db: Path) -> None:
    db = store.open_stats(stats_db, readonly=True)
    agg = hourly.aggregate_hour(db, _hour_ago(3))
    db.close()
    payload = StatsHour(agg, name="大厅 Lobby", ts=1.0).encode()
    assert len(payload) < 600, len(payload)
    back = StatsHour.decode(TOPIC, payload)
    assert back.aggregate == agg and back.name == "大厅 Lobby"
    body = json.loads(payload)
    assert body["schema"] == 1 and "visit" not in body  # no visit numbers, no times
    assert set(body) == {"schema", "name", "ts", "hour", "visits", "visit_s", "median_visit_s",
                         "lengths", "exhibit_visits", "exhibit_s", "languages", "counts"}


def _good() -> dict[str, Any]:
    return {"schema": 1, "hour": _hour_ago(2), "visits": 2, "visit_s": 90.0,
            "median_visit_s": 45.0, "lengths": {"40": 1, "50": 1},
            "exhibit_visits": {"gc-ms": 2}, "exhibit_s": {"gc-ms": 80.0},
            "languages": {"zh": 2}, "counts": {"page": 2, "chart": 1}}


@pytest.mark.parametrize(("change", "field"), [
    ({"visits": "many"}, "visits"),
    ({"visits": -1}, "visits"),
    ({"hour": 1796112001}, "hour"),
    ({"hour": 4_000_000_000 // 3600 * 3600}, "hour"),
    ({"schema": 2}, "schema"),
    ({"lengths": {"40": 3}}, "lengths"),
    ({"lengths": {"forty": 1, "50": 1}}, "lengths.forty"),
    ({"languages": {"zh": 1}}, "languages"),
    ({"exhibit_visits": {"gc-ms": 3}}, "exhibit_visits.gc-ms"),
    ({"exhibit_visits": {"../etc": 1}}, "exhibit_visits.../etc"),
    ({"exhibit_s": {"gc-ms": "long"}}, "exhibit_s.gc-ms"),
    ({"counts": {"chart": 1.5}}, "counts.chart"),
    ({"median_visit_s": -3}, "median_visit_s"),
    ({"counts": []}, "counts"),
])
def test_a_malformed_aggregate_names_its_field(change: dict[str, Any], field: str) -> None:
    body = _good() | change
    with pytest.raises(ProtocolError) as err:
        StatsHour.decode(TOPIC, json.dumps(body).encode())
    assert err.value.field == field, str(err.value)
    assert TOPIC in str(err.value) and field in str(err.value)


def test_missing_fields_and_unknown_interactions() -> None:
    body = _good()
    del body["visits"]
    with pytest.raises(ProtocolError, match="visits: missing"):
        StatsHour.decode(TOPIC, json.dumps(body).encode())
    newer = _good() | {"counts": {"page": 2, "hologram": 4}, "extra": True}
    assert StatsHour.decode(TOPIC, json.dumps(newer).encode()).aggregate.counts["page"] == 2


def test_the_store_upserts_by_kiosk_and_hour(tmp_path: Path, stats_db: Path) -> None:
    src = store.open_stats(stats_db, readonly=True)
    aggs = [hourly.aggregate_hour(src, h) for h in (_hour_ago(3), _hour_ago(2))]
    src.close()
    path = fleetstore.fleet_stats_path(tmp_path)
    db = fleetstore.open_fleet_stats(path)
    for _ in range(3):  # a kiosk that sends the same hours again counts them once
        fleetstore.store_hours(db, "yidian", "lobby", aggs, name="大厅 Lobby", now=1.0)
    fleetstore.store_hours(db, "yidian", "gcms", aggs[:1], now=1.0)
    fleetstore.store_hours(db, "xuhui", "lobby", aggs, now=1.0)
    assert db.table("hours").count == 5
    since, until = _today() - dt.timedelta(days=1), _today()
    lobby = fleetstore.fleet_report(db, since=since, until=until, tz=TZ, site="yidian",
                                    kiosk="lobby")
    site = fleetstore.fleet_report(db, since=since, until=until, tz=TZ, site="yidian")
    assert lobby.visits == 3 and site.visits == 5
    assert dict(site.exhibit_visits) == {"gc-ms": 4, "titration-robot": 2,
                                         "robot-training-ground": 1}
    assert fleetstore.visits_by_kiosk(db, since=since, until=until, tz=TZ, site="yidian") == \
        [("yidian/lobby", 3), ("yidian/gcms", 2)]
    assert [k.label for k in fleetstore.kiosks(db, "yidian")] == ["gcms", "大厅 Lobby"]
    assert fleetstore.latest_hour(db, "yidian", "lobby") == _hour_ago(2)
    db.close()


def test_a_corrupt_fleet_store_is_moved_aside(tmp_path: Path) -> None:
    path = fleetstore.fleet_stats_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database" * 100)
    told: list[str] = []
    db = fleetstore.open_fleet_stats(path, on_moved_aside=told.append)
    assert db.table("hours").count == 0
    db.close()
    assert list(path.parent.glob("fleet-stats.db.corrupt-*"))
    assert len(told) == 1 and "not a database" in told[0]  # the author asks kiosks again


def test_a_busy_fleet_store_is_an_error_not_a_corrupt_file(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "busy" / "fleet-stats.db"
    path.parent.mkdir()
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")  # another process holds it: reading is refused
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            fleetstore.open_fleet_stats(path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not list(path.parent.glob("*.corrupt-*"))
    assert path.exists()


def test_kiosk_stats_fleet_and_kiosk(tmp_path: Path, stats_db: Path) -> None:
    import subprocess
    repo = Path(__file__).resolve().parents[3]
    src = store.open_stats(stats_db, readonly=True)
    aggs = [hourly.aggregate_hour(src, h) for h in (_hour_ago(3), _hour_ago(2))]
    src.close()
    data = tmp_path / "author"
    db = fleetstore.open_fleet_stats(fleetstore.fleet_stats_path(data))
    fleetstore.store_hours(db, "yidian", "lobby", aggs, name="大厅 Lobby", now=1.0)
    fleetstore.store_hours(db, "yidian", "gcms", aggs[1:], now=1.0)
    db.close()

    def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kiosk", "stats", "--db",
                               str(data / "kiosk.db"), "--config", str(tmp_path / "none.toml"),
                               *args], capture_output=True, text=True, cwd=repo, timeout=60)

    site = kiosk("--fleet", "--json")
    assert site.returncode == 0, site.stderr
    got = json.loads(site.stdout)
    assert got["visits"] == 4
    assert got["per_kiosk"] == {"yidian/lobby": {"name": "大厅 Lobby", "visits": 3},
                                "yidian/gcms": {"name": "", "visits": 1}}
    one = json.loads(kiosk("--kiosk", "大厅 Lobby", "--json").stdout)
    assert one["visits"] == 3 and one["scope"] == {"kiosk": "yidian/lobby", "name": "大厅 Lobby"}
    text = kiosk("--fleet").stdout
    assert "showroom (all sites), 2 kiosks" in text and "visits            4" in text
    assert "yidian/lobby" in text and "complete up to" in text
    unknown = kiosk("--kiosk", "robots")
    assert unknown.returncode == 2 and "unknown" in unknown.stderr
    assert "yidian/gcms" in unknown.stderr
    none = kiosk("--fleet", "--db", str(tmp_path / "elsewhere" / "kiosk.db"))
    assert none.returncode == 2 and "only the author collects them" in none.stderr


def test_doctor_says_what_the_fleet_statistics_do(tmp_path: Path) -> None:
    from kiosk import settings
    from kiosk.commands.doctor import WARN, check_fleet_stats

    def cfg(author: bool) -> settings.Config:
        return settings.parse({"fleet": {"enabled": True, "site": "yidian", "kiosk_id": "lobby",
                                         "author": author}})

    kiosk_db = tmp_path / "kiosk" / "kiosk.db"
    old = _hour_ago(50)
    write_visits(store.stats_path_for(kiosk_db), [(old + 10, ["gc-ms"], "zh", 10.0)])
    [check] = check_fleet_stats(cfg(False), kiosk_db)
    assert check.status == WARN and "not acknowledged" in check.detail
    assert "`stats` lines" in check.detail
    (kiosk_db.parent / "fleet").mkdir()
    (kiosk_db.parent / "fleet" / "stats-sent.json").write_text(json.dumps({"acked": old}))
    [check] = check_fleet_stats(cfg(False), kiosk_db)
    assert check.status != WARN and "acknowledged up to" in check.detail
    author_db = tmp_path / "author" / "kiosk.db"
    [check] = check_fleet_stats(cfg(True), author_db)
    assert "no kiosk has reported" in check.detail
    db = fleetstore.open_fleet_stats(fleetstore.fleet_stats_path(author_db.parent))
    src = store.open_stats(store.stats_path_for(kiosk_db), readonly=True)
    fleetstore.store_hours(db, "yidian", "lobby", [hourly.aggregate_hour(src, old)], now=1.0)
    src.close()
    db.close()
    [check] = check_fleet_stats(cfg(True), author_db)
    assert "1 kiosks reported, complete up to" in check.detail
