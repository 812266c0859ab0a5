"""Settings, change of PIN, content packages and the activity log, on the admin screens."""

from __future__ import annotations

from helpers.admin import enter_admin, tap_ready

from kiosk.bundles.export import ExportResult
from kiosk.bundles.importer import ImportResult
from kiosk.bundles.safezip import BundleRefused
from kiosk.content import store
from kiosk.curation import pin
from kiosk.ui.admin.strings import t


def test_settings_apply_at_once_and_persist_as_overrides(window, qtbot, db_path, cfg) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import build_window

    enter_admin(window, qtbot, db_path)
    shell = window.admin.shell
    tap_ready(qtbot, shell.nav["settings"])
    s = shell.settings
    qtbot.wait_until(lambda: s.loads > 0)
    assert s.idle.value == cfg["ui.idle_timeout_s"]
    tap_ready(qtbot, s.idle.plus)
    qtbot.wait_until(lambda: window.idle.interval_ms == int((cfg["ui.idle_timeout_s"] + 15) * 1000))
    tap_ready(qtbot, s.language.buttons["en"])
    qtbot.wait_until(lambda: window.state.default_language == "en")
    tap_ready(qtbot, s.attract.minus)
    qtbot.wait_until(lambda: window.admin.db.pending == 0)
    with store.opened(db_path) as db:
        assert store.get_setting(db, "curator.ui.idle_timeout_s") == cfg["ui.idle_timeout_s"] + 15
    # precedence: the saved override beats the config file in a fresh window too
    second = build_window(cfg, db_path, sync=True)
    qtbot.addWidget(second)
    try:
        qtbot.wait_until(lambda: second.state.default_language == "en")
        assert second.idle.interval_ms == int((cfg["ui.idle_timeout_s"] + 15) * 1000)
    finally:
        second.allow_close = True
        second.close()
    assert "simulator / none" in s.sensor_rows[0].text() or "模拟器" in s.sensor_rows[0].text()
    tap_ready(qtbot, s.reset_btn)
    qtbot.wait_until(lambda: window.state.default_language == cfg["ui.default_language"])


