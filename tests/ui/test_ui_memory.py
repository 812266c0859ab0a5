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


def test_first_paint_is_announced_though_pages_cover_the_stack(app, qtbot, cfg, db_path) -> None:  # type: ignore[no-untyped-def]
    """``kiosk run`` starts asyncio (the sensor hub, the fleet) on ``page_painted``: the opaque
    attract page covers the stack, which never paints itself, and the start waited for its
    10 s fallback instead."""
    from kiosk.ui.app import build_window

    w = build_window(cfg, db_path, sync=True, admin=False)
    qtbot.addWidget(w)
    w.set_size(1280, 720)
    painted: list[str] = []
    w.page_painted.connect(lambda: painted.append(type(w.stack.currentWidget()).__name__))
    with qtbot.wait_signal(w.page_painted, timeout=3000):
        w.show()
    assert painted == ["AttractPage"]
    w.show_page("home")
    qtbot.wait(50)  # another page painting does not announce a first paint again
    assert painted == ["AttractPage"]
    w.allow_close = True
    w.close()


def test_curator_screens_are_built_when_the_pin_pad_opens(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Admin mode costs its widgets (and PIL, cryptography, the forms) only once a curator
    makes the gesture: the screens are built while the PIN is typed."""
    import sys

    from kiosk.ui.admin.shell import AdminShell

    admin = window.admin
    assert not admin.built
    assert not window.stack.findChildren(AdminShell)
    admin.open_pin()
    qtbot.wait_until(lambda: admin.built, timeout=3000)
    assert window.stack.indexOf(admin.shell) >= 0
    assert admin.pinpad.isVisible()  # still waiting for the PIN, in front of the visitor page
    assert window.stack.currentWidget() is window.attract
    assert "kiosk.ui.admin.shell" in sys.modules
    admin.enter()
    assert window.stack.currentWidget() is admin.shell
    admin.exit("test")


def test_pictures_decode_to_cover_their_box_never_above_their_size(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    img = QImage(1600, 1000, QImage.Format.Format_RGB32)
    img.fill(QColor(30, 60, 90))
    path = tmp_path / "p.jpg"
    assert img.save(str(path))
    # a wide box (an exhibit's hero band): covering 2048x768 takes the whole width, and the
    # file is only 1600 wide, so it stays 1600x1000 (it was upscaled to 2048x1280)
    assert services.decode_image(path, QSize(2048, 768)).size() == QSize(1600, 1000)
    # a small box (a card): shrunk in the decoder until it just covers the box
    card = services.decode_image(path, QSize(512, 256))
    assert card.size() == QSize(512, 320)
    assert services.decode_image(path, None).size() == QSize(1600, 1000)
