"""Small media files made on the spot for tests and the bench: WAV tones, videos (PyAV)."""

from __future__ import annotations

import math
import wave
from fractions import Fraction
from pathlib import Path

import numpy as np


def sine_wav(path: Path, seconds: float, *, freq: float = 440.0, amplitude: float = 0.5,
             rate: int = 48_000) -> Path:
    """A mono 16-bit WAV of a sine tone (``amplitude`` 0: silence of that length)."""
    t = np.arange(int(rate * seconds)) / rate
    pcm = (amplitude * 32767 * np.sin(2 * math.pi * freq * t)).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return path


def video(out: Path, *, size: tuple[int, int] = (320, 180), seconds: float = 2.0,
          fps: int = 25, codec: str = "libx264", tone_hz: float | None = None,
          audio_codec: str = "aac") -> Path:
    """Moving colour bars (and a sine tone when ``tone_hz``): MP4 H.264/AAC or WebM VP9/Opus."""
    import av

    w, h = size
    with av.open(str(out), "w") as c:
        vs = c.add_stream(codec, rate=fps)
        vs.width, vs.height, vs.pix_fmt = w, h, "yuv420p"
        if codec == "libx264":
            vs.options = {"preset": "ultrafast", "crf": "30"}
        else:
            vs.options = {"deadline": "realtime", "cpu-used": "8", "crf": "40", "b": "0"}
        a_s = None
        if tone_hz:
            rate = 48_000
            a_s = c.add_stream(audio_codec, rate=rate)
            a_s.layout = "mono"
        n = int(seconds * fps)
        x = np.arange(w)
        for i in range(n):
            img = np.zeros((h, w, 3), np.uint8)
            img[:, :, 0] = ((x + i * 7) % 256)[None, :]
            img[:, :, 1] = 90
            img[:, :, 2] = ((x * 2 - i * 5) % 256)[None, :]
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = i
            frame.time_base = Fraction(1, fps)
            for p in vs.encode(frame):
                c.mux(p)
        for p in vs.encode():
            c.mux(p)
        if a_s is not None:
            total = int(seconds * 48_000)
            t = np.arange(total) / 48_000
            pcm = (0.4 * np.sin(2 * math.pi * float(tone_hz) * t)).astype(np.float32)
            step = 1024 if audio_codec == "aac" else 960
            for k in range(0, total - step, step):
                af = av.AudioFrame.from_ndarray(pcm[None, k:k + step], format="fltp",
                                                layout="mono")
                af.sample_rate = 48_000
                af.pts = k
                for p in a_s.encode(af):
                    c.mux(p)
            for p in a_s.encode():
                c.mux(p)
    return out
