"""Fixtures: a real mosquitto broker on a free loopback port, and a publisher on it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.sensors import Broker, Publisher


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    exe = shutil.which("mosquitto") or next(
        (p for p in ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto") if Path(p).exists()),
        None)
    if exe is None:
        pytest.skip("the mosquitto binary is missing (make test installs it)")
    b = Broker(exe, tmp_path)
    b.start()
    try:
        yield b
    finally:
        b.kill()


@pytest.fixture
def publisher(broker: Broker) -> Iterator[Publisher]:
    p = Publisher(broker.port)
    try:
        yield p
    finally:
        p.close()
