"""Write the seed recordings of the three instrument exhibits from the simulators.

    .venv/bin/python tools/make_recordings.py content/exhibits

Fixed seeds make the files reproducible; channels are decimated to keep each file small.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.sensors.recordings import to_csv
from kiosk.sensors.sources.simulator import simulate

DATE = "2025-07-08"  # the showroom's opening day
SEED = 20250708

# exhibit folder, file stem, instrument, seconds played, keep every n-th sample per channel
PLAN = (
    ("titration-robot", "titration", "titrator", 420.0, {}),
    ("gc-ms", "gc-run", "gcms", 195.0,
     {"gcms.tic": 2, "gcms.rt_min": 2, "gcms.oven_c": 2, "gcms.run": 4}),
    ("robot-training-ground", "pick-and-place", "robot", 300.0,
     {**{f"robot.joint{j}_deg": 5 for j in range(1, 5)}, "robot.gripper": 5}),
)


def write_all(exhibits: Path) -> list[Path]:
    written = []
    for slug, stem, inst, seconds, every in PLAN:
        data = simulate(inst, seconds, seed=SEED)
        data = {name: (t[::every.get(name, 1)], v[::every.get(name, 1)])
                for name, (t, v) in data.items()}
        text = to_csv(data, comment=(
            f"Simulated {inst} run (seed {SEED}), shown as a replay while the instrument is "
            "idle.\nWritten by tools/make_recordings.py; format: t (s from start),"
            "channel,value."))
        folder = exhibits / slug / "recordings"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{DATE}-{stem}.csv"
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "content/exhibits")):
        print(p, p.stat().st_size)
