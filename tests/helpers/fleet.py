"""Real parts for the fleet tests: the broker recipe on a free port, kiosks' data dirs, agents.

The broker runs ``packaging/mosquitto/mosquitto.conf`` and ``kiosk.acl`` with only the paths and
the port changed, with the kiosk blocks that ``kiosk fleet add-kiosk`` prints, and a password
file made by ``mosquitto_passwd``: the tests never see an open broker.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any

from aiohttp import web

from helpers import net
from helpers.net import free_port, program, wait_port
from kiosk import settings
from kiosk.bundles import signature
from kiosk.fleet import broker as recipe
from kiosk.fleet.agent import Agent
from kiosk.fleet.author import Author
from kiosk.fleet.config import FleetConfig, from_settings
from kiosk.fleet.host import HeadlessHost

REPO = Path(__file__).resolve().parents[2]
RECIPE = REPO / "packaging" / "mosquitto"
SITE = "yidian"


class FleetBroker:
    """mosquitto with the recipe's configuration and ACL, identities made on demand."""

    def __init__(self, folder: Path, *, extra_conf: str = "", name: str = "broker",
                 tls: tuple[Path, Path, Path] | None = None) -> None:
        self.folder = folder / name
        self.folder.mkdir(parents=True)
        self.port = free_port()
        self.passwords: dict[str, str] = {}
        self.acl_blocks: list[str] = []
        self.extra_conf = extra_conf
        self.tls = tls  # (ca, certificate, key): the recipe's TLS listener instead of plain
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = self.folder / "mosquitto.log"
        (self.folder / "db").mkdir()

    def add_user(self, user: str, acl: str = "") -> str:
        self.passwords[user] = recipe.new_password()
        if acl:
            self.acl_blocks.append(acl)
        return self.passwords[user]

    def add_kiosk(self, kiosk_id: str, site: str = SITE) -> str:
        return self.add_user(recipe.kiosk_username(site, kiosk_id),
                             recipe.kiosk_acl(site, kiosk_id))

    def password_file(self, user: str) -> Path:
        p = self.folder / f"{user}.password"
        p.write_text(self.passwords[user] + "\n", encoding="utf-8")
        p.chmod(0o600)
        return p

    def write_config(self) -> Path:
        passwd = self.folder / "kiosk.passwd"
        passwd.write_text("".join(f"{u}:{p}\n" for u, p in self.passwords.items()),
                          encoding="utf-8")
        subprocess.run([program("mosquitto_passwd"), "-U", str(passwd)], check=True,
                       capture_output=True)
        acl = self.folder / "kiosk.acl"
        acl.write_text((RECIPE / "kiosk.acl").read_text(encoding="utf-8") + "\n"
                       + "\n".join(self.acl_blocks), encoding="utf-8")
        conf = (RECIPE / "mosquitto.conf").read_text(encoding="utf-8")
        for old, new in (("/etc/mosquitto/kiosk.passwd", str(passwd)),
                         ("/etc/mosquitto/kiosk.acl", str(acl)),
                         ("/var/lib/mosquitto/", str(self.folder / "db") + "/"),
                         ("listener 1883", f"listener {self.port} 127.0.0.1")):
            assert old in conf, f"the recipe lost {old!r}"
            conf = conf.replace(old, new)
        if self.tls is not None:  # the recipe's commented TLS block, switched on
            ca, cert, key = self.tls
            conf = conf.replace(f"listener {self.port} 127.0.0.1", "")
            for old, new in (("#listener 8883", f"listener {self.port} 127.0.0.1"),
                             ("#cafile /etc/mosquitto/certs/ca.crt", f"cafile {ca}"),
                             ("#certfile /etc/mosquitto/certs/server.crt", f"certfile {cert}"),
                             ("#keyfile /etc/mosquitto/certs/server.key", f"keyfile {key}"),
                             ("#tls_version", "tls_version")):
                assert old in conf, f"the recipe lost {old!r}"
                conf = conf.replace(old, new)
        path = self.folder / "mosquitto.conf"
        # as root, mosquitto would drop to the `mosquitto` user, who cannot read tmp_path
        run_as = "user root\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
        path.write_text(conf + "\n" + run_as + self.extra_conf, encoding="utf-8")
        return path

    def start(self) -> None:
        conf = self.write_config()
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([program("mosquitto"), "-c", str(conf)],
                                         stdout=log, stderr=log)
        wait_port(self.port)

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
            self.proc = None

    def restart(self) -> None:
        self.kill()
        self.start()


