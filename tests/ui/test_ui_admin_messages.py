"""欢迎与通知: a curator schedules a welcome by touch; visitors see it at once; delete ends it."""

from __future__ import annotations

import datetime as dt

from helpers.admin import enter_admin, tap_ready
from PySide6.QtCore import Qt

from kiosk.content import queries


def test_schedule_preview_and_delete_a_welcome(window, qtbot, db_path) -> None:
    enter_admin(window, qtbot, db_path)
    shell = window.admin.shell
    tap_ready(qtbot, shell.nav["messages"])
    screen = shell.messages
    qtbot.wait_until(lambda: window.admin.db.pending == 0)
    assert screen.empty.isVisible()
    # an incomplete message is refused with the field named, nothing stored
    screen.text_zh.setText("热烈欢迎徐汇区代表团")
    tap_ready(qtbot, screen.save_btn)
    qtbot.wait_until(lambda: "text.en" in screen.problems.text())
    screen.text_en.setText("Welcome, delegation of Xuhui District")
    # starts now (rounded to the next 5 minutes), moved back by touch so it is on already
    start = screen.start.value
    tap_ready(qtbot, screen.start.buttons["hour"][0])
    assert screen.start.value == start - dt.timedelta(hours=1)
    tap_ready(qtbot, screen.save_btn)
    qtbot.wait_until(lambda: window.admin.db.pending == 0 and screen.messages != [])
    conn = queries.open_readonly(db_path)
    stored = queries.scheduled_messages(conn)
    conn.close()
    assert [(m.kind, m.text.en) for m in stored] == [
        ("welcome", "Welcome, delegation of Xuhui District")]
    assert stored[0].starts_at == screen.start.local()
    # preview: full size, both languages
    tap_ready(qtbot, screen.preview_btn)
    assert screen.preview.isVisible() and screen.preview.size() == window.size()
    img = screen.preview.grab().toImage()
    assert img.pixelColor(10, 10).name() == "#f2a541"  # the welcome band, zh on top
    qtbot.mouseClick(screen.preview, Qt.MouseButton.LeftButton)
    assert not screen.preview.isVisible()
    # visitors see it at once (the content reloads; no restart)
    qtbot.wait_until(lambda: window.attract.message is not None)
    assert window.attract.message.text.zh == "热烈欢迎徐汇区代表团"
    # delete
    tap_ready(qtbot, screen.delete_btn)
    qtbot.wait_until(lambda: window.admin.db.pending == 0 and screen.messages == [])
    qtbot.wait_until(lambda: window.content.snapshot.messages == ())
    assert window.attract.message is None
