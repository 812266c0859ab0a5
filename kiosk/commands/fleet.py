"""``kiosk fleet ...``: keys, releases, the kiosks' status, screenshots and commands.

    kiosk fleet keygen                 make the author's signing key (once)
    kiosk fleet add-kiosk NAME         settings block, password and ACL lines for a new kiosk
    kiosk fleet serve                  headless author: release server + MQTT
    kiosk fleet publish [--canary K]   sign the current content and roll it out
    kiosk fleet status [--json]        one line per kiosk; exit 1 if any is lost or failed
    kiosk fleet shot KIOSK OUT.png     the kiosk's screen as visitors see it
    kiosk fleet send KIOSK COMMAND     identify, restart, reload or attract
    kiosk fleet agent                  a headless agent (no screen), for tests and servers
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import signal
import sys
import time
from pathlib import Path
from typing import Any

from kiosk import paths, settings
from kiosk.bundles import signature
from kiosk.fleet import broker as recipe
from kiosk.fleet import protocol
from kiosk.fleet.config import FleetConfig, FleetConfigError, from_settings

log = logging.getLogger("kiosk.fleet")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="fleet_command", metavar="SUBCOMMAND", required=True)
    p = sub.add_parser("keygen", help="make the author's Ed25519 signing key")
    p.add_argument("--out", type=Path, default=None, help="key file (default: fleet.key_file)")
    p = sub.add_parser("add-kiosk", help="print the settings, password and ACL of a new kiosk")
    p.add_argument("name", metavar="NAME", help="kiosk id, or site/kiosk-id")
    p.add_argument("--display-name", default="", help="what curators call it, e.g. 大厅 Lobby")
    p.add_argument("--password-dir", type=Path, default=Path("."),
                   help="where to write NAME.password (mode 0600) for the kiosk")
    sub.add_parser("serve", help="run the author headless: release server and MQTT")
    p = sub.add_parser("publish", help="sign the current content and roll it out in waves")
    p.add_argument("--canary", nargs="*", default=[], metavar="KIOSK",
                   help="kiosks that get the release first")
    p.add_argument("--rollback", action="store_true",
                   help="sign it as a rollback (kiosks accept going back)")
    p.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for the rollout")
    p = sub.add_parser("status", help="one line per kiosk; exit 1 if any is lost or failed")
    p.add_argument("--json", action="store_true", help="JSON, one object per kiosk")
    p = sub.add_parser("shot", help="a kiosk's screen to a PNG file")
    p.add_argument("kiosk", metavar="KIOSK")
    p.add_argument("out", type=Path, metavar="OUT.png")
    p = sub.add_parser("send", help="send identify, restart, reload or attract to a kiosk")
    p.add_argument("kiosk", metavar="KIOSK")
    p.add_argument("name", choices=[c for c in protocol.COMMANDS if c != "screenshot"])
    sub.add_parser("agent", help="run a headless fleet agent for this kiosk's database")
    for p in sub.choices.values():  # also accepted after the subcommand
        p.add_argument("--db", type=Path, default=argparse.SUPPRESS,
                       help="content database (default: kiosk.db in the platform data dir)")
        p.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                       help="settings file (default: config.toml in the platform config dir)")


def _fail(msg: str, code: int = 2) -> int:
    print(f"kiosk fleet: {msg}", file=sys.stderr)
    return code


def _config(args: argparse.Namespace) -> FleetConfig:
    cfg = settings.load(args.config)
    fc = from_settings(cfg, data_dir=paths.db_path(args.db).parent)
    if fc is None:
        raise FleetConfigError("the fleet is off: set [fleet] enabled = true in "
                               f"{cfg.path or 'config.toml'}")
    return fc


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    cmd = args.fleet_command
    try:
        if cmd == "keygen":
            return _keygen(args)
        if cmd == "add-kiosk":
            return _add_kiosk(args)
        fc = _config(args)
        if cmd in ("serve", "agent"):
            logging.getLogger("kiosk").setLevel(logging.INFO)
        return asyncio.run(_RUNNERS[cmd](args, fc))
    except (FleetConfigError, signature.SigningKeyError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130


def _keygen(args: argparse.Namespace) -> int:
    cfg = settings.load(args.config)
    path = args.out or (Path(cfg["fleet.key_file"]) if cfg["fleet.key_file"]
                        else paths.db_path(args.db).parent / "fleet" / "author.key")
    public = signature.generate(path)
    print(f"kiosk fleet: private key written to {path} (mode 0600; keep it on the author only)")
    print("put this line in the [fleet] settings of every kiosk:")
    print(f'public_keys = "{public}"')
    return 0


def _add_kiosk(args: argparse.Namespace) -> int:
    cfg = settings.load(args.config)
    site, _, kid = args.name.rpartition("/")
    site = site or cfg["fleet.site"]
    try:
        protocol.check_id(site, what="site (give site/NAME or set fleet.site)")
        protocol.check_id(kid, what="kiosk id")
    except ValueError as exc:
        return _fail(str(exc))
    user = recipe.kiosk_username(site, kid)
    password = recipe.new_password()
    args.password_dir.mkdir(parents=True, exist_ok=True)
    pw_file = args.password_dir / f"{user}.password"
    with open(pw_file, "x", encoding="utf-8") as f:
        f.write(password + "\n")
    pw_file.chmod(0o600)
    print(f"# 1. on the broker: add the identity (the password is in {pw_file})")
    print(f'mosquitto_passwd -b /etc/mosquitto/kiosk.passwd {user} "$(cat {pw_file})"')
    print("# 2. on the broker: append to /etc/mosquitto/kiosk.acl, then reload mosquitto")
    print(recipe.kiosk_acl(site, kid))
    print(f"# 3. on the kiosk: copy {pw_file.name} beside its config.toml and add")
    print(recipe.settings_block(site, kid, broker_host=cfg["fleet.broker_host"],
                                broker_port=cfg["fleet.broker_port"],
                                public_keys=cfg["fleet.public_keys"],
                                password_file=pw_file.name, name=args.display_name))
    return 0


@contextlib.contextmanager
def _stop_on_signals(stop: asyncio.Event) -> Any:
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C raises instead
            pass
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


async def _settle(author: Any, *, quiet_s: float = 0.6, limit_s: float = 4.0) -> None:
    """Connect, then wait for the retained status and reported messages to stop arriving."""
    await author.wait_connected(10.0)
    changed = asyncio.Event()
    author.roster.subscribe(lambda _e: changed.set())
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        changed.clear()
        try:
            await asyncio.wait_for(changed.wait(), quiet_s)
        except TimeoutError:
            return


async def _serve(_args: argparse.Namespace, fc: FleetConfig) -> int:
    from kiosk.fleet.author import Author
    author = Author(fc, db_path=paths.db_path(_args.db),
                    stats_retention_days=settings.load(_args.config)["stats.retention_days"])
    stop = asyncio.Event()
    with _stop_on_signals(stop):
        await author.start()
        print(f"kiosk fleet: serving releases at {author.http_url}/releases/ and the fleet "
              f"{fc.site} on {fc.broker.host}:{fc.broker.port}", flush=True)
        try:
            await stop.wait()
        finally:
            await author.stop()
    return 0


async def _publish(args: argparse.Namespace, fc: FleetConfig) -> int:
    from kiosk.fleet.author import Author
    author = Author(fc, db_path=paths.db_path(args.db), announce=False, client_suffix="-publish")
    serving = True
    try:
        await author.start()
    except OSError:  # `kiosk fleet serve` (or the author kiosk) already serves the releases
        serving = False
        author.server = None
        await author.start()
    try:
        await _settle(author)
        rollout = await author.publish(canary=args.canary, rollback=args.rollback)
        rel = rollout.release
        print(f"kiosk fleet: release {rel.version} signed ({rel.size:,} bytes); rolling out"
              + ("" if serving else " (files served by the running author)"), flush=True)
        last = [""]

        def progress(r: Any) -> None:
            line = (f"  wave {r.wave}: {len(r.active)} active, {len(r.failures)} failed")
            if line != last[0]:
                print(line, flush=True)
                last[0] = line
        author.subscribe_rollout(progress)
        try:
            await rollout.wait(args.timeout)
        except TimeoutError:
            return _fail(f"the rollout did not finish within {args.timeout:g} s", 1)
        for key, why in rollout.failures.items():
            print(f"  {key}: failed: {why}")
        if rollout.wave != "done":
            return _fail(f"rollout stopped: {rollout.reason}", 1)
        print(f"kiosk fleet: release {rel.version} is active on {len(rollout.active)} kiosks")
        return 0
    finally:
        await author.stop()


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 120:
        return f"{seconds:.0f}s"
    if seconds < 7200:
        return f"{seconds / 60:.0f}min"
    return f"{seconds / 3600:.1f}h"


async def _status(args: argparse.Namespace, fc: FleetConfig) -> int:
    from kiosk.fleet.author import Author
    author = Author(fc, db_path=paths.db_path(args.db), serve_http=False, announce=False,
                    client_suffix="-status")
    await author.start()
    try:
        await _settle(author)
    finally:
        await author.stop()
    now = time.time()
    bad = 0
    rows: list[dict[str, Any]] = []
    for e in author.roster.entries():
        bad += e.state == "lost" or e.failed
        rows.append({"kiosk": e.key, "name": e.label, "state": e.state,
                     "lost_for_s": e.lost_for(now), "content_version": e.content_version,
                     "phase": e.phase, "reason": e.reason, "target_version": e.target_version,
                     "last_seen_s": round(now - e.last_seen, 1) if e.last_seen else None,
                     "feeds": {k: f.state for k, f in e.feeds.items()},
                     "db_integrity": e.health.get("db_integrity")})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            state = r["state"] if r["lost_for_s"] is None else \
                f"{r['state']} for {_age(r['lost_for_s'])}"
            feeds = " ".join(f"{k}={v}" for k, v in r["feeds"].items()) or "-"
            why = f" ({r['reason']})" if r["reason"] else ""
            print(f"{r['kiosk']:<28} {state:<18} content v{r['content_version'] or '-':<4} "
                  f"{r['phase']}{why}  seen {_age(r['last_seen_s'])} ago  feeds {feeds}")
        if not rows:
            print("kiosk fleet: no kiosk has reported yet")
    return 1 if bad else 0


async def _shot(args: argparse.Namespace, fc: FleetConfig) -> int:
    from kiosk.fleet.author import Author, CommandFailed
    author = Author(fc, db_path=paths.db_path(args.db), serve_http=False, announce=False,
                    client_suffix="-shot")
    await author.start()
    try:
        await _settle(author)
        png = await author.screenshot(args.kiosk)
    except (CommandFailed, KeyError) as exc:
        return _fail(str(exc).strip("'\""), 1)
    finally:
        await author.stop()
    args.out.write_bytes(png)
    print(f"kiosk fleet: {args.out} ({len(png):,} bytes)")
    return 0


async def _send(args: argparse.Namespace, fc: FleetConfig) -> int:
    from kiosk.fleet.author import Author, CommandFailed
    author = Author(fc, db_path=paths.db_path(args.db), serve_http=False, announce=False,
                    client_suffix="-send")
    await author.start()
    try:
        await _settle(author)
        await author.command(args.kiosk, args.name)
    except (CommandFailed, KeyError) as exc:
        return _fail(str(exc).strip("'\""), 1)
    finally:
        await author.stop()
    print(f"kiosk fleet: {args.kiosk}: {args.name}: done")
    return 0


async def _agent(args: argparse.Namespace, fc: FleetConfig) -> int:
    from kiosk.fleet.agent import Agent
    from kiosk.fleet.host import HeadlessHost
    cfg = settings.load(args.config)
    agent = Agent(fc, HeadlessHost(), db_path=paths.db_path(args.db),
                  keep_backups=cfg["ops.backups_keep"], send_stats=cfg["stats.enabled"])
    stop = asyncio.Event()
    with _stop_on_signals(stop):
        await agent.start()
        print(f"kiosk fleet: agent {fc.key} started", flush=True)
        try:
            await stop.wait()
        finally:
            await agent.stop()
    return 0


_RUNNERS = {"serve": _serve, "publish": _publish, "status": _status, "shot": _shot,
            "send": _send, "agent": _agent}
