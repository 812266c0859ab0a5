"""QR code matrices for the take-away codes (segno), Qt-free.

Always byte mode, UTF-8, error correction M (or better, when that costs no size): plain
``segno.make`` picks Micro QR or Kanji mode for short Chinese text, which phones do not read.
"""

from __future__ import annotations

import dataclasses
import functools

import segno

MAX_VERSION = 10     # 57 modules: still large at 6 px a module, read at arm's length
QUIET_ZONE = 4       # modules of light margin on every side (the standard's minimum)
# bytes of the largest payload a version-10 code holds at error level M, byte mode
MAX_BYTES = 213


class QrTooLong(ValueError):
    """The payload needs a QR version above MAX_VERSION."""


@dataclasses.dataclass(frozen=True)
class QrMatrix:
    payload: str
    version: int
    rows: tuple[tuple[bool, ...], ...]   # True = dark; without the quiet zone

    @property
    def size(self) -> int:
        return len(self.rows)

    @property
    def size_with_quiet_zone(self) -> int:
        return self.size + 2 * QUIET_ZONE


@functools.lru_cache(maxsize=64)
def qr_matrix(payload: str) -> QrMatrix:
    """The QR matrix of ``payload`` (cached: one per exhibit and language, plus the card)."""
    try:
        code = segno.make_qr(payload, error="m", mode="byte", encoding="utf-8")
    except segno.DataOverflowError as exc:
        raise QrTooLong(f"{len(payload.encode('utf-8'))} bytes do not fit a QR code") from exc
    version = int(code.version)
    if version > MAX_VERSION:
        raise QrTooLong(f"{len(payload.encode('utf-8'))} bytes need QR version {version}; "
                        f"at most {MAX_VERSION} ({MAX_BYTES} bytes) read well")
    rows = tuple(tuple(bool(v) for v in row) for row in code.matrix)
    return QrMatrix(payload, version, rows)
