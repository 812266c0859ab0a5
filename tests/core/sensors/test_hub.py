import asyncio
import random

import pytest
from helpers.clock import FakeClock
from helpers.net import free_port, until
from helpers.sensors import config, running

from kiosk.sensors.hub import Backoff, Hub
from kiosk.sensors.sources.base import Source


class MaxRandom(random.Random):
    """Full jitter always at the top of the range: the schedule becomes exact."""

    def uniform(self, a: float, b: float) -> float:
        return b


def test_backoff_doubles_to_the_cap() -> None:
    b = Backoff(base=0.5, cap=30.0, rng=MaxRandom())
    assert [b.next_delay() for _ in range(9)] == [0.5, 1, 2, 4, 8, 16, 30, 30, 30]


def test_backoff_full_jitter_stays_in_range() -> None:
    b = Backoff(base=0.5, cap=30.0, rng=random.Random(4))
    delays = [(b.bound(), b.next_delay()) for _ in range(200)]
    assert all(0 <= d <= bound <= 30 for bound, d in delays)
    assert len({round(d, 6) for _, d in delays[10:]}) > 100  # jittered, not a fixed value


def test_backoff_resets_only_after_20_s_up() -> None:
    b = Backoff(base=0.5, cap=30.0, rng=MaxRandom())
    for _ in range(5):
        b.next_delay()
    b.link_was_up(19.9)
    assert b.next_delay() == 16
    b.link_was_up(20.0)
    assert b.next_delay() == 0.5


def test_hub_retries_a_dead_feed_on_the_backoff_schedule() -> None:
    sleeps: list[float] = []

    async def fake_sleep(d: float) -> None:
        sleeps.append(d)
        await asyncio.sleep(0)

    async def main() -> None:
        port = free_port()  # nothing listens there
        hub = Hub(config(titrator={"source": "tcp", "port": port},
                         gcms={"source": "mqtt", "port": port}),
                  rng=MaxRandom(), sleep=fake_sleep)
        async with running(hub):
            await until(lambda: len(sleeps) >= 16, what="retries")
            for inst in ("titrator", "gcms"):
                rep = hub.report(inst)
                assert not rep.connected and rep.samples == 0
                assert "Connection" in rep.last_error or "refused" in rep.last_error.lower()
            assert hub.state("titrator.ph") == hub.state("gcms.tic") == "offline"
        per_source = sorted(sleeps)[: len(sleeps)]
        assert per_source.count(0.5) == 2 and per_source.count(30) >= 2
        assert max(sleeps) == 30
    asyncio.run(main())


class FlakySource(Source):
    """Connects, stays up for a set time on a fake clock, then drops."""

    kind = "tcp"

    def __init__(self, *args, ups: list[float], clock: FakeClock, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, clock=clock, **kwargs)
        self.ups = ups
        self.fake = clock

    async def run(self) -> None:
        self.set_connected(True)
        self.emit("titrator.ph", self.wall(), 7.0)
        self.fake.advance(self.ups.pop(0) if self.ups else 0.0)
        raise ConnectionResetError("peer went away")


def test_backoff_resets_after_a_long_link_but_not_a_short_one() -> None:
    clock = FakeClock()
    sleeps: list[float] = []

    async def fake_sleep(d: float) -> None:
        sleeps.append(d)
        await asyncio.sleep(0)

    async def main() -> None:
        hub = Hub(config(titrator={"source": "tcp"}), clock=clock, rng=MaxRandom(),
                  sleep=fake_sleep)
        hub.sources["titrator"] = FlakySource("titrator", {}, sink=hub._ingest,
                                              ups=[1, 1, 1, 25, 1, 1], clock=clock)
        async with running(hub):
            await until(lambda: len(sleeps) >= 6, what="six drops")
        assert sleeps[:6] == [0.5, 1, 2, 0.5, 1, 2]
        assert hub.report("titrator").last_error == "ConnectionResetError: peer went away"
    asyncio.run(main())


def test_channel_states_follow_the_clock() -> None:
    clock = FakeClock()
    hub = Hub(config(titrator={"source": "tcp"}, gcms={"source": "replay"}), clock=clock)
    tit, gc = hub.sources["titrator"], hub.sources["gcms"]
    assert hub.state("titrator.ph") == "offline"  # not connected yet
    assert hub.state("robot.cycle") == "offline"  # no source configured
    tit.set_connected(True)
    assert hub.state("titrator.ph") == "live"  # just connected: give it time
    clock.advance(5.1)
    assert hub.state("titrator.ph") == "stale"  # connected, but silent for > 5 s
    hub._ingest("titrator.ph", 1.7e9, 7.0)
    assert hub.state("titrator.ph") == "live"
    clock.advance(4.9)
    assert hub.state("titrator.ph") == "live"
    clock.advance(0.2)
    assert hub.states(["titrator.ph", "titrator.volume_ml"]) == {
        "titrator.ph": "stale", "titrator.volume_ml": "stale"}
    hub._ingest("titrator.ph", 1.7e9, 7.1)
    tit.set_connected(False, "gone")
    assert hub.state("titrator.ph") == "offline"
    gc.set_connected(True)
    assert hub.state("gcms.tic") == "replay"


def test_gc_channels_stale_after_max_of_three_periods_and_five_seconds() -> None:
    hub = Hub(config())
    assert hub.sources == {}
    assert hub.channel("gcms.tic").spec.stale_after_s == 5.0
    with pytest.raises(KeyError):
        hub.channel("gcms.nope")
