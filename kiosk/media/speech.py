"""Offline text-to-speech for the kiosk, without Qt: narrations and read-aloud.

One interface, several engines::

    engine = engine_for("zh")              # None when no engine here speaks Mandarin
    speech = engine.synthesize("模速空间", "zh")
    speech.write_wav(path)                 # or speech.pcm / speech.sample_rate

Engines:

- ``espeak``: libespeak-ng 1.52 with its data from the ``espeakng-loader`` package, through
  ctypes (``AUDIO_OUTPUT_SYNCHRONOUS`` and a synth callback; Mandarin is the voice ``cmn``,
  English ``en``). Debian 12's own 1.51 cannot speak Mandarin, so the system library is never
  used. Robotic but intelligible; a recorded human voice should always replace it.
- ``windows``: the Windows voices (SAPI 5 through PowerShell's ``System.Speech``; e.g.
  "Microsoft Huihui Desktop" zh-CN and "Microsoft Zira Desktop" en-US). OneCore voices
  (Huihui/Yaoyao/Kangkang Mobile) show up in SAPI once a curator's PC has the zh-CN speech
  pack installed (Settings → Time & Language → Speech). Only on Windows.

Everything here is synchronous and may take a second or more: call it from an executor,
never on the UI thread. The espeak library has global state, so calls are serialized.
"""

from __future__ import annotations

import ctypes
import dataclasses
import io
import os
import subprocess
import sys
import tempfile
import threading
import wave
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

LANGS = ("zh", "en")


class SpeechError(Exception):
    """Speech could not be made; the message says which engine and why."""


@dataclasses.dataclass(frozen=True)
class Speech:
    """Mono signed 16-bit little-endian PCM."""

    pcm: bytes
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate

    def wav_bytes(self) -> bytes:
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.sample_rate)
            w.writeframes(self.pcm)
        return buf.getvalue()

    def write_wav(self, path: Path) -> Path:
        Path(path).write_bytes(self.wav_bytes())
        return Path(path)


@dataclasses.dataclass(frozen=True)
class EngineStatus:
    """One line of ``kiosk doctor``: is this engine usable here, for which languages."""

    name: str
    available: bool
    languages: tuple[str, ...]
    detail: str


class SpeechEngine(Protocol):
    name: str

    def status(self) -> EngineStatus: ...

    def voices(self, lang: str) -> list[str]: ...

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech: ...


# --- espeak-ng 1.52 via espeakng-loader ---------------------------------------------------

_AUDIO_OUTPUT_SYNCHRONOUS = 0x02
_ESPEAK_CHARS_UTF8 = 1
_ESPEAK_RATE = 1
_ESPEAK_VOLUME = 2
_POS_CHARACTER = 1
_SYNTH_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.c_void_p)
# espeak voice names per kiosk language; the first is the default
ESPEAK_VOICES: dict[str, tuple[str, ...]] = {"zh": ("cmn", "cmn-latn-pinyin"),
                                             "en": ("en", "en-us", "en-gb")}
# words per minute: a calm guide's pace (espeak's default 175 is hurried for a hall)
ESPEAK_RATE: dict[str, int] = {"zh": 150, "en": 160}
# the data folders espeak needs for our two languages (the frozen build carries only these)
ESPEAK_DATA_KEEP = ("phondata", "phondata-manifest", "phonindex", "phontab", "intonations",
                    "cmn_dict", "en_dict", "lang/sit/cmn", "lang/sit/cmn-Latn-pinyin",
                    "lang/gmw/en", "lang/gmw/en-US", "lang/gmw/en-GB-x-rp", "voices")


