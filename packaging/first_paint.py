"""Time from starting the frozen kiosk to its first painted page (stdlib only).

Usage: first_paint.py BINARY DB LOG_FILE [RUNS]. Starts ``BINARY --windowed --db DB``, waits
for the ``kiosk: ready page=`` line the kiosk logs at its first paint, stops it with SIGTERM
and prints ``dist_first_paint_s: <median>``.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

READY = "kiosk: ready page="


def once(binary: str, db: str, log_file: Path, timeout: float = 60.0) -> float:
    seen = log_file.read_text(errors="replace").count(READY) if log_file.exists() else 0
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary, "--windowed", "--db", db],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - t0 < timeout:
            if proc.poll() is not None:
                raise SystemExit(f"the kiosk exited with {proc.returncode} before painting")
            if log_file.exists() and log_file.read_text(errors="replace").count(READY) > seen:
                return time.perf_counter() - t0
            time.sleep(0.01)  # polling a file: this measures, it does not synchronise
        raise SystemExit(f"no first paint within {timeout:.0f} s (see {log_file})")
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    binary, db, log_file = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    times = [once(binary, db, log_file) for _ in range(runs)]
    print(f"dist_first_paint_s: {statistics.median(times):.3f}")


if __name__ == "__main__":
    main()
