"""Memory a 24/7 kiosk keeps: decoded pictures bounded in bytes, freed heap handed back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from kiosk.ops import memory
from kiosk.ui import services
from kiosk.ui.services import ImageLoader


def test_decoded_pictures_stay_within_the_byte_budget(app, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = []
    for i in range(12):  # 1600x1000 like the seed's display renditions: 6.1 MB decoded
        img = QImage(1600, 1000, QImage.Format.Format_RGB32)
        img.fill(QColor(20 * i, 40, 80))
        path = tmp_path / f"{i}.png"
        assert img.save(str(path))
        paths.append(path)
    loader = ImageLoader(cache_mb=24)
    full = QSize(1920, 1080)
    for path in paths:
        loader.get(path, full)
        qtbot.wait_until(lambda p=path: loader.get(p, full) is not None, timeout=10_000)
    per = 1600 * 1000 * 4
    assert loader.cached_bytes <= max(24 * 2**20, services.KEEP_ALWAYS * per)
    assert loader.cached_bytes == sum(i.sizeInBytes() for i in loader._cache.values())
    assert len(loader._cache) < len(paths)
    assert loader.get(paths[-1], full) is not None  # the newest stays decoded
    loader.deleteLater()


def test_heap_trim_and_arena_limit_work_on_glibc() -> None:
    assert memory.limit_arenas(2)  # Linux with glibc: mallopt accepts it
    junk = [bytearray(256 * 1024) for _ in range(64)]  # 16 MB, then freed
    del junk
    assert isinstance(memory.trim(), bool)
