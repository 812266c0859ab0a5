import asyncio
import datetime
from pathlib import Path

import numpy as np
import pytest
from helpers.net import until
from helpers.sensors import config, running

from kiosk.sensors.channels import channels_of
from kiosk.sensors.hub import Hub
from kiosk.sensors.recordings import (
    Player,
    RecordingError,
    date_from_name,
    find_recordings,
    load_recording,
    parse_csv,
    to_csv,
)

EXHIBITS = Path(__file__).resolve().parents[3] / "content" / "exhibits"
SHIPPED = {"titration-robot": "titrator", "gc-ms": "gcms", "robot-training-ground": "robot"}

GOOD = "t,channel,value\n0,titrator.ph,3.0\n0.5,titrator.ph,3.1\n1.0,titrator.volume_ml,0.2\n"


def test_parse_good_csv_with_comments() -> None:
    rec = parse_csv("# made by hand\n\n" + GOOD, name="2025-07-08-demo.csv")
    assert rec.date == datetime.date(2025, 7, 8)
    assert rec.channels == ["titrator.ph", "titrator.volume_ml"]
    assert rec.series["titrator.ph"][1].tolist() == [3.0, 3.1]
    assert rec.duration_s == 1.0 and rec.bad_rows == 0 and rec.problems == ()


def test_bad_rows_are_skipped_and_named_by_line() -> None:
    text = GOOD + ("1.5,titrator.ph,abc\n"  # line 5
                   "2.0,titrator.nope,1\n"  # line 6
                   "2.5,titrator.ph\n"  # line 7
                   "0.1,titrator.ph,4\n"  # line 8: time goes back
                   "3.0,titrator.ph,nan\n"  # line 9
                   "3.5,titrator.ph,3.3\n")
    rec = parse_csv(text, name="x.csv")
    assert rec.bad_rows == 5
    assert [p.split(":")[0] for p in rec.problems] == [
        "x.csv line 5", "x.csv line 6", "x.csv line 7", "x.csv line 8", "x.csv line 9"]
    assert "unknown channel 'titrator.nope'" in rec.problems[1]
    assert rec.series["titrator.ph"][1].tolist() == [3.0, 3.1, 3.3]
    assert rec.date is None


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
    ("0,titrator.ph,3\n", "line 1: expected the header"),
    ("# c\ntime,chan,val\n", "line 2: expected the header"),
    ("t,channel,value\n1,titrator.ph,x\n", "no valid samples"),
])
def test_unusable_files_raise_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(RecordingError, match=message):
        parse_csv(text, name="r.csv")


def test_dates_and_round_trip(tmp_path: Path) -> None:
    assert date_from_name("2025-07-08-gc.csv") == datetime.date(2025, 7, 8)
    assert date_from_name("2025-13-08.csv") is None
    assert date_from_name("run.csv") is None
    series = {"gcms.tic": (np.array([0.0, 0.25]), np.array([1e4, 2.5e4])),
              "gcms.oven_c": (np.array([0.0]), np.array([50.0]))}
    (tmp_path / "2024-01-02.csv").write_text(to_csv(series, comment="hi"), encoding="utf-8")
    (tmp_path / "2025-03-04-b.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "broken.csv").write_bytes(b"\xff\xfe")
    recs, problems = find_recordings(tmp_path)
    assert [r.name for r in recs] == ["2025-03-04-b.csv", "2024-01-02.csv"]  # newest first
    assert recs[1].series["gcms.tic"][1].tolist() == [1e4, 2.5e4]
    assert len(problems) == 1 and "broken.csv" in problems[0]
    with pytest.raises(RecordingError, match=r"missing\.csv"):
        load_recording(tmp_path / "missing.csv")


@pytest.mark.parametrize(("slug", "inst"), sorted(SHIPPED.items()))
def test_shipped_recordings(slug: str, inst: str) -> None:
    folder = EXHIBITS / slug / "recordings"
    paths = sorted(folder.glob("*.csv"))
    assert paths, f"no recording in {folder}"
    for path in paths:
        assert path.stat().st_size < 300_000
        rec = load_recording(path)
        assert rec.problems == () and rec.date is not None
        assert set(rec.channels) == set(channels_of(inst))
        assert rec.duration_s >= 120


def test_player_loops_and_prefills() -> None:
    rec = parse_csv("t,channel,value\n0,titrator.ph,1\n1,titrator.ph,2\n2,titrator.ph,3\n",
                    name="r.csv")
    p = Player(rec, speed=2.0)  # period: 2 s of recording + 1 s gap = 1.5 s of wall time
    p.start(mono=100.0, wall=5000.0)
    first = p.due(100.0)
    assert [(n, t.tolist(), v.tolist()) for n, t, v in first] == [
        ("titrator.ph", [5000.0], [1.0])]
    assert p.due(100.4) == []
    (_, t, v), = p.due(101.0)
    assert t.tolist() == [5000.5, 5001.0] and v.tolist() == [2.0, 3.0]
    (_, t, v), = p.due(101.6)  # the next loop has begun
    assert t.tolist() == [5001.5] and v.tolist() == [1.0]
    p.start(mono=0.0, wall=5000.0, skip_s=1.0)
    (_, t, v), = p.due(0.0)
    assert v.tolist() == [1.0, 2.0] and t.tolist() == [4999.5, 5000.0]
    assert sum(x[2].size for x in p.due(1e6)) <= 6  # a long stall: at most two loops


def test_replay_source_loops_and_counts_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "2025-07-08-replay.csv"
    path.write_text(GOOD + "1.2,titrator.ph,bad\n1.5,gcms.tic,5\n", encoding="utf-8")

    async def main() -> None:
        hub = Hub(config(titrator={"source": "replay", "replay_file": path.name, "speed": 20.0}),
                  base_dir=tmp_path)
        async with running(hub):
            ch = hub.channel("titrator.ph")
            await until(lambda: ch.samples_total >= 6, what="two loops")
            assert hub.state("titrator.ph") == "replay"
            rep = hub.report("titrator")
            assert rep.bad_frames == 1 and rep.bad_by_kind == {"bad_row": 1}
            assert set(ch.snapshot()[1].tolist()) == {3.0, 3.1}
        assert hub.state("titrator.ph") == "offline"
    asyncio.run(main())


def test_missing_replay_file_is_reported_and_retried(tmp_path: Path) -> None:
    sleeps: list[float] = []

    async def sleep(d: float) -> None:
        sleeps.append(d)
        await asyncio.sleep(0)

    async def main() -> None:
        hub = Hub(config(titrator={"source": "replay", "replay_file": str(tmp_path / "no.csv")}),
                  sleep=sleep)
        async with running(hub):
            await until(lambda: len(sleeps) >= 3, what="retries")
            assert "no.csv" in hub.report("titrator").last_error
            assert hub.state("titrator.ph") == "offline"
    asyncio.run(main())
