"""Sound and video figures, offscreen, on a private PulseAudio null sink.

narration_start_ms: from the tap on 听讲解 / Listen until the first sound reaches the sink
    (recorded from its monitor with parec at 10 ms latency, which the figure includes);
    median of 5, the kiosk's player prewarmed as after start-up.
video_cpu_pct / video_dropped_frames: a 1080p30 H.264 clip playing in the exhibit gallery at
    1920x1080, software decoding (and, offscreen, CPU colour conversion): the process's CPU
    time over 8 s in percent of one core, and the frames the decoder did not deliver in time
    (expected at 30 fps minus delivered).
dist_size_mb: the frozen folder (dist/kiosk), when it has been built (make dist).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from helpers.pulse import PulseServer  # noqa: E402  (the tests' helper: a private null sink)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kiosk-bench-sound-"))
    server = PulseServer(tmp / "pulse").start()
    os.environ.update(server.env)  # before QtMultimedia loads: Qt connects once
    try:
        run(server, tmp)
    finally:
        server.stop()
    dist = ROOT / "dist" / "kiosk"
    if dist.is_dir():
        mb = subprocess.run(["du", "-sm", str(dist)], capture_output=True, text=True,
                            check=False).stdout.split()[0]
        print(f"dist_size_mb: {mb}")
    else:
        print("dist_size_mb: not built (make dist)")


def run(server: PulseServer, tmp: Path) -> None:
    import psutil
    from helpers.media import video
    from PySide6.QtCore import QCoreApplication

    from kiosk import settings
    from kiosk.content.seed import seed
    from kiosk.ui.app import build_window, make_application

    app = make_application()
    db = tmp / "data" / "kiosk.db"
    seed(db, ROOT / "content")
    cfg = settings.defaults().with_overrides(ui__transition_ms=0)
    w = build_window(cfg, db, sync=True)
    w.set_size(1920, 1080)
    w.show()
    w.build_remaining_pages()
    w.sound.prewarm()

    def spin(seconds: float, until: object = None) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QCoreApplication.processEvents()
            if until is not None and until():  # type: ignore[operator]
                return
            time.sleep(0.001)

    w.open_exhibit("titration-robot")
    spin(0.5)
    bar = w.exhibit.narration
    starts = []
    with server.recorder() as rec:
        for _ in range(5):
            t0 = time.monotonic()
            bar.listen_btn.click()
            spin(5, lambda t0=t0: rec.first_sound_at(t0) is not None)
            first = rec.first_sound_at(t0)
            if first is not None:
                starts.append((first - t0) * 1000)
            w.sound.stop()
            spin(1.0, lambda: rec.recent_rms(0.2) < 0.001)
    print(f"narration_start_ms: {statistics.median(starts):.0f}" if starts
          else "narration_start_ms: no sound reached the sink")
    print(f"narration_start_ms_runs: {', '.join(f'{s:.0f}' for s in starts)}")

    clip = video(tmp / "clip-1080p30.mp4", size=(1920, 1080), fps=30, seconds=12)
    g = w.exhibit.gallery
    g.set_videos({0: (clip, 12_000)})
    g.set_index(0)
    spin(10, lambda: g.video is not None and g.video.frames > 5)
    player = g.video
    assert player is not None
    proc = psutil.Process()
    spin(0.5)
    f0, c0, t0 = player.frames, sum(proc.cpu_times()[:2]), time.monotonic()
    spin(8.0)
    f1, c1, t1 = player.frames, sum(proc.cpu_times()[:2]), time.monotonic()
    wall = t1 - t0
    expected = round(wall * 30)
    print(f"video_cpu_pct: {100 * (c1 - c0) / wall:.0f}")
    print(f"video_dropped_frames: {max(0, expected - (f1 - f0))} of {expected}")
    w.allow_close = True
    w.close()
    del app


if __name__ == "__main__":
    main()
