"""Run each test of the given files in its own pytest process, with a hang limit and retries.

Used by `make test` for the tests that play real sound through QtMultimedia. Qt 6.11.3's FFmpeg
backend has been seen, intermittently and mostly under heavy load, to block the GUI thread in
``QThread::wait`` while a player stops or changes its audio output (a native stack is in the
closing note of this round), and its decoder thread has been seen to crash (SIGSEGV, no Python
frame) as a player is destroyed just after its media ended. Neither is a wrong result, so a test
whose process hangs is killed after ``--limit`` seconds, and one whose process dies of a signal
is run again, up to ``--attempts`` times; a test that fails (an assertion, an error: a normal
non-zero exit) fails at once. Every retry is printed, so flakiness stays visible.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys


def collect(files: list[str]) -> list[str]:
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", *files],
                         capture_output=True, text=True, check=False)
    ids = [line for line in out.stdout.splitlines() if "::" in line]
    if out.returncode != 0 or not ids:
        sys.stdout.write(out.stdout + out.stderr)
        raise SystemExit(f"run_isolated: could not collect tests from {files}")
    return ids


def run_one(node: str, limit: float) -> int | None:
    """The test's exit code, or None when it hung past ``limit`` seconds (process group killed)."""
    proc = subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", node],
                            start_new_session=True)
    try:
        return proc.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a hang")
    parser.add_argument("--attempts", type=int, default=4)
    args = parser.parse_args()
    nodes = collect(args.files)
    failed: list[str] = []
    hangs = crashes = 0
    for node in nodes:
        for attempt in range(1, args.attempts + 1):
            code = run_one(node, args.limit)
            if code is None:
                hangs += 1
                print(f"run_isolated: {node} hung for {args.limit:.0f} s (attempt {attempt}); "
                      "killed", flush=True)
            elif code < 0:
                crashes += 1
                print(f"run_isolated: {node} died of {signal.Signals(-code).name} "
                      f"(attempt {attempt})", flush=True)
            else:
                break
        if code != 0:
            failed.append(node)
    print(f"run_isolated: {len(nodes) - len(failed)} of {len(nodes)} passed, "
          f"{hangs} hang(s) and {crashes} crash(es) retried", flush=True)
    for node in failed:
        print(f"run_isolated: FAILED {node}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
