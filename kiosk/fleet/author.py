"""The author: signs releases, serves them over HTTP, writes ``desired``, rolls out in waves,
sends commands, and keeps the :class:`Roster` of every kiosk.

Only the author holds the signing key. Its own retained ``_author/status`` carries a Will
``offline``, so kiosks can tell when it is away. Desired state is level-triggered: the author
re-publishes it after every reconnect, and never a revision lower than one it has seen.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import json
import logging
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk.bundles import signature
from kiosk.fleet import protocol, release
from kiosk.fleet.config import FleetConfig
from kiosk.fleet.link import Link, Message, Will, cancel_all
from kiosk.fleet.protocol import (
    AuthorStatus,
    Command,
    CommandResult,
    Desired,
    Release,
    StatsAck,
    StatsHour,
)
from kiosk.fleet.roster import KioskEntry, Roster
from kiosk.fleet.server import ReleaseServer
from kiosk.stats import fleetstore, hourly
from kiosk.stats import store as stats_store

log = logging.getLogger(__name__)

STATE_FILE = "author.json"
OWN_STATS_CHECK_S = 300.0   # how often the author adds its own screen's finished hours


class CommandFailed(Exception):
    """A command got no answer in time, or the kiosk answered with an error."""


@dataclasses.dataclass
class Rollout:
    """One release going out: canaries first, then everyone else."""

    release: Release
    canary: list[str]                  # kiosk keys
    wave: str = "canary"               # canary / all / done / stopped
    reason: str = ""
    failures: dict[str, str] = dataclasses.field(default_factory=dict)
    active: set[str] = dataclasses.field(default_factory=set)
    started: float = dataclasses.field(default_factory=time.time)
    finished: float | None = None
    _done: asyncio.Event = dataclasses.field(default_factory=asyncio.Event, repr=False)

    @property
    def version(self) -> int:
        return self.release.version

    @property
    def over(self) -> bool:
        return self.wave in ("done", "stopped")

    async def wait(self, timeout: float | None = None) -> Rollout:
        await asyncio.wait_for(self._done.wait(), timeout)
        return self


@dataclasses.dataclass
class AuthorState:
    """What the author has published, kept in ``fleet/author.json`` across restarts."""

    revision: int = 0
    release_version: int = 0
    releases: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)  # version ->
    desired: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)   # topic ->

    @classmethod
    def load(cls, path: Path) -> AuthorState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.error("fleet: %s unreadable (%s); starting from the broker's retained state",
                      path, exc)
            return cls()
        return cls(int(data.get("revision", 0)), int(data.get("release_version", 0)),
                   dict(data.get("releases", {})), dict(data.get("desired", {})))

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(dataclasses.asdict(self), indent=1), encoding="utf-8")
        os.replace(tmp, path)


class Author:
    """``await author.start()``; then ``publish``, ``command`` and the ``roster``."""

    def __init__(self, config: FleetConfig, *, db_path: Path, serve_http: bool = True,
                 announce: bool = True, client_suffix: str = "",
                 backoff_base_s: float = 0.5, collect_stats: bool | None = None,
                 stats_retention_days: int = 400,
                 own_stats_check_s: float = OWN_STATS_CHECK_S) -> None:
        self.config = config
        self.db_path = Path(db_path)
        self.roster = Roster()
        self.rollout: Rollout | None = None
        self._roll_task: asyncio.Task[None] | None = None
        self.state_path = config.data_dir / "fleet" / STATE_FILE
        self.state = AuthorState.load(self.state_path)
        self.server = (ReleaseServer(config.releases_dir(), host=config.http_host,
                                     port=config.http_port) if serve_http else None)
        self._announce = announce
        self._pending: dict[str, asyncio.Future[CommandResult]] = {}
        self._seen_revision: dict[str, int] = {}
        self._changed = asyncio.Event()
        self._tasks: list[asyncio.Task[Any]] = []
        self._rollout_listeners: list[Callable[[Rollout], None]] = []
        site = config.site
        ns = f"{protocol.NAMESPACE}/{site}"
        # visitor statistics: every kiosk's hourly aggregates in fleet/fleet-stats.db (the
        # author that announces itself collects them; one-shot commands leave them alone)
        self.collect_stats = announce if collect_stats is None else collect_stats
        self.stats_path = fleetstore.fleet_stats_path(config.data_dir)
        self.stats_retention_days = stats_retention_days
        self.own_stats_check_s = own_stats_check_s
        self.stats_stored = 0                      # aggregates stored since start
        self.stats_rejected = 0                    # malformed ones, logged and dropped
        self._stats_queue: asyncio.Queue[tuple[str, str, StatsHour]] = asyncio.Queue()
        self._stats_lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None  # set by start()
        self._stats_listeners: list[Callable[[], None]] = []
        subs = [f"{ns}/+/status", f"{ns}/+/reported", f"{ns}/+/cmd/res", f"{ns}/+/desired"]
        if self.collect_stats:
            subs += [f"{ns}/+/stats", f"{ns}/+/stats/ack"]
        self.link = Link(
            config.broker, client_id=f"author-{site}-{os.getpid()}{client_suffix}",
            subscriptions=subs,
            on_message=self._on_message, on_up=self._on_up,
            will=Will(protocol.author_status_topic(site),
                      self._author_status("offline")) if announce else None,
            backoff_base_s=backoff_base_s)
        self.roster.subscribe(lambda _e: self._changed.set())

    # --- life ---------------------------------------------------------------------------
    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self.server is not None:
            await self.server.start()
        if self.collect_stats:
            try:
                await asyncio.to_thread(self._prune_stats)
            except Exception as exc:  # the statistics must never keep the fleet from starting
                log.warning("fleet: statistics file %s not pruned: %s", self.stats_path, exc)
            self._tasks += [asyncio.ensure_future(self._store_stats_forever()),
                            asyncio.ensure_future(self._own_stats_forever())]
        self._tasks.append(asyncio.ensure_future(self.link.run()))

    async def stop(self) -> None:
        if self._announce:
            with contextlib.suppress(Exception):
                await self.link.close(last=(protocol.author_status_topic(self.config.site),
                                            self._author_status("offline")))
        await cancel_all(list(self._tasks))
        self._tasks.clear()
        if self.server is not None:
            await self.server.stop()

    async def wait_connected(self, timeout: float = 15.0) -> None:
        await self.link.wait_up(timeout)

    @property
    def http_url(self) -> str:
        if self.server is not None and self.config.http_url.endswith(":0"):
            return self.config.http_url[:-2] + f":{self.server.port}"
        return self.config.http_url

    def _author_status(self, state: str) -> bytes:
        return protocol.encode(AuthorStatus(state, author_id=self.link.client_id
                                            if hasattr(self, "link") else "",
                                            revision=self.state.revision or None,
                                            release_version=self.state.release_version or None,
                                            ts=time.time()))

    async def _on_up(self) -> None:
        """After every (re)connect: say we are here and re-publish the desired state."""
        if self._announce:
            await self.link.publish(protocol.author_status_topic(self.config.site),
                                    self._author_status("online"), retain=True)
        fresh = AuthorState.load(self.state_path)  # another author process may have published
        if fresh.revision > self.state.revision:
            self.state = fresh
        for topic, desired in self.state.desired.items():
            if self._seen_revision.get(topic, 0) > int(desired["revision"]):
                continue
            await self.link.publish(topic, json.dumps(desired).encode(), retain=True)

    # --- messages -----------------------------------------------------------------------
    def _on_message(self, msg: Message) -> None:
        try:
            name = protocol.parse_topic(msg.topic)
        except protocol.ProtocolError as exc:
            log.warning("fleet: %s", exc)
            return
        if name.leaf in ("status", "reported"):
            self.roster.apply(msg.topic, msg.payload)
        elif name.leaf == "cmd/res":
            self._on_result(msg)
        elif name.leaf == "stats" and self.collect_stats and name.kiosk_id[0] != "_":
            try:
                hour = StatsHour.decode(msg.topic, msg.payload)
            except protocol.ProtocolError as exc:
                self.stats_rejected += 1
                log.warning("fleet: statistics dropped: %s", exc)
                return
            self._stats_queue.put_nowait((name.site, name.kiosk_id, hour))
        elif name.leaf == "stats/ack" and self.collect_stats and msg.retain and msg.payload:
            self._spawn_stats_check(name.site, name.kiosk_id, msg)
        elif name.leaf == "desired" and msg.payload:
            try:
                d = Desired.decode(msg.topic, msg.payload)
            except protocol.ProtocolError as exc:
                log.warning("fleet: %s", exc)
                return
            self._seen_revision[msg.topic] = max(d.revision, self._seen_revision.get(msg.topic, 0))
            if d.revision > self.state.revision:
                self.state.revision = d.revision  # never reuse a revision the broker holds
            if d.release is not None and d.release.version > self.state.release_version:
                self.state.release_version = d.release.version

    # --- visitor statistics -------------------------------------------------------------
    def subscribe_stats(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback()`` after new aggregates were stored (the statistics screen)."""
        self._stats_listeners.append(callback)
        return lambda: self._stats_listeners.remove(callback) \
            if callback in self._stats_listeners else None

    def _stats_changed(self) -> None:
        for cb in list(self._stats_listeners):
            try:
                cb()
            except Exception:
                log.exception("statistics listener failed")

    def _with_store(self, work: Callable[[Any], Any]) -> Any:
        """Worker thread. A damaged file is moved aside and begun afresh: every kiosk the
        author knows is then asked for all its hours again (``through 0``)."""
        moved: list[str] = []
        db = fleetstore.open_fleet_stats(self.stats_path, on_moved_aside=moved.append)
        try:
            return work(db)
        except sqlite3.DatabaseError as exc:
            if not isinstance(exc, sqlite3.OperationalError):  # damaged since it was checked
                fleetstore.recheck(self.stats_path)
            raise
        finally:
            db.close()
            if moved and self._loop is not None:
                self._loop.call_soon_threadsafe(self._ask_everyone_again, moved[0])

    def _ask_everyone_again(self, why: str) -> None:
        log.warning("fleet: %s was damaged (%s) and begun afresh; asking every kiosk for its "
                    "statistics again", self.stats_path.name, why)
        for entry in self.roster.entries():
            self._ack(entry.site, entry.kiosk_id, 0)

    def _prune_stats(self) -> None:
        self._with_store(lambda db: fleetstore.prune(
            db, retention_days=self.stats_retention_days, now=time.time()))

    async def _store_stats_forever(self) -> None:
        """Store what arrived in batches (one transaction each), then acknowledge: the
        retained ``stats/ack`` of each kiosk says the newest hour stored."""
        while True:
            batch = [await self._stats_queue.get()]
            while not self._stats_queue.empty():
                batch.append(self._stats_queue.get_nowait())
            try:
                acks = await self._store(batch)
            except Exception:
                log.exception("fleet: %d statistics messages not stored", len(batch))
                await self._ack_held({(site, kiosk) for site, kiosk, _m in batch})
                continue
            for (site, kiosk), through in acks.items():
                self._ack(site, kiosk, through)
            self._stats_changed()

    async def _store(self, batch: list[tuple[str, str, StatsHour]]) -> dict[tuple[str, str], int]:
        by_kiosk: dict[tuple[str, str], list[StatsHour]] = {}
        for site, kiosk, msg in batch:
            by_kiosk.setdefault((site, kiosk), []).append(msg)

        def work(db: Any) -> dict[tuple[str, str], int]:
            out = {}
            now = time.time()
            for (site, kiosk), msgs in by_kiosk.items():
                self.stats_stored += fleetstore.store_hours(
                    db, site, kiosk, [m.aggregate for m in msgs], name=msgs[-1].name, now=now)
                out[(site, kiosk)] = fleetstore.latest_hour(db, site, kiosk)
            return out
        async with self._stats_lock:
            result: dict[tuple[str, str], int] = await asyncio.to_thread(self._with_store, work)
        return result

    async def _ack_held(self, kiosks: set[tuple[str, str]]) -> None:
        """After a failed store: acknowledge only the hours held, lower than those the kiosks
        sent, so each of them sends the rest again."""
        def held(db: Any) -> dict[tuple[str, str], int]:
            return {k: fleetstore.latest_hour(db, *k) for k in kiosks}
        try:
            async with self._stats_lock:
                acks: dict[tuple[str, str], int] = await asyncio.to_thread(self._with_store, held)
        except Exception as exc:  # the file cannot be read either: the next reconnect asks
            log.warning("fleet: statistics file %s unreadable: %s", self.stats_path.name, exc)
            return
        for (site, kiosk), through in acks.items():
            self._ack(site, kiosk, through)

    def _ack(self, site: str, kiosk: str, through: int) -> None:
        """Retained, QoS 1, not waited for (an ack lost with the link is sent again: the kiosk
        re-sends unacknowledged hours, and every store acknowledges)."""
        ack = StatsAck(through=through, ts=time.time())
        self.link.publish_nowait(protocol.kiosk_topic(site, kiosk, "stats/ack"),
                                 protocol.encode(ack), retain=True)

    def _spawn_stats_check(self, site: str, kiosk: str, msg: Message) -> None:
        task = asyncio.ensure_future(self._check_ack(site, kiosk, msg))
        self._tasks.append(task)

        def done(t: asyncio.Task[None]) -> None:
            if t in self._tasks:
                self._tasks.remove(t)
        task.add_done_callback(done)

    async def _check_ack(self, site: str, kiosk: str, msg: Message) -> None:
        """A retained acknowledgement the broker kept for a kiosk: if this author does not
        hold the hour it names (its file is new, or was restored from an older backup), it
        says ``through 0`` and the kiosk sends every hour it still has again (stored once)."""
        try:
            claimed = StatsAck.decode(msg.topic, msg.payload).through
        except protocol.ProtocolError as exc:
            log.warning("fleet: %s", exc)
            claimed = -1
        if claimed == 0:
            return
        held = False
        if claimed > 0:
            async with self._stats_lock:
                held = await asyncio.to_thread(
                    self._with_store, lambda db: fleetstore.has_hour(db, site, kiosk, claimed))
        if not held:
            log.info("fleet: %s/%s: the statistics acknowledged up to %s are not in %s; "
                     "asking the kiosk for all of them again", site, kiosk, claimed,
                     self.stats_path.name)
            self._ack(site, kiosk, 0)

    async def _own_stats_forever(self) -> None:
        """The author's own screen (an author kiosk has visitors too) is part of the showroom:
        its finished hours go straight into the store, no MQTT in between."""
        own = stats_store.stats_path_for(self.db_path)
        pruned = time.monotonic()
        while True:
            try:
                if own.exists():
                    await self.store_own_stats(own)
                if time.monotonic() - pruned > 86_400:  # and the retention limit, daily
                    pruned = time.monotonic()
                    await asyncio.to_thread(self._prune_stats)
            except Exception as exc:
                log.warning("fleet: own statistics not stored: %s", exc)
            await asyncio.sleep(self.own_stats_check_s)

    async def store_own_stats(self, own: Path | None = None, *, now: float | None = None) -> int:
        """Add this machine's finished hours (``stats.db`` beside its database) to the store."""
        own = own or stats_store.stats_path_for(self.db_path)
        site, kiosk = self.config.site, self.config.kiosk_id
        when = time.time() if now is None else now

        def work(db: Any) -> int:
            src = stats_store.open_stats(own, readonly=True)
            try:
                after = fleetstore.latest_hour(db, site, kiosk)
                aggs = [hourly.aggregate_hour(src, h)
                        for h in hourly.final_hours(src, after=after, now=when)]
            finally:
                src.close()
            return fleetstore.store_hours(db, site, kiosk, aggs, name=self.config.name,
                                          now=time.time()) if aggs else 0
        async with self._stats_lock:
            n: int = await asyncio.to_thread(self._with_store, work)
        if n:
            self.stats_stored += n
            self._stats_changed()
        return n

    def _on_result(self, msg: Message) -> None:
        try:
            res = CommandResult.decode(msg.topic, msg.payload)
        except protocol.ProtocolError as exc:
            log.warning("fleet: %s", exc)
            return
        fut = self._pending.pop(res.id, None)
        if fut is not None and not fut.done():
            fut.set_result(res)

    # --- commands -----------------------------------------------------------------------
    async def command(self, kiosk: str, name: str, *, args: dict[str, Any] | None = None,
                      timeout: float = 30.0,
                      expiry_s: float = protocol.DEFAULT_COMMAND_EXPIRY_S) -> CommandResult:
        """Send a command and wait for its answer; CommandFailed if none or an error."""
        entry = self.roster.find(kiosk)
        cmd = Command.make(entry.site, entry.kiosk_id, name, args=args, expiry_s=expiry_s)
        fut: asyncio.Future[CommandResult] = asyncio.get_running_loop().create_future()
        self._pending[cmd.id] = fut
        try:
            sent = await self.link.publish(
                protocol.kiosk_topic(entry.site, entry.kiosk_id, "cmd"), protocol.encode(cmd),
                response_topic=cmd.reply_to, correlation=cmd.id.encode(), expiry_s=int(expiry_s))
            if not sent:
                raise CommandFailed(f"{entry.key}: {name}: not connected to the broker")
            res = await asyncio.wait_for(fut, timeout)
        except TimeoutError as exc:
            raise CommandFailed(f"{entry.key}: {name}: no answer within {timeout:g} s") from exc
        finally:
            self._pending.pop(cmd.id, None)
        if not res.ok:
            raise CommandFailed(f"{entry.key}: {name}: {res.error}")
        return res

    async def screenshot(self, kiosk: str, *, timeout: float = 30.0) -> bytes:
        """The kiosk's screen as PNG bytes (also kept in the roster for the fleet screen)."""
        res = await self.command(kiosk, "screenshot", timeout=timeout)
        png = base64.b64decode(res.data.get("png", ""))
        if not png.startswith(b"\x89PNG"):
            raise CommandFailed(f"{kiosk}: screenshot: the answer holds no PNG")
        self.roster.set_screenshot(self.roster.find(kiosk).key, png)
        return png

    # --- releases and rollout -------------------------------------------------------------
    def subscribe_rollout(self, callback: Callable[[Rollout], None]) -> Callable[[], None]:
        """Call ``callback(rollout)`` whenever the current rollout moves on."""
        self._rollout_listeners.append(callback)
        return lambda: self._rollout_listeners.remove(callback) \
            if callback in self._rollout_listeners else None

    def _rollout_changed(self, r: Rollout) -> None:
        for cb in list(self._rollout_listeners):
            try:
                cb(r)
            except Exception:
                log.exception("rollout listener failed")

    async def make_release(self, *, rollback: bool = False) -> Release:
        """Sign the author's current published content as the next release."""
        key = signature.load_private(self.config.key_file)
        version = self.state.release_version + 1
        rel, _path = await asyncio.to_thread(
            release.build, self.db_path, self.config.releases_dir(), key=key, version=version,
            base_url=self.http_url, rollback=rollback)
        self.state.release_version = version
        self.state.releases[str(version)] = dataclasses.asdict(rel)
        self.state.save(self.state_path)
        log.info("fleet: release %s signed (%s bytes, sha256 %s…)", version, rel.size,
                 rel.sha256[:12])
        return rel

    async def publish(self, canary: Sequence[str] = (), *, rollback: bool = False,
                      release_: Release | None = None) -> Rollout:
        """Sign the current content and roll it out: ``canary`` kiosks first, then the rest."""
        keys = [self.roster.find(k).key for k in canary]  # KeyError before anything is signed
        rel = release_ or await self.make_release(rollback=rollback)
        previous, task = self.rollout, self._roll_task
        if previous is not None and not previous.over and task is not None:
            task.cancel()  # level-triggered: the newer release simply replaces it
            with contextlib.suppress(asyncio.CancelledError):
                await task
            previous.wave, previous.reason = "stopped", f"superseded by release {rel.version}"
            self._rollout_changed(previous)
        self.rollout = Rollout(rel, keys, wave="canary" if keys else "all")
        self._roll_task = asyncio.ensure_future(self._roll(self.rollout))
        self._tasks.append(self._roll_task)
        return self.rollout

    async def _set_desired(self, topics: list[str], rel: Release) -> None:
        self.state.revision += 1
        d = Desired(self.state.revision, rel, issued=time.time())
        raw = dataclasses.asdict(d)
        for t in topics:
            self.state.desired[t] = raw
        self.state.save(self.state_path)
        payload = protocol.encode(d)
        for t in topics:
            await self.link.publish(t, payload, retain=True)

    def _kiosk_keys(self) -> list[str]:
        return [e.key for e in self.roster.entries() if e.site == self.config.site]

    async def _wait_wave(self, r: Rollout, keys: list[str], timeout: float) -> None:
        """Until every online kiosk of ``keys`` is active on the release or failed."""
        deadline = time.monotonic() + timeout
        while True:
            pending = []
            for k in keys:
                e = self.roster.get(k)
                if e is None:
                    continue
                if e.content_version == r.release.version and e.phase == "active":
                    r.active.add(k)
                elif e.phase == "failed" and e.target_version == r.release.version:
                    r.failures[k] = e.reason
                elif e.online:
                    pending.append(k)
            self._rollout_changed(r)
            if len(r.failures) > self.config.failure_limit or not pending:
                return
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{len(pending)} kiosks did not report active within "
                                   f"{timeout:g} s: {', '.join(pending[:5])}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 5.0))

    async def _roll(self, r: Rollout) -> None:
        topic = lambda key: f"{protocol.NAMESPACE}/{key}/desired"  # noqa: E731
        try:
            await self.link.wait_up(None)
            if r.canary:
                await self._set_desired([topic(k) for k in r.canary], r.release)
                await self._wait_wave(r, r.canary, self.config.wave_timeout_s)
                if len(r.failures) > self.config.failure_limit:
                    raise RuntimeError(f"{len(r.failures)} canaries failed: " + "; ".join(
                        f"{k}: {why}" for k, why in r.failures.items()))
                r.wave = "all"
                self._rollout_changed(r)
            rest = [k for k in self._kiosk_keys() if k not in r.canary]
            await self._set_desired([topic(k) for k in rest]
                                    + [protocol.group_desired_topic(self.config.site)], r.release)
            await self._wait_wave(r, rest, self.config.wave_timeout_s)
            if len(r.failures) > self.config.failure_limit:
                raise RuntimeError(f"{len(r.failures)} kiosks failed: " + "; ".join(
                    f"{k}: {why}" for k, why in list(r.failures.items())[:5]))
            r.wave = "done"
        except (RuntimeError, TimeoutError) as exc:
            r.wave, r.reason = "stopped", str(exc)
            log.error("fleet: rollout of release %s stopped: %s", r.release.version, exc)
        finally:
            if not r.over:  # cancelled: superseded, or the author stops
                r.wave, r.reason = "stopped", r.reason or "cancelled"
            r.finished = time.time()
            r._done.set()
            self._rollout_changed(r)

    def lost_or_failed(self) -> list[KioskEntry]:
        return [e for e in self.roster.entries() if e.state == "lost" or e.failed]
