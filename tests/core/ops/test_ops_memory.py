"""glibc's malloc tuned for a 24/7 process: large blocks go back to the system when freed."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

# a fresh process each: mallopt's settings and glibc's moving threshold are per process
PROGRAM = textwrap.dedent("""
    import sys
    from kiosk.ops import memory

    def rss_mb():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * 4096 / 2**20

    if sys.argv[1] == "fixed":
        assert memory.fix_mmap_threshold()
    big = bytearray(8 << 20)  # a full-screen picture, let go: glibc would raise its threshold
    del big
    base = rss_mb()
    for _ in range(3):  # pictures of several sizes come and go, a small block kept between
        blocks = [bytearray((2 + i % 3) << 20) for i in range(30)]
        keep = [bytearray(64 << 10) for _ in range(30)]
        del blocks
    print(round(rss_mb() - base))
""")


def left_resident_mb(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True,
                         check=True, timeout=60)
    return int(out.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_large_blocks_go_back_to_the_system_with_a_fixed_mmap_threshold() -> None:
    moving = left_resident_mb("default")
    fixed = left_resident_mb("fixed")
    assert fixed < 8, f"{fixed} MB of freed pictures still resident"
    assert moving > fixed + 20, (moving, fixed)  # what the setting is for, shown on this glibc
