"""``kiosk media-probe VIDEO POSTER.png``: decode a video with the very decoder that will play
it (QtMultimedia's FFmpeg), offscreen, and print one JSON line.

The Qt-free core (``kiosk.media.video``) runs this as a child process: a Qt-free decoder of
its own (PyAV) would add about 100 MB to the kiosk folder, while Qt's FFmpeg is already in it
for playback. The first frames are decoded (the last of them becomes the poster), then the
player seeks close to the end and must decode a frame there too, so a truncated file fails.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

FIRST_FRAMES = 3
TIMEOUT_MS = 20_000


def probe(video: Path, poster: Path, *, timeout_ms: int = TIMEOUT_MS) -> dict[str, Any]:
    from PySide6.QtCore import QEventLoop, QTimer, QUrl
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink

    from kiosk.ui.multimedia import settle_disconnect_notify

    app = QGuiApplication.instance() or QGuiApplication(["kiosk-media-probe"])
    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)  # no audio output: the probe is silent
    settle_disconnect_notify(player, sink)
    loop = QEventLoop()
    out: dict[str, Any] = {"ok": False, "frames": 0, "end_ok": False}
    phase = ["start"]

    def fail(why: str) -> None:
        if "error" not in out:
            out["error"] = why
        loop.quit()

    def on_frame(frame: QVideoFrame) -> None:
        try:
            take_frame(frame)
        except Exception as exc:  # a slot's exception would only be printed: fail instead
            fail(f"{type(exc).__name__}: {exc}")

    def take_frame(frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        if phase[0] == "start":
            out["frames"] += 1
            if out["frames"] >= FIRST_FRAMES:
                image = frame.toImage()
                saved = image.save(str(poster), "PNG")  # type: ignore[call-overload]
                if image.isNull() or not saved:
                    fail("the first frames cannot be converted to a picture")
                    return
                out["width"], out["height"] = image.width(), image.height()
                duration = player.duration()
                if duration <= 0:
                    fail("no duration")
                    return
                phase[0] = "end"
                out["seek_ms"] = max(0, duration - 400)
                player.setPosition(out["seek_ms"])
        elif phase[0] == "end" and frame.startTime() // 1000 >= out["seek_ms"] - 600:
            out["end_ok"] = True
            loop.quit()

    def on_status(status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.InvalidMedia:
            fail(player.errorString() or "not a video we can play")
        elif status == QMediaPlayer.MediaStatus.EndOfMedia:
            if phase[0] == "start":
                fail(f"only {out['frames']} frame(s) could be decoded")
            else:
                out["end_ok"] = out["frames"] >= FIRST_FRAMES
                loop.quit()
        elif status == QMediaPlayer.MediaStatus.LoadedMedia and not player.hasVideo():
            fail("no video stream")

    sink.videoFrameChanged.connect(on_frame)
    player.mediaStatusChanged.connect(on_status)
    player.errorOccurred.connect(lambda _e, msg: fail(msg or "decoder error"))
    QTimer.singleShot(timeout_ms, lambda: fail(f"no picture within {timeout_ms // 1000} s"))
    player.setSource(QUrl.fromLocalFile(str(video)))
    player.play()
    loop.exec()
    out["duration_ms"] = int(player.duration())
    out["has_audio"] = bool(player.hasAudio())
    player.stop()
    if "error" not in out:
        if not out["end_ok"]:
            out["error"] = "the end of the video cannot be decoded (truncated?)"
        else:
            out["ok"] = True
    del app
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: kiosk media-probe VIDEO POSTER.png", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    result = probe(Path(argv[0]), Path(argv[1]))
    print(json.dumps(result))
    return 0 if result["ok"] else 1