def write_keys(folder: Path, name: str = "author.key") -> tuple[Path, str]:
    key = folder / name
    return key, signature.generate(key)


def fleet_config(b: FleetBroker, data_dir: Path, *, kiosk_id: str, public_keys: Iterable[str],
                 author: bool = False, key_file: Path | None = None, site: str = SITE,
                 user: str | None = None, **extra: Any) -> FleetConfig:
    user = user or ("author" if author else recipe.kiosk_username(site, kiosk_id))
    if user not in b.passwords:
        raise AssertionError(f"no broker identity {user}")
    data = {"fleet": {"enabled": True, "site": site, "kiosk_id": kiosk_id,
                      "name": extra.pop("name", kiosk_id), "broker_port": b.port,
                      "username": user, "password_file": str(b.password_file(user)),
                      "public_keys": ",".join(public_keys), "author": author,
                      "key_file": str(key_file or ""), "http_host": "127.0.0.1",
                      "http_port": extra.pop("http_port", free_port()),
                      "will_delay_s": extra.pop("will_delay_s", 2), "keepalive_s": 5,
                      "wave_timeout_s": extra.pop("wave_timeout_s", 60.0), **extra}}
    cfg = settings.parse(data)
    assert not cfg.problems, cfg.problems
    fc = from_settings(cfg, data_dir=data_dir)
    assert fc is not None
    if author:
        import dataclasses
        fc = dataclasses.replace(fc, http_url=f"http://127.0.0.1:{fc.http_port}")
    return fc


def clone_db(src: Path, dst: Path) -> Path:
    """A kiosk's own copy of a seeded database and its media."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dst)
    media = src.parent / "media"
    if media.is_dir():
        shutil.copytree(media, dst.parent / "media", dirs_exist_ok=True)
    return dst


async def until(cond: Callable[[], bool], *, timeout: float = 30.0, what: str = "") -> None:
    """``net.until`` with the fleet's longer default (brokers, downloads, several kiosks)."""
    await net.until(cond, timeout=timeout, what=what, poll=0.02)


@contextlib.asynccontextmanager
async def running(*parts: Agent | Author) -> AsyncIterator[None]:
    for p in parts:
        await p.start()
    try:
        yield
    finally:
        for p in reversed(parts):
            await p.stop()


def set_title(db_path: Path, slug: str, title: str) -> None:
    """A curator's published edit, straight in the database."""
    import sqlite3
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE exhibits SET title_en = ? WHERE slug = ?", (title, slug))
    conn.close()


def title_of(db_path: Path, slug: str) -> str:
    import sqlite3
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT title_en FROM exhibits WHERE slug = ?",
                                (slug,)).fetchone()[0])
    finally:
        conn.close()


def headless() -> HeadlessHost:
    return HeadlessHost()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def write_kiosk_config(b: FleetBroker, folder: Path, kiosk_id: str, public_keys: Iterable[str],
                       *, will_delay_s: int = 2, keepalive_s: int = 5, site: str = SITE) -> Path:
    """A real config.toml for a kiosk process (``kiosk fleet agent --config``)."""
    user = recipe.kiosk_username(site, kiosk_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(
        recipe.settings_block(site, kiosk_id, broker_host="127.0.0.1", broker_port=b.port,
                              public_keys=",".join(public_keys),
                              password_file=str(b.password_file(user)))
        + f"will_delay_s = {will_delay_s}\nkeepalive_s = {keepalive_s}\n", encoding="utf-8")
    return path


def spawn_agent(config: Path, db: Path, log: Path, *,
                command: str = "agent") -> subprocess.Popen[bytes]:
    """``kiosk fleet agent`` (or ``serve``) in its own process (to be killed with SIGKILL)."""
    import sys
    env = dict(os.environ, PYTHONPATH=str(REPO))
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "kiosk", "fleet", command, "--config",
                                 str(config), "--db", str(db)], stdout=out, stderr=out, env=env)