def test_change_pin_needs_the_old_one_and_the_new_one_twice(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    enter_admin(window, qtbot, db_path, "2468")
    shell = window.admin.shell
    tap_ready(qtbot, shell.nav["settings"])
    s = shell.settings
    tap_ready(qtbot, s.pin_btn)
    pad = s.pin_pad
    qtbot.wait_until(lambda: pad.isVisible())

    def enter(value: str) -> None:
        for d in value:
            qtbot.wait_until(lambda d=d: pad.digit_buttons[d].isEnabled())
            tap_ready(qtbot, pad.digit_buttons[d])
        tap_ready(qtbot, pad.ok_btn)

    enter("1111")
    qtbot.wait_until(lambda: "当前密码不正确" in pad.message.text())
    enter("2468")
    qtbot.wait_until(lambda: s.pin_flow.step == "new")
    enter("13579")
    enter("13570")
    assert "不一致" in pad.message.text() and s.pin_flow.step == "new"
    enter("13579")
    enter("13579")
    qtbot.wait_until(lambda: not pad.isVisible(), timeout=10_000)
    with store.opened(db_path) as db:
        assert pin.check_pin(db, "13579") and not pin.check_pin(db, "2468")


def test_export_then_refuse_a_bad_package_then_import(window, qtbot, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    enter_admin(window, qtbot, db_path)
    shell = window.admin.shell
    tap_ready(qtbot, shell.nav["bundles"])
    b = shell.bundles
    out = tmp_path / "usb" / "content.zip"
    out.parent.mkdir()
    b.export_to(out)
    qtbot.wait_until(lambda: isinstance(b.last_result, (ExportResult, Exception)), timeout=20_000)
    assert isinstance(b.last_result, ExportResult) and out.is_file()
    assert b.result.isVisible() and str(out) in b.result.text()

    bad = tmp_path / "usb" / "holiday-photos.zip"
    bad.write_bytes(b"this is not a zip at all")
    b.last_result = None
    b.ask_import(bad)
    tap_ready(qtbot, b.confirm_btn)
    qtbot.wait_until(lambda: b.last_result is not None, timeout=20_000)
    assert isinstance(b.last_result, BundleRefused)
    text = b.result.text()
    assert t("bundle.refused", "zh") in text and t("bundle.refused", "en") in text
    assert "不是 zip 文件" in text and "not a zip file" in text

    b.last_result = None
    b.import_from(out)
    qtbot.wait_until(lambda: b.last_result is not None, timeout=30_000)
    assert isinstance(b.last_result, ImportResult), b.last_result
    assert b.last_result.exhibits == len(window.content.snapshot.exhibits)


def test_activity_log_shows_admin_actions_newest_first(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    enter_admin(window, qtbot, db_path)
    shell = window.admin.shell
    tap_ready(qtbot, shell.nav["audit"])
    a = shell.audit
    qtbot.wait_until(lambda: a.loads > 0)
    actions = a.visible_actions()
    assert actions[0] == "admin_enter" and "pin_change" in actions
    assert a.action_text("admin_enter") == t("a.admin_enter", window.state.lang)
    tap_ready(qtbot, shell.lang_btn)
    qtbot.wait_until(lambda: shell.nav["audit"].text() == t("nav.audit", window.state.lang))


def test_sound_settings_apply_at_once_persist_and_refuse_bad_quiet_hours(  # type: ignore[no-untyped-def]
        window, qtbot, db_path, cfg, recorder):
    from kiosk.ui.app import build_window

    enter_admin(window, qtbot, db_path)
    shell = window.admin.shell
    tap_ready(qtbot, shell.nav["settings"])
    s = shell.settings
    qtbot.wait_until(lambda: s.loads > 0)
    s.scroll.ensureWidgetVisible(s.sound_card)
    assert s.volume.value == cfg["audio.volume"] == 80
    tap_ready(qtbot, s.volume.minus)
    qtbot.wait_until(lambda: abs(window.sound.volume - 0.7) < 1e-9)
    tap_ready(qtbot, s.sound_on.buttons["off"])
    qtbot.wait_until(lambda: window.sound.silenced)
    s.quiet.setText("noon till two")
    tap_ready(qtbot, s.quiet_btn)
    qtbot.wait_until(lambda: window.admin.db.pending == 0)
    with store.opened(db_path) as db:
        assert store.get_setting(db, "curator.audio.volume") == 70
        assert store.get_setting(db, "curator.audio.enabled") is False
        assert store.get_setting(db, "curator.audio.quiet_hours") is None  # refused
    s.quiet.setText("12:00-13:30")
    tap_ready(qtbot, s.quiet_btn)
    qtbot.wait_until(lambda: window.admin.db.pending == 0)
    second = build_window(cfg, db_path, sync=True)  # saved values beat the config file
    qtbot.addWidget(second)
    try:
        assert abs(second.sound.volume) == 0.0 and second.sound.silenced  # switched off
        assert second.sound._quiet == ((720, 810),)
    finally:
        second.allow_close = True
        second.close()
    tap_ready(qtbot, s.reset_btn)
    qtbot.wait_until(lambda: not window.sound.silenced and window.sound.volume == 0.8)


def test_access_defaults_start_the_next_visitor_and_persist(window, qtbot, db_path, cfg) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui import theme
    from kiosk.ui.app import build_window

    enter_admin(window, qtbot, db_path)
    shell = window.admin.shell
    tap_ready(qtbot, shell.nav["settings"])
    s = shell.settings
    qtbot.wait_until(lambda: s.loads > 0)
    assert not window.frame.dock.isVisible()  # the visitors' Access button is not for curators
    s.scroll.ensureWidgetVisible(s.access_card)
    assert s.text_scale.value == "1" and s.access_switches["high_contrast"].value == "off"
    assert s.access_note.text() == t("set.access_note", window.admin.ctx.lang)
    tap_ready(qtbot, s.text_scale.buttons["1.5"])
    tap_ready(qtbot, s.access_switches["high_contrast"].buttons["on"])
    qtbot.wait_until(lambda: window.admin.db.pending == 0)
    qtbot.wait_until(lambda: window.access.defaults.high_contrast)
    assert window.access.defaults.text_scale == 1.5
    assert not window.access.modes.high_contrast  # the curator's own screen is unchanged
    with store.opened(db_path) as db:
        assert store.get_setting(db, "curator.access.text_scale") == 1.5
        assert store.get_setting(db, "curator.access.high_contrast") is True
    window.admin.exit()  # the next visitor starts in the curator's modes
    qtbot.wait_until(lambda: window.current == "attract")
    assert window.access.modes.text_scale == 1.5 and window.access.modes.high_contrast
    assert window.frame.dock.isVisible()
    assert theme.palette().name == "high-contrast"
    second = build_window(cfg, db_path, sync=True)  # saved values beat the config file
    qtbot.addWidget(second)
    try:
        assert second.access.modes.text_scale == 1.5 and second.access.modes.high_contrast
        assert not second.access.modes.reach
    finally:
        second.allow_close = True
        second.close()
    enter_admin(window, qtbot, db_path)
    tap_ready(qtbot, shell.nav["settings"])
    qtbot.wait_until(lambda: s.loads > 1)
    assert s.text_scale.value == "1.5" and s.access_switches["high_contrast"].value == "on"
    s.scroll.ensureWidgetVisible(s.reset_btn)
    tap_ready(qtbot, s.reset_btn)
    qtbot.wait_until(lambda: not window.access.defaults.high_contrast)
    assert window.access.defaults.text_scale == cfg["access.text_scale"] == 1.0
