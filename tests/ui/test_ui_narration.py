"""The audio guide as a visitor uses it, heard on the test run's PulseAudio null sink."""

from __future__ import annotations

from helpers.pulse import Recorder
from helpers.touch import tap
from helpers.visitor import open_exhibit, start

from kiosk.ui.sound import PlayState

SOUND = 0.01
SILENCE = 0.001


def heard(qtbot, rec: Recorder) -> None:
    qtbot.wait_until(lambda: rec.recent_rms(0.4) > SOUND, timeout=8000)


def silent(qtbot, rec: Recorder) -> None:
    qtbot.wait_until(lambda: rec.recent_rms(0.3) < SILENCE, timeout=5000)


def narration_file(window, slug: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    ex = window.content.snapshot.exhibit(slug)
    return str(window.content.snapshot.media_dir / ex.narration(lang).file)


def test_listen_in_english_then_chinese_then_silence_at_idle(window, qtbot, recorder) -> None:
    start(window, qtbot)
    tap(window.home.topbar.lang_btn)
    qtbot.wait_until(lambda: window.state.lang == "en")
    open_exhibit(window, qtbot, "titration-robot")
    bar = window.exhibit.narration
    assert bar.isVisible() and bar.listen_btn.text().startswith("Listen")
    silent(qtbot, recorder)
    tap(bar.listen_btn)
    heard(qtbot, recorder)
    assert window.sound.current == narration_file(window, "titration-robot", "en")
    assert bar.progress.isVisible() and bar.stop_btn.isVisible()
    qtbot.wait_until(lambda: bar.progress.value() > 0, timeout=5000)
    assert " / 1:32" in bar.progress.format()  # elapsed / total
    tap(window.exhibit.topbar.lang_btn)  # 中文: the Chinese narration, from the start
    qtbot.wait_until(lambda: window.sound.current == narration_file(
        window, "titration-robot", "zh"), timeout=3000)
    assert window.sound.position_ms() < 3000
    heard(qtbot, recorder)
    assert bar.stop_btn.text() == "停止"
    window.idle.set_timeout(0.5)  # the visitor walks away
    window.idle.start()
    with qtbot.wait_signal(window.idle.idle, timeout=5000):
        pass
    assert window.current == "attract" and window.sound.state is PlayState.IDLE
    silent(qtbot, recorder)


def test_pause_resume_stop_and_leaving_the_page(window, qtbot, recorder) -> None:
    start(window, qtbot)
    open_exhibit(window, qtbot, "gc-ms")
    bar = window.exhibit.narration
    tap(bar.listen_btn)
    heard(qtbot, recorder)
    tap(bar.pause_btn)
    assert window.sound.state is PlayState.PAUSED and bar.pause_btn.text() == "继续"
    silent(qtbot, recorder)
    tap(bar.pause_btn)
    heard(qtbot, recorder)
    tap(bar.stop_btn)
    silent(qtbot, recorder)
    assert bar.listen_btn.isVisible() and not bar.progress.isVisible()
    tap(bar.listen_btn)
    heard(qtbot, recorder)
    tap(window.exhibit.topbar.back_btn)  # leaving the page silences it
    qtbot.wait_until(lambda: window.current == "home")
    silent(qtbot, recorder)
    assert window.sound.state is PlayState.IDLE


def test_no_listen_button_without_a_narration_or_when_silenced(window, qtbot) -> None:
    import dataclasses

    start(window, qtbot)
    open_exhibit(window, qtbot, "yidian-branch")
    bar = window.exhibit.narration
    assert bar.isVisible()
    ex = window.exhibit.exhibit
    only_zh = dataclasses.replace(ex, narrations=tuple(n for n in ex.narrations if n.lang == "zh"))
    bar.set_exhibit(only_zh, window.content.snapshot.media_dir)
    bar.set_language("en")
    assert not bar.isVisible()
    bar.set_language("zh")
    assert bar.isVisible()
    window.sound.apply(window.cfg.with_overrides(audio__enabled=False))
    assert not bar.isVisible()


def test_admin_mode_silences_the_narration(window, qtbot, recorder):
    start(window, qtbot)
    open_exhibit(window, qtbot, "robot-training-ground")
    tap(window.exhibit.narration.listen_btn)
    heard(qtbot, recorder)
    # what the PIN pad's OK does (the secret gesture's corner is the Back button here)
    window.admin.enter()
    qtbot.wait_until(lambda: window.current == "admin")
    assert window.sound.state is PlayState.IDLE
    silent(qtbot, recorder)
