"""``kiosk fleet`` and ``kiosk doctor`` as an installer runs them, against real processes."""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path

import pytest
from helpers.fleet import FleetBroker, clone_db, free_port, spawn_agent, write_kiosk_config

from kiosk import cli, settings
from kiosk.commands import doctor


def _author_config(b: FleetBroker, folder: Path, key: Path, public: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    port = free_port()
    path.write_text(f"""[fleet]
enabled = true
author = true
site = "yidian"
kiosk_id = "author"
broker_port = {b.port}
username = "author"
password_file = "{b.password_file('author')}"
public_keys = "{public}"
key_file = "{key}"
http_host = "127.0.0.1"
http_port = {port}
http_url = "http://127.0.0.1:{port}"
wave_timeout_s = 30
""", encoding="utf-8")
    return path


def _wait(cond: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_keygen_and_add_kiosk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "secret" / "author.key"
    assert cli.main(["fleet", "keygen", "--out", str(key)]) == 0
    out = capsys.readouterr().out
    assert key.stat().st_mode & 0o777 == 0o600
    assert "PRIVATE" not in out and key.read_text().split("\n")[1] not in out
    public = next(line for line in out.splitlines() if line.startswith("public_keys"))
    assert public.startswith('public_keys = "ed25519:')
    assert cli.main(["fleet", "keygen", "--out", str(key)]) == 2  # never overwritten
    assert "already there" in capsys.readouterr().err
    conf = tmp_path / "c.toml"
    conf.write_text('[fleet]\nsite = "yidian"\n', encoding="utf-8")
    assert cli.main(["fleet", "add-kiosk", "lobby", "--config", str(conf),
                     "--password-dir", str(tmp_path / "pw")]) == 0
    out = capsys.readouterr().out
    pw = tmp_path / "pw" / "yidian-lobby.password"
    assert pw.stat().st_mode & 0o777 == 0o600 and pw.read_text().strip() not in out
    assert "topic write kiosk/v1/yidian/lobby/status" in out
    assert 'kiosk_id = "lobby"' in out and 'username = "yidian-lobby"' in out
    assert cli.main(["fleet", "add-kiosk", "Bad/Name!", "--password-dir", str(tmp_path)]) == 2


def test_status_shot_and_doctor_with_kiosk_processes(
        broker: FleetBroker, tmp_path: Path, template_db: Path, keys: tuple[Path, str],
        capsys: pytest.CaptureFixture[str]) -> None:
    for k in ("lobby", "gcms"):
        broker.add_kiosk(k)
    broker.start()
    conf = _author_config(broker, tmp_path / "author", keys[0], keys[1])
    author_db = clone_db(template_db, tmp_path / "author" / "kiosk.db")
    procs = {}
    kiosk_conf = {}
    for k in ("lobby", "gcms"):
        db = clone_db(template_db, tmp_path / k / "kiosk.db")
        kiosk_conf[k] = (write_kiosk_config(broker, tmp_path / k, k, [keys[1]]), db)
        procs[k] = spawn_agent(*kiosk_conf[k], tmp_path / f"{k}.log")
    base = ["--config", str(conf), "--db", str(author_db)]
    # the author runs headless; `publish` then finds its port taken and leaves serving to it
    procs["serve"] = spawn_agent(conf, author_db, tmp_path / "serve.log", command="serve")
    try:
        def status() -> tuple[int, list[dict[str, object]]]:
            code = cli.main(["fleet", "status", "--json", *base])
            return code, json.loads(capsys.readouterr().out)
        _wait(lambda: len(status()[1]) == 2 and all(r["state"] == "ready" for r in status()[1]))
        assert status()[0] == 0
        assert cli.main(["fleet", "publish", "--canary", "lobby", *base]) == 0
        out = capsys.readouterr().out
        assert "release 1 is active on 2 kiosks" in out
        assert "served by the running author" in out
        code, rows = status()
        assert code == 0 and {r["content_version"] for r in rows} == {1}
        # a headless kiosk has no screen: the shot is refused with the reason
        assert cli.main(["fleet", "shot", "lobby", str(tmp_path / "s.png"), *base]) == 1
        assert "no screen" in capsys.readouterr().err
        assert cli.main(["fleet", "send", "gcms", "identify", *base]) == 0
        capsys.readouterr()
        # doctor on a kiosk: the link, the author (offline: no `serve` runs), the release
        gconf, gdb = kiosk_conf["gcms"]
        checks = {c.name: c for c in doctor.check_fleet(settings.load(gconf), gdb)}
        assert checks["fleet link"].status == "OK"
        assert "connected" in checks["fleet link"].detail
        assert checks["fleet author"].status == "OK"
        assert "author online" in checks["fleet author"].detail
        assert "last desired revision" in checks["fleet release"].detail
        assert "content release 1, phase active" in checks["fleet release"].detail
        wrong = settings.parse({"fleet": {"enabled": True, "site": "yidian", "kiosk_id": "gcms",
                                          "broker_port": broker.port, "username": "yidian-gcms",
                                          "public_keys": keys[1]}})
        checks = {c.name: c for c in doctor.check_fleet(wrong, gdb)}  # no password
        assert checks["fleet link"].status == "FAIL"
        assert "refused" in checks["fleet link"].detail
        procs["gcms"].send_signal(signal.SIGKILL)
        procs["gcms"].wait()
        procs["serve"].send_signal(signal.SIGKILL)  # the author's Will says it is gone
        procs["serve"].wait()
        _wait(lambda: "offline" in next(c.detail for c in doctor.check_fleet(
            settings.load(gconf), gdb) if c.name == "fleet author"))
        _wait(lambda: any(r["state"] == "lost" for r in status()[1]))
        code = cli.main(["fleet", "status", *base])
        out = capsys.readouterr().out
        assert code == 1 and "yidian/gcms" in out and "lost for" in out
    finally:
        for p in procs.values():
            p.send_signal(signal.SIGKILL)
            p.wait()
