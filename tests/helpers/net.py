"""Loopback plumbing for tests with real servers: free ports, waiting, programs, conditions."""

from __future__ import annotations

import asyncio
import shutil
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest


def free_port() -> int:
    """A port nobody listens on now (three agents run tests at once: never a fixed one)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int, *, timeout: float = 10.0, up: bool = True) -> None:
    """Until something listens on ``port`` (or, ``up=False``, until nothing does)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.02)
    raise TimeoutError(f"port {port} did not {'open' if up else 'close'} in {timeout} s")


def program(name: str) -> str:
    """The path of a Debian program the test needs (sbin is not always on PATH); skip without."""
    path = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}",
                                                   f"/usr/local/sbin/{name}")
                                       if Path(p).exists()), None)
    if path is None:
        pytest.skip(f"{name} is missing (make system-deps installs it)")
    return path


async def until(cond: Callable[[], bool], *, timeout: float = 15.0, what: str = "",
                poll: float = 0.01) -> None:
    """Wait for a condition, polling the loop; fail with ``what`` after ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not cond():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or cond}")
        await asyncio.sleep(poll)
