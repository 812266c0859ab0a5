"""Start-up: process start → first painted home page, against a bare PySide6 window.

Prints ``startup_first_paint_s`` (median of 5), ``startup_baseline_s``, ``startup_ratio`` and
``startup_home_rss_mb`` / ``startup_home_pss_mb`` (memory of the kiosk on its home page).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
RUNS = 5

BASELINE = r"""
import sys, time
from PySide6.QtWidgets import QApplication, QWidget
from PySide6.QtCore import QObject, QEvent
app = QApplication(sys.argv[:1])
w = QWidget(); w.resize(1280, 800)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            print("kiosk: ready page=baseline", file=sys.stderr, flush=True)
            o.removeEventFilter(self)
        return False
f = F(); w.installEventFilter(f); w.show()
app.exec()
"""


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_STATE_HOME=str(home / "state"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    return env


def time_to_ready(cmd: list[str], env: dict[str, str]
                  ) -> tuple[float, psutil.Process | None, subprocess.Popen[bytes]]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=REPO)
    assert proc.stderr is not None
    for raw in proc.stderr:
        if b"kiosk: ready page=" in raw:
            return time.perf_counter() - t0, psutil.Process(proc.pid), proc
    raise SystemExit(f"{cmd}: exited ({proc.wait()}) before painting")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main() -> None:
    # an installed kiosk (wheel or PyInstaller build) runs from compiled bytecode; this machine
    # sets PYTHONDONTWRITEBYTECODE, so compile once here rather than on every start
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "kiosk")], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = _env(home)
        db = home / "kiosk.db"
        subprocess.run([sys.executable, "-m", "kiosk", "seed", "--db", str(db)], env=env,
                       check=True, capture_output=True, cwd=REPO)
        kiosk_cmd = [sys.executable, "-m", "kiosk", "run", "--windowed", "--page", "home",
                     "--db", str(db)]
        base_cmd = [sys.executable, "-c", BASELINE]
        kiosk_t, base_t = [], []
        rss, pss = [], []
        for _ in range(RUNS):  # interleaved, so load on this noisy machine hits both alike
            t, _p, proc = time_to_ready(base_cmd, env)
            stop(proc)
            base_t.append(t)
            t, p, proc = time_to_ready(kiosk_cmd, env)
            kiosk_t.append(t)
            if p is not None:
                info = p.memory_full_info()
                rss.append(info.rss)
                pss.append(getattr(info, "pss", info.rss))
            stop(proc)
    k, b = statistics.median(kiosk_t), statistics.median(base_t)
    print(f"startup_first_paint_s: {k:.3f}")
    print(f"startup_baseline_s: {b:.3f}")
    print(f"startup_ratio: {k / b:.2f}")
    print(f"startup_home_rss_mb: {max(rss) / 2**20:.0f}")
    print(f"startup_home_pss_mb: {max(pss) / 2**20:.0f}")


if __name__ == "__main__":
    main()
