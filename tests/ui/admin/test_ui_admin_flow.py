"""The curator's whole path, by touch: gesture, PIN with lockout, edit, preview, publish."""

from __future__ import annotations

from helpers.admin import (
    enter_admin,
    long_press,
    open_editor,
    secret_gesture,
    set_pin,
    type_pin,
    type_text,
    use_clock,
)
from helpers.clock import WALL_START, FakeClock
from helpers.touch import tap
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.content import store
from kiosk.curation import audit
from kiosk.ui.i18n import tr


def test_gesture_pin_lockout_edit_preview_publish(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    set_pin(db_path, "2468")
    clock = FakeClock(WALL_START)
    use_clock(window, clock)
    admin = window.admin
    pad = admin.pinpad

    secret_gesture(window, clock)
    qtbot.wait_until(lambda: pad.isVisible())
    for _ in range(1, 5):
        type_pin(window, qtbot, "1111")
        qtbot.wait_until(lambda: not pad.busy and pad.message.property("kind") == "error")
        assert "密码错误" in pad.message.text() and "Wrong PIN" in pad.message.text()
    type_pin(window, qtbot, "1111")  # the fifth: locked for 30 s
    qtbot.wait_until(lambda: pad.message.property("kind") == "locked", timeout=10_000)
    msg = pad.message.text()
    assert "30 秒" in msg and "30 s" in msg, msg
    assert not pad.digit_buttons["2"].isEnabled()
    tap(pad.digit_buttons["2"])  # refused while locked: nothing typed
    assert pad.entered == ""

    clock.advance(31)  # no test waits half a minute
    qtbot.wait_until(lambda: pad.digit_buttons["2"].isEnabled())
    type_pin(window, qtbot, "2468")
    qtbot.wait_until(lambda: window.current == "admin", timeout=10_000)
    assert not pad.isVisible()
    assert not window.idle.is_active(), "the visitor idle reset is off in admin mode"

    editor = open_editor(window, qtbot, "gc-ms")
    new_zh, new_en = "气质联用仪（新版）", "GC-MS, new edition"
    for lang, text in (("zh", new_zh), ("en", new_en)):
        edit = editor.fields["title"].edits[lang]
        edit.setFocus()
        edit.selectAll()
        type_text(edit, text)  # keyboard / IME input must reach the field
        assert edit.text() == text
    qtbot.wait_until(lambda: editor.saves > 0 and not editor.dirty)
    assert window.content.snapshot.exhibit("gc-ms").title.zh != new_zh, "not before publishing"

    tap(editor.preview_btn)
    preview = admin.preview
    qtbot.wait_until(lambda: window.stack.currentWidget() is preview)
    assert new_zh in preview.visible_texts()
    banner = preview.banner.text()
    assert tr("preview_banner", "zh") in banner and tr("preview_banner", "en") in banner
    tap(preview.lang_seg.buttons["en"])
    assert new_en in preview.visible_texts() and new_zh not in preview.visible_texts()
    assert preview.page.width() >= window.width() - 2, "full width, as visitors see it"

    tap(preview.publish_btn)
    qtbot.wait_until(lambda: window.content.snapshot.exhibit("gc-ms").title.zh == new_zh,
                     timeout=10_000)
    assert window.content.snapshot.exhibit("gc-ms").title.en == new_en

    tap(admin.shell.exit_btn)
    qtbot.wait_until(lambda: window.current == "attract")
    assert window.lock.enabled
    tap(window.attract, QPoint(600, 400))
    qtbot.wait_until(lambda: window.current == "home")
    qtbot.wait_until(lambda: window.home.card("gc-ms").title.text() == new_zh)
    tap(window.home.card("gc-ms"))
    qtbot.wait_until(lambda: window.current == "exhibit")
    assert window.exhibit.title.text() == new_zh

    with store.opened(db_path) as db:
        actions = [e.action for e in audit.audit_entries(db)]
    assert actions.count("pin_failed") == 5 and "pin_locked" in actions
    assert {"admin_enter", "edit", "publish", "admin_exit"} <= set(actions)


def test_short_hold_or_wrong_corner_does_not_open_the_pin_pad(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    set_pin(db_path, "2468")
    clock = FakeClock(WALL_START)
    use_clock(window, clock)
    long_press(window, QPoint(40, 40), clock, 1.5)  # too short
    tap(window, QPoint(window.width() - 40, window.height() - 40))
    long_press(window, QPoint(400, 400), clock, 4)  # not in the corner
    tap(window, QPoint(window.width() - 40, window.height() - 40))
    long_press(window, QPoint(40, 40), clock, 3.5)
    clock.advance(5)  # the second tap comes too late
    tap(window, QPoint(window.width() - 40, window.height() - 40))
    qtbot.wait(100)
    assert not window.admin.pinpad.isVisible()
    # the visitor's taps still work as before: the attract screen starts the tour
    assert window.current in ("attract", "home")
    if window.current == "attract":
        tap(window.attract, QPoint(600, 400))
    qtbot.wait_until(lambda: window.current == "home")


def test_without_a_pin_the_pad_explains_kiosk_set_pin(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    clock = FakeClock(WALL_START)
    use_clock(window, clock)
    secret_gesture(window, clock)
    pad = window.admin.pinpad
    qtbot.wait_until(lambda: pad.isVisible() and "kiosk set-pin" in pad.message.text())
    assert "尚未设置" in pad.message.text() and "No admin PIN" in pad.message.text()
    assert not pad.digit_buttons["1"].isEnabled()
    tap(pad.cancel_btn)
    assert not pad.isVisible()


def test_admin_idle_timeout_returns_to_visitor_mode(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    enter_admin(window, qtbot, db_path)
    admin = window.admin
    assert admin.idle.interval_ms == int(window.cfg["admin.idle_timeout_s"] * 1000)
    admin.idle.set_timeout(0.3)  # the real default is 2 min
    admin.idle.start()
    qtbot.wait_until(lambda: window.current == "attract", timeout=5000)
    assert not admin.active and window.lock.enabled
    qtbot.wait_until(lambda: admin.db.pending == 0)
    with store.opened(db_path) as db:
        exits = audit.audit_entries(db, action="admin_exit")
    assert exits and exits[0].detail == "idle"


def test_escape_and_close_do_nothing_in_admin_mode(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    enter_admin(window, qtbot, db_path)
    editor = open_editor(window, qtbot, "titration-robot")
    edit = editor.fields["title"].edits["en"]
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_End)
    QTest.keyClicks(edit, " X")
    assert edit.text().endswith(" X")
    QTest.keyClick(edit, Qt.Key.Key_Escape)
    QTest.keyClick(window, Qt.Key.Key_Escape)
    QTest.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert window.close() is False
    qtbot.wait(50)
    assert window.isVisible() and window.current == "admin"
    assert window.admin.shell.screen_name == "editor"
