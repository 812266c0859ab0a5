"""The author's live model of every kiosk, built from their retained ``status`` and ``reported``.

Qt-free: the fleet screen listens with :meth:`Roster.subscribe` and redraws the entry it gets.
Every method runs on the asyncio loop (the MQTT thread hands messages over to it).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from typing import Any

from kiosk.fleet.protocol import Feed, ProtocolError, Reported, Status, parse_topic
from kiosk.reasons import Reason

log = logging.getLogger(__name__)


@dataclasses.dataclass
class KioskEntry:
    """One kiosk as the author last heard of it."""

    site: str
    kiosk_id: str
    name: str = ""
    state: str = "unknown"       # ready / disconnected / lost / unknown
    state_since: float = 0.0     # when the state last changed (author's clock)
    boot_id: str = ""
    app_version: str = ""
    content_version: int | None = None
    content_sha: str = ""
    phase: str = "idle"
    reason: str = ""
    reason_code: str = ""        # kiosk.reasons code of ``reason`` (the UI's texts use it)
    target_version: int | None = None
    desired_revision: int | None = None
    last_seen: float = 0.0       # last message from the kiosk (author's clock)
    feeds: dict[str, Feed] = dataclasses.field(default_factory=dict)
    health: dict[str, Any] = dataclasses.field(default_factory=dict)
    screenshot_png: bytes | None = None
    screenshot_at: float = 0.0

    @property
    def key(self) -> str:
        return f"{self.site}/{self.kiosk_id}"

    @property
    def label(self) -> str:
        return self.name or self.kiosk_id

    @property
    def online(self) -> bool:
        return self.state == "ready"

    def lost_for(self, now: float | None = None) -> float | None:
        """Seconds since the kiosk was lost (or disconnected), None while online."""
        if self.online or self.state == "unknown":
            return None
        return max(0.0, (time.time() if now is None else now) - self.state_since)

    @property
    def failed(self) -> bool:
        return self.phase == "failed"


Listener = Callable[[KioskEntry], None]


class Roster:
    """Every kiosk of the sites the author watches, keyed ``site/kiosk-id``."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._entries: dict[str, KioskEntry] = {}
        self._listeners: list[Listener] = []
        self._clock = clock

    # --- reading ------------------------------------------------------------------------
    def entries(self) -> list[KioskEntry]:
        return sorted(self._entries.values(), key=lambda e: (e.site, e.kiosk_id))

    def get(self, key: str) -> KioskEntry | None:
        return self._entries.get(key)

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, name: str) -> KioskEntry:
        """By ``site/kiosk-id``, bare kiosk id or display name; KeyError if none or several."""
        if name in self._entries:
            return self._entries[name]
        hits = [e for e in self._entries.values() if name in (e.kiosk_id, e.name)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise KeyError(f"no kiosk called {name!r}")
        raise KeyError(f"{name!r} is ambiguous: {', '.join(e.key for e in hits)}")

    # --- listening ----------------------------------------------------------------------
    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback(entry)`` after every change; returns the unsubscribe function."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def _changed(self, entry: KioskEntry) -> None:
        for cb in list(self._listeners):
            try:
                cb(entry)
            except Exception:  # one broken listener must not stop the others
                log.exception("roster listener failed")

    def _entry(self, site: str, kiosk_id: str) -> KioskEntry:
        key = f"{site}/{kiosk_id}"
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = KioskEntry(site, kiosk_id)
        return entry

    # --- updating -----------------------------------------------------------------------
    def apply(self, topic: str, payload: bytes) -> KioskEntry | None:
        """Take a ``status`` or ``reported`` message; bad ones are logged and ignored."""
        try:
            name = parse_topic(topic)
            if name.leaf == "status" and name.kiosk_id[0] != "_":
                if not payload:  # retained message cleared: the kiosk was removed
                    self.remove(name.key)
                    return None
                return self.apply_status(name.site, name.kiosk_id, Status.decode(topic, payload))
            if name.leaf == "reported" and name.kiosk_id[0] != "_":
                if not payload:
                    return None
                return self.apply_reported(name.site, name.kiosk_id,
                                           Reported.decode(topic, payload))
        except ProtocolError as exc:
            log.warning("fleet: ignored a bad message: %s", exc)
        return None

    def apply_status(self, site: str, kiosk_id: str, status: Status) -> KioskEntry:
        e = self._entry(site, kiosk_id)
        now = self._clock()
        if status.state != e.state:
            e.state, e.state_since = status.state, now
        if status.state != "lost":  # the Will is written by the broker: nothing new in it
            e.last_seen = now
        e.name = status.name or e.name
        e.boot_id = status.boot_id or e.boot_id
        e.app_version = status.app_version or e.app_version
        if status.content_version is not None:
            e.content_version = status.content_version
        self._changed(e)
        return e

    def apply_reported(self, site: str, kiosk_id: str, rep: Reported) -> KioskEntry:
        e = self._entry(site, kiosk_id)
        e.last_seen = self._clock()
        e.content_version, e.content_sha = rep.content_version, rep.content_sha
        e.phase, e.target_version = rep.phase, rep.target_version
        # a coded Reason (still a str): screens find the curator's language by its code
        e.reason = Reason(rep.reason_code, rep.reason) if rep.reason_code else rep.reason
        e.reason_code = rep.reason_code
        e.desired_revision = rep.desired_revision
        e.feeds = dict(rep.health.feeds)
        e.health = dataclasses.asdict(rep.health)
        self._changed(e)
        return e

    def set_screenshot(self, key: str, png: bytes) -> None:
        e = self._entries.get(key)
        if e is not None:
            e.screenshot_png, e.screenshot_at = png, self._clock()
            self._changed(e)

    def remove(self, key: str) -> None:
        e = self._entries.pop(key, None)
        if e is not None:
            e.state = "removed"
            self._changed(e)
