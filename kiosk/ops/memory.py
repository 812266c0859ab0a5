"""Keeping a 24/7 process's memory flat: fewer malloc arenas, freed memory handed back.

Images decode on worker threads; glibc gives each thread its own malloc arena and keeps what
was freed there, so a day of decodes leaves tens of MB of free but resident memory. And glibc
raises its mmap threshold to the size of each large block freed: after the first full-screen
picture is let go, the next ones come from the heap, where the attract loop's pictures, frames
and decodes of other sizes fragment it (the loop grew 250 -> 283 MB in 100 s on the real
window). A fixed threshold keeps large blocks in their own mappings, returned when freed.
Linux (glibc) only; elsewhere these do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger(__name__)
M_ARENA_MAX = -8
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 1 << 20  # a 640x360 video frame (0.9 MB) stays below it, pictures go above
_libc: ctypes.CDLL | None = None
_tried = False


def _glibc() -> ctypes.CDLL | None:
    global _libc, _tried
    if not _tried:
        _tried = True
        if sys.platform.startswith("linux"):
            try:
                lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                if hasattr(lib, "malloc_trim") and hasattr(lib, "mallopt"):
                    _libc = lib
            except OSError:
                _libc = None
    return _libc


def limit_arenas(n: int = 2) -> bool:
    """At most ``n`` malloc arenas from now on (call before threads start)."""
    lib = _glibc()
    return bool(lib is not None and lib.mallopt(M_ARENA_MAX, n))


def fix_mmap_threshold(nbytes: int = MMAP_THRESHOLD) -> bool:
    """Blocks of ``nbytes`` and more are mapped on their own and unmapped when freed, from now
    on (setting it also stops glibc from moving the threshold up by itself)."""
    lib = _glibc()
    return bool(lib is not None and lib.mallopt(M_MMAP_THRESHOLD, nbytes))


def trim() -> bool:
    """Give freed heap memory back to the system; True if any was released."""
    lib = _glibc()
    return bool(lib is not None and lib.malloc_trim(0))