def make_author(broker: FleetBroker, tmp_path: Path, template_db: Path,
                keys: tuple[Path, str], **kw: object) -> Author:
    """The author in this process, on its own copy of the template database."""
    db = clone_db(template_db, tmp_path / "author" / "kiosk.db")
    cfg = fleet_config(broker, tmp_path / "author", kiosk_id="author", author=True,
                       public_keys=[keys[1]], key_file=keys[0], **kw)
    return Author(cfg, db_path=db, backoff_base_s=0.05)


def make_agent(broker: FleetBroker, tmp_path: Path, template_db: Path, kiosk_id: str,
               public_keys: list[str], **kw: object) -> Agent:
    """A kiosk's agent in this process (a headless screen), on its own database copy."""
    db = clone_db(template_db, tmp_path / kiosk_id / "kiosk.db")
    cfg = fleet_config(broker, tmp_path / kiosk_id, kiosk_id=kiosk_id,
                       public_keys=public_keys, **kw)
    return Agent(cfg, headless(), db_path=db, backoff_base_s=0.05)


def fleet_of(broker: FleetBroker, tmp_path: Path, template_db: Path, keys: tuple[Path, str],
             kiosks: Iterable[str]) -> tuple[Author, list[Agent]]:
    """The usual start of a fleet test: the kiosks' identities, the broker up, the author and
    one agent per kiosk (none started yet: ``async with running(author, *agents)``)."""
    names = list(kiosks)
    for k in names:
        broker.add_kiosk(k)
    broker.start()
    author = make_author(broker, tmp_path, template_db, keys)
    return author, [make_agent(broker, tmp_path, template_db, k, [keys[1]]) for k in names]


class SlowServer:
    """A small static server of our own (Range support, ~20 KB/s): any server must do."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ranges: list[str] = []
        self.port = free_port()
        self.runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        data = (self.folder / request.match_info["name"]).read_bytes()
        rng = request.headers.get("Range", "")
        self.ranges.append(rng)
        start = int(rng[6:].split("-")[0]) if rng.startswith("bytes=") else 0
        resp = web.StreamResponse(status=206 if rng else 200)
        if rng:
            resp.headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        resp.content_length = len(data) - start
        await resp.prepare(request)
        for i in range(start, len(data), 1024):
            await resp.write(data[i:i + 1024])
            await asyncio.sleep(0.05)
        return resp

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/releases/{name}", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()


def write_visits(stats_path: Path, visits: Iterable[tuple[float, list[str], str, float]]) -> None:
    """Visits straight into a kiosk's real ``stats.db``, as its recorder writes them: each
    ``(start, exhibit slugs, final language, seconds per exhibit)``; a chart touch on each."""
    from kiosk.stats import store
    db = store.open_stats(stats_path)
    rows: list[tuple[float, int, str, str, float]] = []
    for start, slugs, lang, each in visits:
        visit = int(start * 1000)
        t = start
        rows.append((t, visit, "visit_start", "zh", 0.0))
        if lang != "zh":
            rows.append((t + 0.5, visit, "language", lang, 0.0))
        for slug in slugs:
            rows.append((t + 1, visit, "page", f"exhibit:{slug}", 0.0))
            rows.append((t + 2, visit, "chart", slug, 0.0))
            t += each
            rows.append((t + 1, visit, "exhibit_time", slug, each))
        rows.append((t + 1, visit, "visit_end", "", t + 1 - start))
    store.write_events(db, rows)
    db.close()
