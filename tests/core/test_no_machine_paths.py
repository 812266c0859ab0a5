"""No machine's own folders in the code we ship or run: a path of one developer's machine in
a docstring or a default is wrong on every kiosk PC and every other checkout."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# a workplace checkout, root's home, a fixed temporary file, someone's home folder
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|root|tmp|home/\w+)/")


def machine_paths(files: list[Path]) -> list[str]:
    out = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if MACHINE_PATH.search(line):
                where = f.relative_to(REPO) if f.is_relative_to(REPO) else f.name
                out.append(f"{where}:{n}: {line.strip()}")
    return out


def test_kiosk_tools_and_content_name_no_machine_path() -> None:
    files = [p for folder in ("kiosk", "tools") for p in (REPO / folder).rglob("*.py")]
    files += list((REPO / "content").rglob("*.toml"))
    assert len(files) > 50
    assert machine_paths(files) == []


def test_the_check_finds_one(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""Built on /work/kiosk, run as /root/venv/bin/kiosk."""\n'
                      'LOG = "/tmp/kiosk.log"\n'
                      'USB = "/media"  # where sticks mount: not one machine\'s\n'
                      'TOOL = "/usr/sbin/mosquitto"\nSUB = "var/tmp/x"\n', encoding="utf-8")
    assert [line.split(":")[1] for line in machine_paths([sample])] == ["1", "2"]
