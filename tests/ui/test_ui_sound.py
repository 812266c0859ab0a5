"""The kiosk's one sound output, heard on a real PulseAudio null sink."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from helpers.media import sine_wav
from helpers.pulse import Recorder

from kiosk import settings
from kiosk.ui.sound import PlayState, Sound

SOUND = 0.02     # RMS over the last 0.3 s: clearly a tone
SILENCE = 0.002  # and clearly none


def tone(path: Path, seconds: float = 4.0, amplitude: float = 0.5, freq: float = 440.0) -> Path:
    return sine_wav(path, seconds, freq=freq, amplitude=amplitude)




@pytest.fixture
def wav(tmp_path: Path) -> Path:
    return tone(tmp_path / "tone.wav")


def level_while(qtbot, rec: Recorder, seconds: float = 0.6) -> float:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    qtbot.wait(int(seconds * 1000))
    return rec.rms(start)


def test_play_is_heard_and_stop_silences(qtbot, recorder: Recorder, wav: Path) -> None:
    s = Sound(settings.defaults().with_overrides(audio__volume=100))
    with qtbot.wait_signal(s.started):
        assert s.play(wav)
    qtbot.wait_until(lambda: recorder.recent_rms() > SOUND, timeout=5000)
    assert s.state is PlayState.PLAYING
    with qtbot.wait_signal(s.finished) as fin:
        s.stop()
    assert fin.args == [str(wav), "stopped"]
    qtbot.wait_until(lambda: recorder.recent_rms(0.2) < SILENCE, timeout=3000)
    assert s.state is PlayState.IDLE


def test_volume_setting_changes_the_recorded_level(qtbot, recorder: Recorder, wav: Path) -> None:
    levels = {}
    for volume in (100, 25):
        s = Sound(settings.defaults().with_overrides(audio__volume=volume))
        s.play(wav)
        qtbot.wait_until(lambda: recorder.recent_rms(0.2) > SILENCE, timeout=5000)
        qtbot.wait(300)  # past the stream's ramp-up
        levels[volume] = level_while(qtbot, recorder, 0.5)
        s.stop()
        qtbot.wait_until(lambda: recorder.recent_rms(0.2) < SILENCE, timeout=3000)
        s.deleteLater()
    ratio = levels[100] / levels[25]
    assert 3.0 < ratio < 5.0, levels  # linear volume: a quarter of the amplitude


def test_switched_off_or_quiet_hours_make_no_sound(qtbot, recorder: Recorder, wav: Path) -> None:
    off = Sound(settings.defaults().with_overrides(audio__enabled=False))
    assert off.silenced and not off.play(wav)
    quiet = Sound(settings.defaults().with_overrides(audio__quiet_hours="12:00-13:30"),
                  clock=lambda: dt.time(12, 15))
    assert quiet.silenced and not quiet.play(wav)
    awake = Sound(settings.defaults().with_overrides(audio__quiet_hours="12:00-13:30"),
                  clock=lambda: dt.time(13, 30))
    assert not awake.silenced
    assert level_while(qtbot, recorder, 0.5) < SILENCE


def test_quiet_hours_beginning_stops_the_sound(qtbot, recorder: Recorder, wav: Path) -> None:
    now = [dt.time(11, 59)]
    s = Sound(settings.defaults().with_overrides(audio__quiet_hours="12:00-13:00"),
              clock=lambda: now[0])
    assert s.play(wav)
    qtbot.wait_until(lambda: recorder.recent_rms() > SOUND, timeout=5000)
    now[0] = dt.time(12, 0)
    with qtbot.wait_signal(s.silenced_changed) as sig:
        s._check_silenced()  # what the minute timer does
    assert sig.args == [True]
    assert s.state is PlayState.IDLE
    qtbot.wait_until(lambda: recorder.recent_rms(0.2) < SILENCE, timeout=3000)


def test_one_sound_at_a_time(qtbot, wav: Path, tmp_path: Path) -> None:
    s = Sound(settings.defaults())
    other = tone(tmp_path / "other.wav", freq=660)
    released: list[str] = []
    assert s.claim(lambda: released.append("video"))  # an unmuted video
    with qtbot.wait_signal(s.progress, timeout=5000):  # loaded and playing
        s.play(wav)
    assert released == ["video"]  # the narration took the sound over
    with qtbot.wait_signal(s.finished) as fin:
        s.play(other)
    assert fin.args == [str(wav), "stopped"]
    assert s.current == str(other)
    # (stopping while FFmpeg still opens a file cancels the open with a Qt warning: harmless
    # for visitors, but this test waits until it plays)
    qtbot.wait_until(lambda: s.position_ms() > 0, timeout=5000)
    assert s.claim(lambda: released.append("video2"))
    assert s.state is PlayState.IDLE
    s.stop()


def test_pause_resume_and_end(qtbot, recorder: Recorder, tmp_path: Path) -> None:
    short = tone(tmp_path / "short.wav", seconds=1.5)
    s = Sound(settings.defaults().with_overrides(audio__volume=100))
    s.play(short)
    qtbot.wait_until(lambda: recorder.recent_rms() > SOUND, timeout=5000)
    s.pause()
    assert s.state is PlayState.PAUSED
    qtbot.wait_until(lambda: recorder.recent_rms(0.2) < SILENCE, timeout=3000)
    with qtbot.wait_signal(s.finished, timeout=8000) as fin:
        s.resume()
        qtbot.wait_until(lambda: recorder.recent_rms(0.2) > SOUND, timeout=5000)
    assert fin.args == [str(short), "end"]