class EspeakEngine:
    """libespeak-ng 1.52 from the espeakng-loader wheel (Linux and Windows), via ctypes."""

    name = "espeak"
    _lock = threading.Lock()

    def __init__(self, library: Path | None = None, data: Path | None = None):
        self._library = library
        self._data = data
        self._lib: ctypes.CDLL | None = None
        self._rate = 0
        self._error = ""

    def _paths(self) -> tuple[Path, Path]:
        if self._library is not None and self._data is not None:
            return self._library, self._data
        import espeakng_loader

        lib = Path(espeakng_loader.get_library_path())
        data = Path(espeakng_loader.get_data_path())
        return self._library or lib, self._data or data

    def _load(self) -> ctypes.CDLL:
        if self._lib is not None:
            return self._lib
        if self._error:
            raise SpeechError(self._error)
        try:
            lib_path, data = self._paths()
            lib = ctypes.CDLL(str(lib_path))
            lib.espeak_Initialize.restype = ctypes.c_int
            lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p,
                                              ctypes.c_int]
            lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
            lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
            lib.espeak_SetSynthCallback.argtypes = [_SYNTH_CB]
            lib.espeak_SetSynthCallback.restype = None
            lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint,
                                         ctypes.c_int, ctypes.c_uint, ctypes.c_uint,
                                         ctypes.c_void_p, ctypes.c_void_p]
            # the path is the folder that *contains* espeak-ng-data
            rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0,
                                         os.fsencode(Path(data).parent), 0)
        except (ImportError, OSError, RuntimeError, AttributeError) as exc:
            self._error = f"espeak: cannot load libespeak-ng ({exc})"
            raise SpeechError(self._error) from exc
        if rate <= 0:
            self._error = f"espeak: espeak_Initialize failed (data {data})"
            raise SpeechError(self._error)
        self._lib, self._rate = lib, rate
        return lib

    def status(self) -> EngineStatus:
        try:
            with self._lock:
                self._load()
        except SpeechError as exc:
            return EngineStatus(self.name, False, (), str(exc))
        langs = tuple(lang for lang in LANGS if self._has_voice(lang))
        return EngineStatus(self.name, bool(langs), langs,
                            f"libespeak-ng at {self._rate} Hz, voices {', '.join(langs) or 'none'}")

    def _has_voice(self, lang: str) -> bool:
        _, data = self._paths()
        dicts = {"zh": "cmn_dict", "en": "en_dict"}
        return (Path(data) / dicts[lang]).is_file()

    def voices(self, lang: str) -> list[str]:
        return list(ESPEAK_VOICES.get(lang, ()))

    def _voice_exists(self, name: str) -> bool:
        # espeak_SetVoiceByName quietly keeps the last voice for an unknown name; a voice is
        # a file under lang/ (``en-us`` is lang/gmw/en-US), a variant (``+f3``) one under voices/
        base, _, variant = name.partition("+")
        _, data = self._paths()
        langs = {p.name.lower() for p in (Path(data) / "lang").rglob("*") if p.is_file()}
        if base.lower() not in langs:
            return False
        return not variant or (Path(data) / "voices" / "!v" / variant).is_file()

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech:
        if lang not in ESPEAK_VOICES:
            raise SpeechError(f"espeak: no voice for language {lang!r}")
        name = voice or ESPEAK_VOICES[lang][0]
        chunks: list[bytes] = []

        def on_audio(wav: ctypes._Pointer[ctypes.c_short] | None, n: int,
                     _events: int | None) -> int:
            if wav and n > 0:
                chunks.append(ctypes.string_at(wav, n * 2))
            return 0  # 0 = go on

        callback = _SYNTH_CB(on_audio)
        data = text.encode("utf-8") + b"\0"
        if not self._voice_exists(name):
            raise SpeechError(f"espeak: unknown voice {name!r}")
        with self._lock:
            lib = self._load()
            if lib.espeak_SetVoiceByName(name.encode()) != 0:
                raise SpeechError(f"espeak: unknown voice {name!r}")
            lib.espeak_SetParameter(_ESPEAK_RATE, ESPEAK_RATE.get(lang, 160), 0)
            lib.espeak_SetSynthCallback(callback)
            err = lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _ESPEAK_CHARS_UTF8,
                                   None, None)
            lib.espeak_Synchronize()
        if err != 0:
            raise SpeechError(f"espeak: espeak_Synth failed with code {err}")
        pcm = b"".join(chunks)
        if not pcm:
            raise SpeechError("espeak: no audio produced (empty text?)")
        return Speech(pcm, self._rate)


# --- Windows voices (SAPI 5 via PowerShell System.Speech) -------------------------------------

# culture per kiosk language; SelectVoiceByHints falls back to any voice if none matches, so
# the script checks the chosen voice's culture and fails instead of reading Chinese in English
WINDOWS_CULTURES = {"zh": "zh-CN", "en": "en-US"}
Runner = Callable[[Sequence[str], str], "subprocess.CompletedProcess[str]"]

_PS_SCRIPT = r"""
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
$culture = New-Object System.Globalization.CultureInfo('{culture}')
$voice = '{voice}'
if ($voice) {{ $s.SelectVoice($voice) }} else {{
  $v = $s.GetInstalledVoices($culture) | Where-Object {{ $_.Enabled }} | Select-Object -First 1
  if (-not $v) {{ [Console]::Error.WriteLine('no voice for {culture}'); exit 3 }}
  $s.SelectVoice($v.VoiceInfo.Name)
}}
$s.Rate = -1
$s.SetOutputToWaveFile('{out}')
$s.Speak([Console]::In.ReadToEnd())
$s.Dispose()
"""

