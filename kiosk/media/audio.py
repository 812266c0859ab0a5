"""Exhibit narrations: checked by decoding every frame, stored by sha256, written as Ogg/Opus.

A narration is ``exhibits/<slug>/audio/narration.<lang>.<ext>``, lang ``zh`` or ``en``, ext
``ogg``/``opus`` (Ogg Opus or Vorbis), ``mp3`` or ``wav``. Import decodes the whole file with
libsndfile (the ``soundfile`` package: Qt-free, 1.3 MB, and it also encodes Opus for
``kiosk narrate``) and refuses an undecodable, empty, silent or over-long file, naming it.

Stored as ``<media dir>/audio/<sha256>.<ext>``, byte for byte (export → import round-trips).
Files written by ``kiosk narrate`` carry ``synthesized`` in their comment tag, so admin can
tell curators to replace them with a recorded voice, wherever the file travels.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from kiosk.reasons import CodedError

LANGS = ("zh", "en")
EXTENSIONS = (".ogg", ".opus", ".oga", ".mp3", ".wav")
MAX_SECONDS = 15 * 60
SILENT_PEAK = 1e-4          # below this the whole file is silence (a failed recording)
NARRATION_RE = re.compile(r"^narration\.(?P<lang>[^.]+)\.(?P<ext>[A-Za-z0-9]+)$")
SYNTH_MARK = "synthesized"
OPUS_RATE = 24_000          # Opus takes 8/12/16/24/48 kHz; 24 kHz carries speech well
OPUS_COMPRESSION = 0.97     # libsndfile's 0 (best) .. 1 (smallest): about 15 kbit/s mono speech


class AudioError(CodedError):
    """This file cannot be a narration; the message names the file and the reason, ``code``
    the kind of problem (``audio.undecodable``…, see ``kiosk.reasons``)."""


@dataclasses.dataclass(frozen=True)
class AudioInfo:
    duration_s: float
    sample_rate: int
    channels: int
    format: str            # e.g. "OGG/OPUS", "MP3/MPEG_LAYER_III", "WAV/PCM_16"
    synthesized: bool


@dataclasses.dataclass(frozen=True)
class StoredAudio:
    sha256: str
    file: str              # relative to the media dir: audio/<sha256>.<ext>
    info: AudioInfo


def narration_lang(path: Path, *, name: str | None = None) -> str:
    """The language of ``narration.<lang>.<ext>``; AudioError for any other name."""
    shown = name or path.name
    m = NARRATION_RE.match(path.name)
    if not m:
        raise AudioError("audio.bad_name",
                         f"{shown}: a narration must be named narration.zh.<ext> or "
                         f"narration.en.<ext> (ogg, opus, mp3 or wav)")
    if m["lang"] not in LANGS:
        raise AudioError("audio.bad_name",
                         f"{shown}: unknown language {m['lang']!r} (use zh or en)")
    if "." + m["ext"].lower() not in EXTENSIONS:
        raise AudioError("audio.bad_name",
                         f"{shown}: .{m['ext']} is not an Ogg/Opus, MP3 or WAV file")
    return m["lang"]


def check_audio(path: Path, *, name: str | None = None) -> AudioInfo:
    """Decode every frame of ``path``; AudioError naming it when it is not a usable sound."""
    import numpy as np
    import soundfile

    shown = name or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AudioError("audio.unreadable", f"{shown}: cannot be read ({exc.strerror})") from exc
    if size == 0:
        raise AudioError("audio.empty", f"{shown}: empty file")
    frames = 0
    peak = 0.0
    try:
        with soundfile.SoundFile(str(path)) as f:
            rate, channels = f.samplerate, f.channels
            fmt = f"{f.format}/{f.subtype}"
            comment = f"{f.comment or ''} {f.title or ''}".lower()
            for block in f.blocks(blocksize=65536, dtype="float32", always_2d=True):
                frames += len(block)
                if len(block):
                    peak = max(peak, float(np.abs(block).max()))
                if frames > (MAX_SECONDS + 1) * rate:
                    break
    except (soundfile.LibsndfileError, RuntimeError, ValueError, TypeError) as exc:
        why = str(exc).split(": ", 1)[-1].split("\n")[0]
        if "does not exist" in why or "not a regular file" in why:
            why = "unknown or damaged format"  # libsndfile's words for an MP3 it cannot read
        raise AudioError("audio.undecodable",
                         f"{shown}: not a sound file we can play ({why})") from exc
    if frames == 0 or rate <= 0:
        raise AudioError("audio.empty", f"{shown}: holds no sound (0 s)")
    duration = frames / rate
    if duration > MAX_SECONDS:
        raise AudioError("audio.too_long", f"{shown}: longer than {MAX_SECONDS // 60} minutes "
                         f"({duration / 60:.0f} min); keep a narration short")
    if peak < SILENT_PEAK:
        raise AudioError("audio.silent", f"{shown}: silent from start to end")
    return AudioInfo(round(duration, 3), rate, channels, fmt, SYNTH_MARK in comment)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def import_audio(path: Path, *, media_dir: Path, name: str | None = None) -> StoredAudio:
    """Check ``path`` and store it by sha256 under ``media_dir/audio`` (atomic rename)."""
    info = check_audio(path, name=name)
    sha = _sha256(path)
    ext = path.suffix.lower()
    rel = f"audio/{sha}{ext}"
    dest = media_dir / rel
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, suffix=".part")
        os.close(fd)
        try:
            shutil.copyfile(path, tmp)
            os.replace(tmp, dest)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return StoredAudio(sha, rel, info)


def write_opus(path: Path, pcm: bytes, sample_rate: int, *, synthesized: bool = True,
               title: str = "") -> Path:
    """Mono 16-bit PCM to a compact Ogg/Opus file (resampled to 24 kHz), tagged as made."""
    import numpy as np
    import soundfile

    samples = np.frombuffer(pcm, "<i2").astype(np.float32) / 32768.0
    if sample_rate != OPUS_RATE and samples.size:
        n = round(samples.size * OPUS_RATE / sample_rate)
        samples = np.interp(np.arange(n) * (sample_rate / OPUS_RATE),
                            np.arange(samples.size), samples).astype(np.float32)
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with soundfile.SoundFile(str(tmp), "w", samplerate=OPUS_RATE, channels=1, format="OGG",
                             subtype="OPUS", compression_level=OPUS_COMPRESSION) as f:
        if title:
            f.title = title
        if synthesized:
            f.comment = f"{SYNTH_MARK} by kiosk narrate: replace with a recorded voice"
        f.write(samples)
    os.replace(tmp, path)
    return path
