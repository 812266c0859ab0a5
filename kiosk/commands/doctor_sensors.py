"""``kiosk doctor --sensors``: connect to every configured feed without the UI and report.

Exit status 0 when every configured source delivered data within ``--seconds``, else 1.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from kiosk import settings
from kiosk.sensors.channels import CHANNELS
from kiosk.sensors.hub import Hub, SourceReport

COLUMNS = ("channel", "source", "state", "samples", "rate/s", "bad", "last value", "last error")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seconds", type=float, default=10.0,
                        help="how long to listen to the feeds (default 10)")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.6g}"


def error_text(rep: SourceReport) -> str:
    """The last error; one the feed has since recovered from reads as past, with its time."""
    if not rep.last_error:
        return "-"
    if rep.error_recovered:
        at = time.strftime("%H:%M:%S", time.localtime(rep.last_error_at)) \
            if rep.last_error_at is not None else "?"
        return f"(past, {at}, since reconnected) {rep.last_error}"
    return rep.last_error


def run(args: argparse.Namespace) -> int:
    cfg = settings.load(args.config)
    for problem in cfg.problems:
        print(f"settings problem: {problem}")
    base_dir = cfg.path.parent if cfg.path is not None else None
    hub = Hub(cfg, base_dir=base_dir)
    if not hub.sources:
        print("no sensor source configured (every sensors.<instrument>.source is \"none\")")
        return 1
    seconds = max(0.5, float(args.seconds))
    # states are taken just before the feeds stop, so a working feed reads "live"
    states: dict[str, str] = {}
    reports: dict[str, SourceReport] = {}
    now_box: list[float] = []

    async def main() -> None:
        await hub.start()
        try:
            await asyncio.sleep(seconds)
            now_box.append(time.monotonic())
            states.update(hub.states(CHANNELS, now_box[0]))
            reports.update({i: hub.report(i, now_box[0]) for i in hub.sources})
        finally:
            await hub.stop()

    asyncio.run(main())
    now = now_box[0] if now_box else time.monotonic()
    rows = [COLUMNS]
    for name, ch in hub.channels.items():
        inst = ch.spec.instrument
        if inst not in hub.sources:
            continue
        rep = reports.get(inst) or hub.report(inst, now)
        rows.append((name, rep.kind, states.get(name, "offline"), str(ch.samples_total),
                     f"{ch.rate_meter.rate(now):.1f}", str(rep.bad_frames), _fmt(ch.last_v),
                     error_text(rep)[:90]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    ok = True
    print()
    for inst in hub.sources:
        rep = reports.get(inst) or hub.report(inst, now)
        good = rep.samples > 0
        ok &= good
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(rep.bad_by_kind.items()))
        print(f"{inst} ({rep.kind}): {'OK' if good else 'NO DATA'}: {rep.samples} samples "
              f"in {seconds:g} s, {rep.bad_frames} bad frames{f' ({kinds})' if kinds else ''}"
              f"{f'; last error: {rep.last_error}' if rep.last_error and not good else ''}")
    return 0 if ok else 1
