"""A fleet kiosk that is not the author: content is read-only in admin mode, the rest is not."""

from __future__ import annotations

from typing import Any

import pytest
from helpers.admin import laid_out, secret_gesture, set_pin, type_pin, use_clock
from helpers.clock import WALL_START, FakeClock
from helpers.touch import tap

from kiosk.ui.admin.strings import t
from kiosk.ui.fleet_wiring import content_read_only


@pytest.fixture
def kiosk_cfg(cfg: Any) -> Any:
    return cfg.with_overrides(fleet__enabled=True, fleet__site="yidian", fleet__kiosk_id="lobby")


@pytest.fixture
def window_cfg(kiosk_cfg: Any) -> Any:
    """This module's ``window`` is a fleet kiosk's (tests/ui/conftest.py builds it)."""
    return kiosk_cfg


def enter(window: Any, qtbot: Any, db_path: Any) -> Any:
    set_pin(db_path, "2468")
    clock = FakeClock(WALL_START)
    use_clock(window, clock)
    secret_gesture(window, clock)
    qtbot.wait_until(lambda: window.admin.pinpad.isVisible())
    type_pin(window, qtbot, "2468")
    qtbot.wait_until(lambda: window.current == "admin", timeout=10_000)
    screen = window.admin.shell.exhibits
    qtbot.wait_until(lambda: screen.loads > 0 and bool(screen.rows))
    return screen


def test_roles(cfg: Any, kiosk_cfg: Any) -> None:
    assert not content_read_only(cfg)                                  # standalone: as today
    assert content_read_only(kiosk_cfg)                                # a fleet kiosk
    assert not content_read_only(kiosk_cfg.with_overrides(fleet__author=True))  # the author


def test_content_is_read_only_settings_and_usb_import_are_not(
        window: Any, qtbot: Any, db_path: Any) -> None:
    screen = enter(window, qtbot, db_path)
    assert screen.read_only_note.isVisible()
    assert t("readonly.banner", "zh") in screen.read_only_note.text()
    assert not screen.new_btn.isVisible()
    row = screen.row("titration-robot")
    assert not hasattr(row, "edit") and not hasattr(row, "delete")
    assert not row.up.isVisible() and not row.down.isVisible()
    qtbot.wait_until(lambda: laid_out(row.view))
    tap(row.view)
    editor = window.admin.shell.editor
    qtbot.wait_until(lambda: editor.data is not None and editor.slug == "titration-robot")
    assert editor.read_only_note.isVisible()
    title = editor.fields["title"].edits["en"]
    assert title.isReadOnly()
    for b in (editor.publish_btn, editor.unpublish_btn, editor.discard_btn):
        assert not b.isVisible()
    assert not editor.import_bar.add_images_btn.isEnabled()
    title.setText("typed anyway")          # even programmatically: no save is even scheduled
    assert not editor.dirty and editor.saves == 0
    editor.publish()
    assert window.admin.preview.publish_btn.isHidden()
    # per-kiosk settings and USB import stay usable
    window.admin.shell.show_screen("settings")
    assert window.admin.shell.settings.idle.plus.isEnabled()
    window.admin.shell.show_screen("bundles")
    assert window.admin.shell.bundles.import_btn.isEnabled()
    window.state.toggle_language()
    assert "read-only" in editor.read_only_note.text()
