"""The fleet agent inside every kiosk: presence, health, releases and commands.

Level-triggered: the agent compares what the author wants (the highest revision among its own
``desired`` and its site's ``_group/desired``) with what it shows, and works towards it,
whatever it missed while it was off. Releases are downloaded over HTTP, verified, applied with
the USB importer while no visitor touches the screen, self-checked and rolled back on failure.
Commands run at most once, never after their expiry. Knows no Qt: the screen is the ``Host``.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import json
import logging
import os
import secrets
import shutil
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.bundles.safezip import BundleRefused
from kiosk.content.store import StoreError
from kiosk.fleet import apply, download, protocol
from kiosk.fleet.config import FleetConfig
from kiosk.fleet.host import Host
from kiosk.fleet.link import Link, Message, Will, cancel_all
from kiosk.fleet.protocol import (
    AuthorStatus,
    Command,
    CommandResult,
    Desired,
    Feed,
    Health,
    Release,
    Reported,
    StatsAck,
    StatsHour,
    Status,
)
from kiosk.reasons import code_of
from kiosk.stats import hourly
from kiosk.stats import store as stats_store

log = logging.getLogger(__name__)

IDLE_POLL_S = 0.5
IDENTIFY_S = 10.0
AGENT_STATE = "agent.json"     # what `kiosk doctor` reads: link, author, last desired revision
DONE_COMMANDS = "commands-done.json"
STATS_STATE = "stats-sent.json"  # the newest hour the author acknowledged
STATS_CHECK_S = 300.0            # how often the agent looks for a newly finished hour
STATS_REFUSED = "the broker refused"  # the start of last_error while the ACL lacks stats


class Agent:
    """``await agent.start()`` on the kiosk's loop; ``await agent.stop()`` on a clean exit."""

    def __init__(self, config: FleetConfig, host: Host, *, db_path: Path,
                 keep_backups: int = 7, backoff_base_s: float = 0.5,
                 app_version: str = __version__, stats_path: Path | None = None,
                 stats_check_s: float = STATS_CHECK_S, send_stats: bool = True) -> None:
        self.config = config
        self.host = host
        self.db_path = Path(db_path)
        self.keep_backups = keep_backups
        self.app_version = app_version
        self.boot_id = secrets.token_hex(6)
        self.started = time.monotonic()
        self.content = apply.ContentState()
        self.phase, self.reason, self.reason_code = "idle", "", ""
        self.target_version: int | None = None
        self.desired: dict[str, Desired] = {}     # topic -> latest
        self.author: AuthorStatus | None = None
        self.last_error = ""
        self.db_integrity = "unknown"
        # (desired revision, release sha256) -> (why, code): not tried again until a new revision
        self._refused: dict[tuple[int, str], tuple[str, str]] = {}
        self._done_cmds: dict[str, float] = self._load_done()
        self._wake = asyncio.Event()
        self._working_revision = 0
        self._work: asyncio.Future[None] | None = None
        self._tasks: list[asyncio.Task[Any]] = []
        self._background: set[asyncio.Future[None]] = set()
        self._stopping = False
        self.applied = 0                          # releases applied since start
        # visitor statistics: hourly aggregates of stats.db, re-sent until acknowledged
        self.stats_path = stats_path or stats_store.stats_path_for(self.db_path)
        self.stats_check_s = stats_check_s
        self.send_stats = send_stats              # stats.enabled: false sends nothing
        self.stats_acked = self._load_acked()     # the author has every hour up to this
        self.stats_sent = self.stats_acked        # the newest hour sent (maybe not yet acked)
        self.stats_published = 0                  # aggregates published since start
        self._stats_lock = asyncio.Lock()
        self._stats_wake = asyncio.Event()
        self._stats_resend = False
        self._resent_for: tuple[int, str, float] | None = None  # (connection, author, its ts)
        self._stats_rewind: int | None = None     # the author lost hours: send all after this
        self.link = Link(
            config.broker, client_id=f"kiosk-{config.site}-{config.kiosk_id}",
            subscriptions=[config.topic("desired"), config.topic("cmd"),
                           config.topic("stats/ack"),
                           protocol.group_desired_topic(config.site),
                           protocol.author_status_topic(config.site)],
            on_message=self._on_message, on_up=self._on_up,
            will=Will(config.topic("status"), self._status("lost"), config.will_delay_s),
            backoff_base_s=backoff_base_s)

    # --- files ----------------------------------------------------------------------------
    @property
    def _state_dir(self) -> Path:
        return self.config.data_dir / "fleet"

    def _load_done(self) -> dict[str, float]:
        try:
            data = json.loads((self._state_dir / DONE_COMMANDS).read_text(encoding="utf-8"))
            now = time.time()
            return {k: float(v) for k, v in data.items() if float(v) > now}
        except (OSError, ValueError, AttributeError):
            return {}

    def _save_done(self) -> None:
        now = time.time()
        self._done_cmds = {k: v for k, v in self._done_cmds.items() if v > now}
        self._write_json(DONE_COMMANDS, self._done_cmds)

    def _load_acked(self) -> int:
        try:
            data = json.loads((self._state_dir / STATS_STATE).read_text(encoding="utf-8"))
            return max(0, int(data.get("acked", 0)))
        except (OSError, ValueError, AttributeError, TypeError):
            return 0

    def _write_json(self, name: str, data: Any) -> None:
        self._state_dir.mkdir(parents=True, exist_ok=True)
        path = self._state_dir / name
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)

    def _save_link_state(self) -> None:
        d = self.effective()
        self._write_json(AGENT_STATE, {
            "connected": self.link.connected, "ts": time.time(),
            "author": self.author.state if self.author else "unknown",
            "desired_revision": d.revision if d else None,
            "content_version": self.content.version, "phase": self.phase,
            "reason": self.reason, "last_error": self.link.last_error})

    # --- life -----------------------------------------------------------------------------
    async def start(self) -> None:
        self.content = await asyncio.to_thread(apply.current, self.db_path)
        self.db_integrity = await asyncio.to_thread(apply.integrity, self.db_path)
        self._tasks = [asyncio.ensure_future(self.link.run()),
                       asyncio.ensure_future(self._reconcile_forever()),
                       asyncio.ensure_future(self._report_forever()),
                       asyncio.ensure_future(self._stats_forever())]

    async def stop(self) -> None:
        """A clean exit: ``status`` says ``disconnected`` (no Will), then everything stops."""
        self._stopping = True
        with contextlib.suppress(Exception):
            await self.link.close(last=(self.config.topic("status"),
                                        self._status("disconnected")))
        for t in self._tasks:
            t.cancel()
        pending: list[asyncio.Future[Any]] = [*self._tasks, *self._background]
        if self._work is not None:
            pending.append(self._work)
        await cancel_all(pending)
        self._tasks.clear()

    # --- what we say ----------------------------------------------------------------------
    def _status(self, state: str) -> bytes:
        return protocol.encode(Status(state, boot_id=self.boot_id, name=self.config.name,
                                      app_version=self.app_version,
                                      content_version=self.content.version, ts=time.time()))

    def health(self) -> Health:
        screen = self.host.health() or {}
        feeds = {}
        for name, f in dict(screen.get("feeds", {})).items():
            if isinstance(f, Feed):
                feeds[name] = f
            elif isinstance(f, dict):
                feeds[name] = Feed(str(f.get("state", "unknown")), f.get("age_s"))
        try:
            free = shutil.disk_usage(self.db_path.parent).free
        except OSError:
            free = 0
        touch = screen.get("last_touch_s")
        return Health(uptime_s=round(time.monotonic() - self.started, 1), free_disk_bytes=free,
                      db_integrity=self.db_integrity, feeds=feeds,
                      last_touch_s=None if touch is None else float(touch),
                      mqtt_reconnects=self.link.reconnects,
                      last_error=str(screen.get("last_error") or self.last_error))

    def reported(self) -> Reported:
        d = self.effective()
        return Reported(content_version=self.content.version,
                        content_sha=self.content.manifest_sha256, phase=self.phase,
                        reason=self.reason, reason_code=self.reason_code,
                        target_version=self.target_version,
                        desired_revision=d.revision if d else None, health=self.health(),
                        ts=time.time())

    async def report(self) -> None:
        if self.link.connected:
            await self.link.publish(self.config.topic("reported"),
                                    protocol.encode(self.reported()), retain=True)

    def _set_phase(self, phase: str, reason: str = "", target: int | None = None,
                   code: str = "") -> None:
        changed = (phase, reason, target) != (self.phase, self.reason, self.target_version)
        self.phase, self.reason, self.target_version = phase, reason, target
        self.reason_code = code
        if changed and phase == "failed":
            log.error("fleet: release %s failed: %s", target, reason)
        if changed:
            self._spawn(self.report())
            with contextlib.suppress(OSError):
                self._save_link_state()

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _on_up(self) -> None:
        await self.link.publish(self.config.topic("status"), self._status("ready"), retain=True)
        await self.report()
        self._save_link_state()
        if self.author is not None and self.author.state == "online":
            self._want_stats(resend=True)  # what went out while we were away may be lost

    async def _report_forever(self) -> None:
        while True:
            await asyncio.sleep(self.config.report_every_s)
            with contextlib.suppress(Exception):
                await self.report()
                self._save_link_state()

    # --- messages -------------------------------------------------------------------------
    def _on_message(self, msg: Message) -> None:
        try:
            if msg.topic == protocol.author_status_topic(self.config.site):
                self.author = AuthorStatus.decode(msg.topic, msg.payload) if msg.payload else None
                self._save_link_state()
                if self.author is not None and self.author.state == "online":
                    self._want_stats(resend=True)  # it may have missed hours while away
            elif msg.topic == self.config.topic("stats/ack"):
                self._on_stats_ack(StatsAck.decode(msg.topic, msg.payload)
                                   if msg.payload else StatsAck())
            elif msg.topic.endswith("/desired"):
                if not msg.payload:
                    self.desired.pop(msg.topic, None)
                else:
                    self.desired[msg.topic] = Desired.decode(msg.topic, msg.payload)
                self._wake.set()
            elif msg.topic == self.config.topic("cmd"):
                self._on_command(msg)
        except protocol.ProtocolError as exc:
            self.last_error = str(exc)
            log.warning("fleet: ignored a bad message: %s", exc)

    def effective(self) -> Desired | None:
        """The desired state with the highest revision (own or the site's group)."""
        return max(self.desired.values(), key=lambda d: d.revision, default=None)

    # --- visitor statistics ---------------------------------------------------------------
    def _want_stats(self, *, resend: bool = False) -> None:
        self._stats_resend = self._stats_resend or resend
        self._stats_wake.set()

    def _on_stats_ack(self, ack: StatsAck) -> None:
        lower = ack.through < self.stats_acked  # the author lost hours (a new or restored file)
        self.stats_acked = ack.through
        if lower:  # kept until sent, even if a newer acknowledgement overtakes it
            self._stats_rewind = min(ack.through, self._stats_rewind if self._stats_rewind
                                     is not None else ack.through)
        with contextlib.suppress(OSError):
            self._write_json(STATS_STATE, {"acked": ack.through})
        if lower:
            self._want_stats(resend=True)

    async def _stats_forever(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stats_wake.wait(), self.stats_check_s)
            self._stats_wake.clear()
            resend, self._stats_resend = self._stats_resend, False
            try:
                await self.publish_stats(resend=resend)
            except Exception as exc:  # statistics must never take the agent down
                log.warning("fleet: statistics not published: %s", exc)
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                # Python 3.11's wait_for (in Link.publish) returns the PUBACK result instead of
                # raising when the cancel and the answer meet: the agent is stopping
                raise asyncio.CancelledError

    async def publish_stats(self, *, resend: bool = False, now: float | None = None) -> int:
        """Publish the finished hours the author has not acknowledged (``resend``), or only
        those not sent yet; oldest first, QoS 1. Only while the author is online (else they
        would be dropped). Returns how many went out."""
        async with self._stats_lock:
            if not self.send_stats or not self.link.connected or self.author is None \
                    or self.author.state != "online":
                return 0
            # one resend per connection and author session (its retained status and our own
            # reconnect both ask for one)
            key = (self.link.connects, self.author.author_id, self.author.ts)
            if resend and key == self._resent_for:
                resend = False
            after = self.stats_acked if resend else max(self.stats_acked, self.stats_sent)
            rewind, self._stats_rewind = self._stats_rewind, None
            if rewind is not None:
                after = min(after, rewind)
            aggregates = await asyncio.to_thread(self._final_hours, after,
                                                 time.time() if now is None else now)
            sent = 0
            for agg in aggregates:
                msg = StatsHour(agg, name=self.config.name, ts=time.time())
                if not await self.link.publish(self.config.topic("stats"), msg.encode()):
                    if self.link.connected:  # answered, but refused: the broker's ACL
                        self.last_error = (f"{STATS_REFUSED} {self.config.topic('stats')} "
                                           "(does this kiosk's ACL block have its stats lines?)")
                        log.warning("fleet: %s", self.last_error)
                    break  # else the link dropped: the next connect sends the rest
                self.stats_sent = max(self.stats_sent, agg.hour)
                sent += 1
                if self.last_error.startswith(STATS_REFUSED):  # the ACL was fixed
                    self.last_error = ""
            self.stats_published += sent
            if resend:
                self._resent_for = key
            if sent:
                log.info("fleet: %d hours of visitor statistics published", sent)
            return sent

    def _final_hours(self, after: int, now: float) -> list[hourly.HourAggregate]:
        if not self.stats_path.exists():
            return []
        db = stats_store.open_stats(self.stats_path, readonly=True)
        try:
            return [hourly.aggregate_hour(db, h)
                    for h in hourly.final_hours(db, after=after, now=now)]
        finally:
            db.close()

    # --- commands -------------------------------------------------------------------------
    def _on_command(self, msg: Message) -> None:
        if msg.retain:  # a retained command would run again at every reconnect
            log.warning("fleet: ignored a retained command on %s", msg.topic)
            return
        cmd = Command.decode(msg.topic, msg.payload)
        reply = self.config.topic("cmd/res")  # the ACL lets us write only there
        if cmd.id in self._done_cmds:
            log.info("fleet: command %s (%s) already done; ignored", cmd.id, cmd.name)
            return
        if cmd.expires < time.time():
            log.warning("fleet: command %s (%s) expired; not executed", cmd.id, cmd.name)
            self._spawn(self._answer(reply, CommandResult(cmd.id, False, error="expired")))
            return
        self._done_cmds[cmd.id] = cmd.expires
        self._save_done()  # before running: a restart must not run it again
        self._spawn(self._run_command(cmd, reply))

    async def _answer(self, topic: str, res: CommandResult) -> None:
        await self.link.publish(topic, protocol.encode(res), correlation=res.id.encode())

    async def _run_command(self, cmd: Command, reply: str) -> None:
        try:
            data: dict[str, Any] = {}
            if cmd.name == "screenshot":
                png = await self.host.screenshot()
                data = {"png": base64.b64encode(png).decode("ascii")}
            elif cmd.name == "identify":
                await self.host.identify(self.config.name or self.config.kiosk_id,
                                         float(cmd.args.get("seconds", IDENTIFY_S)))
            elif cmd.name in ("restart", "reload", "attract"):
                if cmd.name == "restart":  # answer first: a restart ends this process
                    await self._answer(reply, CommandResult(cmd.id, True))
                    await self.host.command(cmd.name)
                    return
                await self.host.command(cmd.name)
            res = CommandResult(cmd.id, True, data=data)
        except Exception as exc:
            log.warning("fleet: command %s failed: %s", cmd.name, exc)
            res = CommandResult(cmd.id, False, error=f"{exc.__class__.__name__}: {exc}")
        await self._answer(reply, res)

    # --- releases -------------------------------------------------------------------------
    def _satisfied(self, rel: Release) -> bool:
        return self.content.bundle_sha256 == rel.sha256

    async def _reconcile_forever(self) -> None:
        while True:
            self._wake.clear()
            d = self.effective()
            rel = d.release if d else None
            if rel is None:
                await self._wake.wait()
                continue
            if self._satisfied(rel):
                self._set_phase("active", "", rel.version)
                await self._wake.wait()
                continue
            refused = self._refused.get((d.revision, rel.sha256))  # type: ignore[union-attr]
            if refused is not None:
                self._set_phase("failed", refused[0], rel.version, refused[1])
                await self._wake.wait()
                continue
            work = self._work = asyncio.ensure_future(
                self._converge(d, rel))  # type: ignore[arg-type]
            while not work.done():
                woke = asyncio.ensure_future(self._wake.wait())
                try:
                    await asyncio.wait([work, woke], return_when=asyncio.FIRST_COMPLETED)
                except asyncio.CancelledError:
                    work.cancel()  # the agent stops: the work stops with it (stop() awaits it)
                    raise
                finally:
                    woke.cancel()
                if work.done():
                    break
                self._wake.clear()
                newer = self.effective()
                if newer is None or newer.release != rel:
                    work.cancel()  # another release is wanted now: drop this one (.part stays)
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await work
                # else the same release (e.g. the group caught up): keep going
            if work.cancelled():
                continue
            if work.exception() is not None:
                exc = work.exception()
                self.last_error = f"{exc.__class__.__name__}: {exc}"
                log.error("fleet: %s", self.last_error)
                await asyncio.sleep(2.0)

    async def _converge(self, d: Desired, rel: Release) -> None:
        self._working_revision = d.revision
        wait = d.not_before - time.time()
        if wait > 0:
            self._set_phase("idle", f"waiting until not-before ({wait:.0f} s)", rel.version)
            await asyncio.sleep(wait)
        if self.content.version is not None and rel.version < self.content.version \
                and not rel.rollback:
            self._refuse(rel, f"release {rel.version} is older than release "
                              f"{self.content.version} shown now (only a signed rollback may go "
                              "back)", "bundle.older")
            return
        self._set_phase("downloading", "", rel.version)
        try:
            path = await self._download(rel)
        except download.DownloadRefused as exc:
            self._refuse(rel, str(exc), exc.code)
            return
        except download.DownloadInterrupted as exc:
            self._set_phase("downloading", f"retrying: {exc}", rel.version)
            raise
        self._set_phase("verifying", "", rel.version)
        try:
            await asyncio.to_thread(apply.verify, path, rel, self.config.public_keys)
        except BundleRefused as exc:
            path.unlink(missing_ok=True)
            self._refuse_bundle(rel, exc)
            return
        self._set_phase("staged", "waiting for the attract loop", rel.version)
        while not self.host.visitor_idle():
            await asyncio.sleep(IDLE_POLL_S)
        await self._apply(path, rel)

    async def _download(self, rel: Release) -> Path:
        return await download.fetch(rel.url, self.config.downloads_dir(), sha256=rel.sha256,
                                    size=rel.size)

    def _refuse(self, rel: Release, why: str, code: str = "") -> None:
        self._refused[(self._working_revision, rel.sha256)] = (why, code)
        self._set_phase("failed", why, rel.version, code)

    def _refuse_bundle(self, rel: Release, exc: BundleRefused) -> None:
        self._refuse(rel, "; ".join(exc.reasons), code_of(exc.reasons[0]) if exc.reasons else "")

    async def _apply(self, path: Path, rel: Release) -> None:
        # shielded: once the import started it finishes (cancelling cannot tear a transaction)
        try:
            result = await asyncio.shield(asyncio.to_thread(
                apply.import_release, self.db_path, path, public_keys=self.config.public_keys,
                keep_backups=self.keep_backups))
        except BundleRefused as exc:
            self._refuse_bundle(rel, exc)
            return
        except (StoreError, OSError) as exc:
            self._refuse(rel, f"import failed: {exc}", "release.import_failed")
            return
        problem = await asyncio.to_thread(apply.self_check, self.db_path)
        if problem is None:
            try:
                await self.host.content_applied()
            except Exception as exc:
                problem = f"the screen could not show it: {exc.__class__.__name__}: {exc}"
        if problem is not None:
            await asyncio.to_thread(apply.restore, self.db_path, result.backup)
            self.content = await asyncio.to_thread(apply.current, self.db_path)
            with contextlib.suppress(Exception):
                await self.host.content_applied()
            self._refuse(rel, f"self-check failed, rolled back: {problem}", "release.self_check")
            return
        self.content = await asyncio.to_thread(apply.current, self.db_path)
        self.db_integrity = await asyncio.to_thread(apply.integrity, self.db_path)
        self.applied += 1
        log.info("fleet: release %s active (%s)", rel.version, apply.summary(result))
        self._set_phase("active", "", rel.version)
        with contextlib.suppress(Exception):
            await self.link.publish(self.config.topic("status"), self._status("ready"),
                                    retain=True)
        download.prune(self.config.downloads_dir(), keep={rel.sha256})

    def snapshot(self) -> dict[str, Any]:
        """For tests and ``kiosk fleet agent``: the agent's view, JSON-ready."""
        return {"content": dataclasses.asdict(self.content), "phase": self.phase,
                "reason": self.reason, "target": self.target_version,
                "connected": self.link.connected}
