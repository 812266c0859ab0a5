"""The real window in its steady state: memory, CPU on the live and attract pages, tap-to-paint.

Starts its own Xvfb (1920x1080) and the kiosk fullscreen on it (xcb, the real window, not the
offscreen platform) with the default simulated feeds, driven by ``steady_driver.py`` inside
the kiosk process: a tour of every page, REST_S (60) s on the robot training ground page
(both live charts), REST_S s on the attract loop, then synthesized taps.

CPU is the kiosk process's own CPU time (user + system, psutil ``cpu_times``, threads
included) over the wall time of each rest, as a share of one core: other work on this shared
machine slows the kiosk down but is not counted in it. Memory is PSS, RSS and USS at the end of
the live rest (and PSS and USS at the end of the attract rest). Tap-to-paint is from the
synthesized touch release to the end of the new page's first paint (flushed), the cross-fade
excluded; p95 over all taps and per kind.

Prints ``steady_pss_mb``, ``steady_rss_mb``, ``steady_uss_mb``; the floor under them
(``steady_floor.py`` on the same display: the libraries and one window, ``steady_floor_pss_mb``,
``steady_floor_uss_mb`` and ``steady_uss_over_floor``); ``steady_attract_pss_mb`` and
``steady_attract_uss_mb``; ``live_page_cpu_pct``, ``attract_cpu_pct`` (and
``attract_pictures_cpu_pct``: the same rest while a picture, not a video, is on screen),
``tap_to_paint_ms_p95`` and ``tap_to_paint_ms_p95_<kind>``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
SIZE = os.environ.get("STEADY_SIZE", "1920x1080")


def start_xvfb(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    r, w = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", f"{SIZE}x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(w,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
    os.close(w)
    with os.fdopen(r) as f:
        num = f.readline().strip()
    if not num:
        raise SystemExit("Xvfb did not start")
    return proc, f":{num}"


def p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]


def cpu_s(p: psutil.Process) -> float:
    t = p.cpu_times()
    return t.user + t.system


def main() -> None:
    if shutil.which("Xvfb") is None:
        raise SystemExit("bench_steady needs Xvfb (make system-deps)")
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        env = dict(os.environ, HOME=str(tmp), XDG_STATE_HOME=str(tmp / "state"),
                   XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"),
                   XDG_CACHE_HOME=str(tmp / "cache"), XDG_RUNTIME_DIR=str(tmp))
        for var in ("WAYLAND_DISPLAY", "NOTIFY_SOCKET", "WATCHDOG_USEC"):
            env.pop(var, None)
        db = tmp / "kiosk.db"
        subprocess.run([sys.executable, "-m", "kiosk", "seed", "--db", str(db)], env=env,
                       check=True, capture_output=True, cwd=REPO)
        xvfb, display = start_xvfb(tmp)
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        kiosk = subprocess.Popen([sys.executable, str(REPO / "bench" / "steady_driver.py"),
                                  "--db", str(db)], env=env, cwd=REPO,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        assert kiosk.stderr is not None
        proc = psutil.Process(kiosk.pid)
        marks: dict[str, tuple[float, float]] = {}
        taps: dict[str, list[float]] = {}
        mem: tuple[int, int, int] | None = None
        attract_mem: tuple[int, int] | None = None
        missed = 0
        pictures: tuple[float, float] | None = None
        try:
            for raw in kiosk.stderr:
                line = raw.decode(errors="replace").strip()
                if line.startswith("steady: "):
                    phase = line.split(": ", 1)[1]
                    marks[phase] = (time.perf_counter(), cpu_s(proc))
                    if phase == "live-end":  # the figure of the issue: after the live rest
                        info = proc.memory_full_info()
                        mem = (info.pss, info.rss, info.uss)
                    elif phase == "taps":  # and after the attract rest
                        info = proc.memory_full_info()
                        attract_mem = (info.pss, info.uss)
                    if phase == "done" or phase.startswith("failed"):
                        break
                elif line.startswith("attract_pictures_cpu_pct "):
                    _, pct, secs = line.split()
                    pictures = (float(pct), float(secs))
                elif line.startswith("tap_ms "):
                    _, kind, ms = line.split()
                    if ms == "nan":
                        missed += 1
                    else:
                        taps.setdefault(kind, []).append(float(ms))
                elif "Traceback" in line or "Error" in line:
                    print(line, file=sys.stderr)
        finally:
            try:
                kiosk.wait(30)
            except subprocess.TimeoutExpired:
                kiosk.terminate()
                kiosk.wait(20)
            # the floor on the same display, after the kiosk: the libraries and a window alone
            floor: dict[str, int] = {}
            if kiosk.returncode is not None:
                run = subprocess.run([sys.executable, str(REPO / "bench" / "steady_floor.py")],
                                     env=env, cwd=REPO, capture_output=True, text=True,
                                     timeout=120, check=False)
                for fl in run.stdout.splitlines():
                    name, _, value = fl.partition(" ")
                    if value.isdigit():
                        floor[name] = int(value)
            xvfb.terminate()
            xvfb.wait(20)
    if "done" not in marks or mem is None:
        raise SystemExit(f"the kiosk stopped early (exit {kiosk.returncode}); "
                         f"phases: {list(marks)}")

    def share(a: str, b: str) -> float:
        (t0, c0), (t1, c1) = marks[a], marks[b]
        return 100 * (c1 - c0) / (t1 - t0)

    print(f"steady_pss_mb: {mem[0] / 2**20:.0f}")
    print(f"steady_rss_mb: {mem[1] / 2**20:.0f}")
    # USS: the kiosk's own pages. PSS shares a library's pages with every process that maps the
    # same file (uv hard-links a venv's files from its cache, so a second kiosk or a test run
    # on this machine halves them): USS does not move with the neighbours
    print(f"steady_uss_mb: {mem[2] / 2**20:.0f}")
    if "floor_pss_kb" in floor and "floor_uss_kb" in floor:
        # the baseline in the same run: what the libraries and one window take by themselves
        print(f"steady_floor_pss_mb: {floor['floor_pss_kb'] / 1024:.0f}")
        print(f"steady_floor_uss_mb: {floor['floor_uss_kb'] / 1024:.0f}")
        print(f"steady_uss_over_floor: {mem[2] / 1024 / floor['floor_uss_kb']:.2f}")
    if attract_mem is not None:
        print(f"steady_attract_pss_mb: {attract_mem[0] / 2**20:.0f}")
        print(f"steady_attract_uss_mb: {attract_mem[1] / 2**20:.0f}")
    print(f"live_page_cpu_pct: {share('rest-live', 'live-end'):.1f}")
    print(f"attract_cpu_pct: {share('rest-attract', 'taps'):.1f}")
    if pictures is not None:  # the same rest, picture slides only (not video decoding)
        print(f"attract_pictures_cpu_pct: {pictures[0]:.1f}")
        print(f"attract_pictures_s: {pictures[1]:.0f}")
    every = [v for vs in taps.values() for v in vs]
    print(f"tap_missed: {missed}")
    print(f"tap_to_paint_ms_p95: {p95(every):.1f}")
    for kind, vs in sorted(taps.items()):
        print(f"tap_to_paint_ms_p95_{kind}: {p95(vs):.1f}")


if __name__ == "__main__":
    main()
