import argparse
import logging
import re
import socket
import threading
from pathlib import Path

import pytest
from helpers.net import free_port

from kiosk.commands import doctor_sensors


def doctor(tmp_path: Path, toml: str, seconds: float = 1.0) -> int:
    path = tmp_path / "config.toml"
    path.write_text(toml, encoding="utf-8")
    parser = argparse.ArgumentParser()
    doctor_sensors.add_arguments(parser)
    args = parser.parse_args(["--seconds", str(seconds)])
    args.config, args.db = path, None
    return doctor_sensors.run(args)


def test_simulators_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert doctor(tmp_path, "") == 0  # the defaults: three simulators
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["channel", "source", "state"]
    assert "gcms.tic" in out and "robot.joint1_deg" in out
    row = next(line for line in out.splitlines() if line.startswith("titrator.ph "))
    assert row.split()[1:3] == ["simulator", "live"]
    assert "titrator (simulator): OK" in out


def test_dead_feed_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    toml = (f'[sensors.titrator]\nsource = "tcp"\nport = {port}\n'
            '[sensors.gcms]\nsource = "none"\n[sensors.robot]\nsource = "simulator"\n')
    assert doctor(tmp_path, toml) == 1
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("titrator.ph "))
    assert row.split()[1:3] == ["tcp", "offline"]
    assert "Connection" in row or "refused" in row.lower()
    assert "titrator (tcp): NO DATA" in out and "robot (simulator): OK" in out
    assert "gcms.tic" not in out


def test_nothing_configured_and_bad_settings(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    toml = "".join(f'[sensors.{i}]\nsource = "none"\n' for i in ("titrator", "gcms", "robot"))
    assert doctor(tmp_path, toml + '[sensors.robot.x]\ny = 1\n') == 1
    out = capsys.readouterr().out
    assert "no sensor source configured" in out and "settings problem" in out


def test_an_error_the_feed_recovered_from_reads_as_past(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Refused first (bound, not listening), then the instrument comes up and streams."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    stop = threading.Event()
    refused = threading.Event()

    class Refusals(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "ConnectionRefused" in record.getMessage():
                refused.set()

    watch = Refusals()
    logging.getLogger("kiosk.sensors").addHandler(watch)

    def serve() -> None:
        refused.wait(10)  # the instrument comes up once the kiosk's first connect was refused
        sock.listen()
        sock.settimeout(5)
        conn, _ = sock.accept()
        with conn:
            while not stop.is_set():
                conn.sendall(b"ph,7.0\n")
                stop.wait(0.05)

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    toml = (f'[sensors.titrator]\nsource = "tcp"\nhost = "127.0.0.1"\nport = {port}\n'
            '[sensors.gcms]\nsource = "none"\n[sensors.robot]\nsource = "none"\n')
    try:
        assert doctor(tmp_path, toml, seconds=3.0) == 0
    finally:
        stop.set()
        refused.set()
        server.join(10)
        sock.close()
        logging.getLogger("kiosk.sensors").removeHandler(watch)
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("titrator.ph "))
    assert row.split()[1:3] == ["tcp", "live"]
    assert "(past, " in row and "since reconnected) ConnectionRefusedError" in row
    assert re.search(r"\(past, \d\d:\d\d:\d\d,", row)
