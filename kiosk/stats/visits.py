"""What a visit is, in events: it starts at the first touch after the attract loop and ends
at the idle reset. Qt-free; the window's signals drive it (``kiosk.ui.visitstats``).

Event kinds (``target`` / ``value``):

- ``visit_start`` language / 0 and ``visit_end`` "" / the visit's length in seconds
- ``page`` home, info or ``exhibit:<slug>``
- ``exhibit_time`` slug / seconds on that exhibit's page (one event per stay)
- ``language`` the language switched to
- ``swipe`` slug / the picture shown; ``chart`` slug (a touch on a live chart)
- ``narration`` ``<slug>:<lang>`` (a narration played: ``narration_played``)
- ``qr`` ``exhibit:<slug>:<lang>``, ``vcard:<lang>`` or ``apply`` (a code on screen)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

KINDS = ("visit_start", "visit_end", "page", "exhibit_time", "language", "swipe", "chart",
         "narration", "qr")


class Sink(Protocol):
    def record(self, visit: int, kind: str, target: str = "", value: float = 0.0) -> None: ...


class VisitLog:
    def __init__(self, sink: Sink, *, clock: Callable[[], float] = time.monotonic,
                 wall: Callable[[], float] = time.time):
        self.sink = sink
        self.clock = clock
        self.wall = wall
        self.visit = 0          # 0 = nobody is here (attract loop)
        self._started = 0.0
        self._exhibit = ""      # the exhibit on screen and since when
        self._exhibit_since = 0.0
        self._last_visit = 0

    @property
    def active(self) -> bool:
        return self.visit != 0

    def _emit(self, kind: str, target: str = "", value: float = 0.0) -> None:
        if self.visit:
            self.sink.record(self.visit, kind, target, value)

    def start(self, lang: str) -> None:
        """The first touch after the attract loop."""
        if self.visit:
            return
        # visit numbers: milliseconds of the wall clock, strictly increasing on this kiosk
        self.visit = max(int(self.wall() * 1000), self._last_visit + 1)
        self._last_visit = self.visit
        self._started = self.clock()
        self._emit("visit_start", lang)

    def end(self, *, idle_s: float = 0.0) -> None:
        """The idle reset (or the kiosk closing) ends the visit. The visitor left ``idle_s``
        before it (the idle timeout): that wait counts neither to the visit nor the exhibit."""
        if not self.visit:
            return
        self._leave_exhibit(idle_s)
        self._emit("visit_end", "", round(max(0.0, self.clock() - idle_s - self._started), 3))
        self.visit = 0

    def page(self, name: str, slug: str = "") -> None:
        self._leave_exhibit()
        if not self.visit:
            return
        if name == "exhibit" and slug:
            self._exhibit, self._exhibit_since = slug, self.clock()
            self._emit("page", f"exhibit:{slug}")
        elif name in ("home", "info"):
            self._emit("page", name)

    def _leave_exhibit(self, idle_s: float = 0.0) -> None:
        if self._exhibit:
            seconds = max(0.0, self.clock() - idle_s - self._exhibit_since)
            self._emit("exhibit_time", self._exhibit, round(seconds, 3))
            self._exhibit = ""

    def language(self, lang: str) -> None:
        self._emit("language", lang)

    def swipe(self, slug: str, index: int) -> None:
        self._emit("swipe", slug, index)

    def chart_touch(self, slug: str) -> None:
        self._emit("chart", slug)

    def narration_played(self, slug: str, lang: str) -> None:
        """For the narration player: call it when a narration starts."""
        self._emit("narration", f"{slug}:{lang}")

    def qr_shown(self, target: str) -> None:
        self._emit("qr", target)
