"""Videos in the gallery and the attract loop: the seed video plays; sound only when a
visitor unmutes it, one sound at a time; a video that fails is skipped, never a black screen."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from helpers.media import video
from helpers.touch import swipe, tap
from helpers.visitor import open_exhibit, start

SOUND = 0.01
SILENCE = 0.001


def frames_grow(qtbot, player, more: int = 5) -> None:
    start_n = player.frames
    qtbot.wait_until(lambda: player.frames >= start_n + more, timeout=8000)


def to_video(window, qtbot):  # type: ignore[no-untyped-def]
    g = open_exhibit(window, qtbot, "titration-robot")
    idx = next(i for i, m in enumerate(window.exhibit.exhibit.media) if m.kind == "video")
    g.set_index(idx)
    qtbot.wait_until(lambda: g.video is not None and g.video.playing, timeout=5000)
    return g


def test_seed_video_plays_muted_and_pauses_when_swiped_away(window, qtbot, recorder) -> None:
    start(window, qtbot)
    g = to_video(window, qtbot)
    player = g.video
    frames_grow(qtbot, player)
    assert player.muted and player.image is not None and player.image.width() == 960
    w, h = g.width(), g.height()
    swipe(g, g.rect().center(), g.rect().center() - type(g.rect().center())(int(w * 0.5), 0))
    qtbot.wait_until(lambda: g.index != g._videos and g.video is None, timeout=3000)
    assert not player.playing
    n = player.frames
    qtbot.wait(400)
    assert player.frames == n  # paused: no new pictures
    assert h > 0


def test_unmute_is_heard_and_listen_takes_the_sound_over(window, qtbot, recorder, tmp_path):
    start(window, qtbot)
    g = to_video(window, qtbot)
    tone = video(tmp_path / "tone.mp4", tone_hz=440, seconds=4)
    g.set_videos({g.index: (tone, 4000)})
    qtbot.wait_until(lambda: g.video.path == tone and g.video.frames > 3, timeout=5000)
    qtbot.wait(500)
    assert recorder.recent_rms(0.4) < SILENCE  # muted
    button = g._sound_button()
    assert g.sound_button_text() == "打开声音"
    tap(g, button.center().toPoint())
    assert not g.video.muted and g.sound_button_text() == "关闭声音"
    qtbot.wait_until(lambda: recorder.recent_rms(0.4) > SOUND, timeout=5000)
    tap(window.exhibit.narration.listen_btn)  # the narration: the video falls silent
    assert g.video.muted and g.video.playing
    qtbot.wait_until(lambda: window.sound.position_ms() > 500, timeout=5000)
    tap(g, button.center().toPoint())  # and unmuting the video again stops the narration
    assert window.exhibit.narration.listen_btn.isVisible()
    window.return_to_attract()  # the idle reset: all quiet
    assert g.video is None or g.video.muted
    qtbot.wait_until(lambda: recorder.recent_rms(0.3) < SILENCE, timeout=5000)


@pytest.mark.qt_log_ignore("Could not open media")
def test_a_video_failing_at_run_time_shows_its_poster(window, qtbot, caplog, tmp_path):
    start(window, qtbot)
    g = to_video(window, qtbot)
    bad = tmp_path / "gone.mp4"
    bad.write_bytes(b"\0" * 1000)
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.video"):
        g.set_videos({g.index: (bad, 4000)})
        qtbot.wait_until(lambda: g.video.has_failed, timeout=5000)
    assert "gone.mp4 skipped" in caplog.text
    img = g.grab().toImage()
    c = img.pixelColor(img.width() // 4, img.height() // 2)
    assert max(c.red(), c.green(), c.blue()) > 20  # the poster, not black
    assert g._sound_button().isEmpty()  # no unmute button on a dead video


@pytest.mark.qt_log_ignore("Could not open media")
def test_attract_loop_plays_the_seed_video_and_skips_a_broken_one(window, qtbot, caplog) -> None:
    att = window.attract
    slides = att._slides()
    vid = next(i for i, (_e, m) in enumerate(slides) if m.kind == "video")
    att.index = vid - 1
    att.advance()
    qtbot.wait_until(lambda: att.video is not None and att.video.frames > 5, timeout=8000)
    assert att.video.muted and not att._rotate.isActive()  # the video holds the loop
    img = att.grab().toImage()
    c = img.pixelColor(img.width() // 2, img.height() // 3)
    assert max(c.red(), c.green(), c.blue()) > 10
    # the file breaks on disk: the loop logs it, moves on and leaves it out from then on
    path = Path(att.video.path)
    path.write_bytes(b"\0" * 100)
    att.video.close()
    att.index = vid - 1
    with caplog.at_level(logging.WARNING, logger="kiosk.ui.video"):
        att.advance()
        qtbot.wait_until(lambda: str(path) in att._failed, timeout=8000)
    assert att.current_slide()[1].kind == "image" and att._rotate.isActive()
    assert all(m.kind == "image" for _e, m in att._slides())
