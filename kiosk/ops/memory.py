"""Keeping a 24/7 process's memory flat: fewer malloc arenas, freed memory handed back.

Images decode on worker threads; glibc gives each thread its own malloc arena and keeps what
was freed there, so a day of decodes leaves tens of MB of free but resident memory. Linux
(glibc) only; elsewhere these do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger(__name__)
M_ARENA_MAX = -8
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


def trim() -> bool:
    """Give freed heap memory back to the system; True if any was released."""
    lib = _glibc()
    return bool(lib is not None and lib.malloc_trim(0))
