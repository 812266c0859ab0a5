"""A clock that moves only when the test says so (injected wherever the kiosk reads time)."""

from __future__ import annotations

# a wall-clock second (June 2025) for code that stores or compares real timestamps
WALL_START = 1_750_000_000.0


class FakeClock:
    """Seconds that move only when a test says so: ``advance(s)``, or set ``now``."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
