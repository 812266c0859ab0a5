"""The speech seam: real espeak-ng 1.52 for both languages, the Windows engine with a fake
PowerShell (Windows cannot run here), quiet hours."""

from __future__ import annotations

import datetime as dt
import subprocess
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from kiosk.media import quiet_hours, speech


def _rms(s: speech.Speech) -> float:
    a = np.frombuffer(s.pcm, "<i2").astype(float) / 32768
    return float(np.sqrt(np.mean(a * a)))


@pytest.mark.parametrize(("lang", "text"), [("zh", "全自动滴定机器人正在工作。"),
                                            ("en", "The titration robot is working.")])
def test_espeak_speaks_both_languages(lang: str, text: str, tmp_path: Path) -> None:
    engine = speech.engine_for(lang)
    assert engine is not None and engine.name == "espeak"
    s = engine.synthesize(text, lang)
    assert s.sample_rate == 22050
    assert 1.0 < s.duration_s < 8.0
    assert _rms(s) > 0.03
    out = s.write_wav(tmp_path / f"{lang}.wav")
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)


def test_mandarin_is_not_spelled_as_english() -> None:
    # espeak 1.51 falls back to English and spells pinyin letters: far longer audio
    zh = speech.synthesize("天气很好", "zh")
    spelled = speech.synthesize("tian qi hen hao", "en")
    assert zh.duration_s < spelled.duration_s * 1.5
    assert zh.duration_s < 2.5


def test_report_lists_every_engine() -> None:
    rows = {r.name: r for r in speech.report()}
    assert rows["espeak"].available and rows["espeak"].languages == ("zh", "en")


def test_unknown_voice_and_language_are_refused() -> None:
    engine = speech.EspeakEngine()
    with pytest.raises(speech.SpeechError, match="unknown voice 'klingon'"):
        engine.synthesize("hello", "en", voice="klingon")
    with pytest.raises(speech.SpeechError, match="no voice for language 'fr'"):
        engine.synthesize("bonjour", "fr")


def test_missing_library_is_reported_not_raised(tmp_path: Path) -> None:
    engine = speech.EspeakEngine(library=tmp_path / "nope.so", data=tmp_path)
    st = engine.status()
    assert not st.available and "cannot load libespeak-ng" in st.detail


class FakePowerShell:
    """Stands in for powershell.exe: answers the voice list, writes the WAV it is asked for."""

    VOICES = "zh-CN\tMicrosoft Huihui Desktop\nen-US\tMicrosoft Zira Desktop\n"

    def __init__(self, voices: str = VOICES):
        self.voices = voices
        self.calls: list[tuple[list[str], str]] = []

    def __call__(self, args: Sequence[str], stdin: str) -> subprocess.CompletedProcess[str]:
        self.calls.append((list(args), stdin))
        script = args[-1]
        if "GetInstalledVoices()" in script:
            return subprocess.CompletedProcess(args, 0, self.voices, "")
        out = script.split("SetOutputToWaveFile('")[1].split("')")[0]
        s = speech.Speech(np.zeros(16000, "<i2").tobytes(), 16000)
        s.write_wav(Path(out))
        return subprocess.CompletedProcess(args, 0, "", "")


def test_windows_engine_through_powershell() -> None:
    ps = FakePowerShell()
    engine = speech.WindowsEngine(ps, platform="win32")
    st = engine.status()
    assert st.available and st.languages == ("zh", "en")
    assert engine.voices("zh") == ["Microsoft Huihui Desktop"]
    s = engine.synthesize("你好", "zh")
    assert s.sample_rate == 16000 and s.duration_s == 1.0
    args, stdin = ps.calls[-1]
    assert args[:2] == ["powershell", "-NoProfile"]
    assert "CultureInfo('zh-CN')" in args[-1] and stdin == "你好"  # text never in the script


def test_windows_engine_elsewhere_is_unavailable() -> None:
    engine = speech.WindowsEngine(FakePowerShell(), platform="linux")
    assert not engine.status().available
    with pytest.raises(speech.SpeechError, match="only on Windows"):
        engine.synthesize("hi", "en")


def test_windows_engine_without_a_voice_says_so() -> None:
    def no_voice(args: Sequence[str], stdin: str) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(args, 3, "", "no voice for zh-CN\n")

    with pytest.raises(speech.SpeechError, match="no voice for zh-CN"):
        speech.WindowsEngine(no_voice, platform="win32").synthesize("你好", "zh")


@pytest.mark.parametrize(("text", "now", "quiet"), [
    ("12:00-13:30", dt.time(12, 0), True), ("12:00-13:30", dt.time(13, 30), False),
    ("12:00-13:30", dt.time(11, 59), False), ("22:00-07:00", dt.time(23, 0), True),
    ("22:00-07:00", dt.time(6, 59), True), ("22:00-07:00", dt.time(7, 0), False),
    ("09:00-10:00, 14:00-15:00", dt.time(14, 30), True), ("", dt.time(12, 0), False),
])
def test_quiet_hours(text: str, now: dt.time, quiet: bool) -> None:
    assert quiet_hours.is_quiet(quiet_hours.parse(text), now) is quiet


@pytest.mark.parametrize("bad", ["noon", "12-13", "25:00-26:00", "12:00-12:00", "12:60-13:00"])
def test_bad_quiet_hours_name_the_part(bad: str) -> None:
    with pytest.raises(ValueError, match=r"12|noon|25"):
        quiet_hours.parse(f"09:00-10:00,{bad}")
