import argparse
from pathlib import Path

import pytest

from kiosk.commands import doctor_sensors
from sensors.helpers import free_port


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