_PS_LIST = r"""
Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
$s.GetInstalledVoices() | Where-Object { $_.Enabled } | ForEach-Object {
  $_.VoiceInfo.Culture.Name + "`t" + $_.VoiceInfo.Name }
"""


def _powershell(args: Sequence[str], stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), input=stdin, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)


class WindowsEngine:
    """The voices installed in Windows, through PowerShell (no extra Python package)."""

    name = "windows"

    def __init__(self, runner: Runner | None = None, *, platform: str | None = None):
        self._run = runner or _powershell
        self._platform = platform or sys.platform

    def _ps(self, script: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return self._run(["powershell", "-NoProfile", "-NonInteractive", "-Command", script],
                         stdin)

    def _installed(self) -> list[tuple[str, str]]:
        if self._platform != "win32":
            return []
        try:
            out = self._ps(_PS_LIST)
        except (OSError, subprocess.SubprocessError):
            return []
        rows = [ln.split("\t", 1) for ln in out.stdout.splitlines() if "\t" in ln]
        return [(c.strip(), n.strip()) for c, n in rows]

    def voices(self, lang: str) -> list[str]:
        culture = WINDOWS_CULTURES.get(lang, "").lower()
        return [n for c, n in self._installed() if c.lower() == culture]

    def status(self) -> EngineStatus:
        if self._platform != "win32":
            return EngineStatus(self.name, False, (), "Windows voices: not on Windows")
        installed = self._installed()
        langs = tuple(lang for lang in LANGS
                      if any(c.lower() == WINDOWS_CULTURES[lang].lower() for c, _ in installed))
        names = ", ".join(n for _, n in installed) or "none"
        return EngineStatus(self.name, bool(langs), langs, f"Windows voices: {names}")

    def synthesize(self, text: str, lang: str, voice: str | None = None) -> Speech:
        if self._platform != "win32":
            raise SpeechError("windows: the Windows voices exist only on Windows")
        culture = WINDOWS_CULTURES.get(lang)
        if culture is None:
            raise SpeechError(f"windows: no voice for language {lang!r}")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "speech.wav"
            script = _PS_SCRIPT.format(culture=culture, voice=(voice or "").replace("'", "''"),
                                       out=str(out).replace("'", "''"))
            try:
                res = self._ps(script, text)
            except (OSError, subprocess.SubprocessError) as exc:
                raise SpeechError(f"windows: PowerShell failed ({exc})") from exc
            if res.returncode != 0 or not out.is_file():
                why = (res.stderr or "").strip().splitlines()[-1:] or [f"exit {res.returncode}"]
                raise SpeechError(f"windows: {why[0]}")
            return read_wav(out.read_bytes())


def read_wav(data: bytes) -> Speech:
    """A 16-bit WAV (mono or stereo, stereo mixed down) as Speech."""
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            if w.getsampwidth() != 2:
                raise SpeechError(f"expected 16-bit audio, got {w.getsampwidth() * 8}-bit")
            frames = w.readframes(w.getnframes())
            rate, channels = w.getframerate(), w.getnchannels()
    except (wave.Error, EOFError) as exc:
        raise SpeechError(f"not a WAV file ({exc})") from exc
    if channels > 1:
        import numpy as np

        pcm = np.frombuffer(frames, "<i2").reshape(-1, channels).mean(axis=1)
        frames = pcm.astype("<i2").tobytes()
    return Speech(frames, rate)


# --- choosing ---------------------------------------------------------------------------

_ENGINES: list[SpeechEngine] | None = None


def engines() -> list[SpeechEngine]:
    """Every engine this build knows, best first (on Windows its own voices sound better)."""
    global _ENGINES
    if _ENGINES is None:
        found: list[SpeechEngine] = [EspeakEngine()]
        if sys.platform == "win32":
            found.insert(0, WindowsEngine())
        _ENGINES = found
    return _ENGINES


def engine_for(lang: str, name: str | None = None) -> SpeechEngine | None:
    """The first available engine speaking ``lang`` (``name``: only that engine)."""
    for engine in engines():
        if name is not None and engine.name != name:
            continue
        st = engine.status()
        if st.available and lang in st.languages:
            return engine
    return None


def synthesize(text: str, lang: str, voice: str | None = None,
               engine: str | None = None) -> Speech:
    """Speak ``text`` in ``lang`` with the best engine here; SpeechError when none can."""
    found = engine_for(lang, engine)
    if found is None:
        raise SpeechError(f"no speech engine for {lang!r} here"
                          + (f" (asked for {engine!r})" if engine else ""))
    return found.synthesize(text, lang, voice)


def report() -> list[EngineStatus]:
    """Availability of every engine, for ``kiosk doctor``."""
    return [e.status() for e in engines()]
