"""Gallery videos: checked by decoding, their poster made, stored by sha256.

MP4 (H.264/AAC) and WebM (VP9/Opus) at least: whatever Qt's FFmpeg plays. The check runs
``kiosk media-probe`` in a child process, i.e. the very decoder that plays the video later,
offscreen: its first frames are decoded (the poster), duration and size read, and a frame
close to the end decoded too, so a truncated file is refused. A Qt-free decoder in this
process (PyAV) would add about 100 MB to the kiosk folder (README, Sound and video).

Stored as ``<media dir>/video/<sha256>.<ext>``, byte for byte; the poster goes through the
image pipeline (``kiosk.media.images``) like any photo: display rendition and thumbnail.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.reasons import CodedError

if TYPE_CHECKING:
    from kiosk.media.images import StoredImage

EXTENSIONS = (".mp4", ".m4v", ".webm", ".mov")
MAX_SECONDS = 15 * 60
MAX_BYTES = 500 * 1024 * 1024
PROBE_TIMEOUT_S = 60


class VideoError(CodedError):
    """This file cannot be a gallery video; the message names the file and the reason,
    ``code`` the kind of problem (``video.undecodable``…, see ``kiosk.reasons``)."""


@dataclasses.dataclass(frozen=True)
class VideoInfo:
    duration_s: float
    width: int
    height: int
    has_audio: bool


@dataclasses.dataclass(frozen=True)
class StoredVideo:
    sha256: str
    file: str               # relative to the media dir: video/<sha256>.<ext>
    info: VideoInfo
    poster: StoredImage


Prober = Callable[[Path, Path], dict[str, Any]]


def probe_command() -> list[str]:
    """How to run ``kiosk media-probe`` from here: the frozen binary, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "media-probe"]
    return [sys.executable, "-m", "kiosk", "media-probe"]


def subprocess_prober(video: Path, poster: Path) -> dict[str, Any]:
    """Run the probe in a child process; its last stdout line is the JSON result."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # no console flashing up on Windows
    try:
        res = subprocess.run([*probe_command(), str(video), str(poster)], capture_output=True,
                             text=True, timeout=PROBE_TIMEOUT_S, env=env, check=False,
                             creationflags=flags)
    except subprocess.TimeoutExpired:
        return {"ok": False, "error": f"decoding took over {PROBE_TIMEOUT_S} s"}
    except OSError as exc:
        return {"ok": False, "error": f"the video decoder cannot start ({exc})"}
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        tail = (res.stderr.strip().splitlines() or [f"exit {res.returncode}"])[-1]
        return {"ok": False, "error": f"the video decoder failed ({tail[:200]})"}
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def check_video(path: Path, poster: Path, *, name: str | None = None,
                prober: Prober | None = None) -> VideoInfo:
    """Decode ``path`` (first frames, last frames), write its poster PNG to ``poster``."""
    shown = name or str(path)
    if path.suffix.lower() not in EXTENSIONS:
        raise VideoError("video.not_video", f"{shown}: not an .mp4 or .webm video")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise VideoError("video.unreadable", f"{shown}: cannot be read ({exc.strerror})") from exc
    if size == 0:
        raise VideoError("video.empty", f"{shown}: empty file")
    if size > MAX_BYTES:
        raise VideoError("video.too_big",
                         f"{shown}: {size // 2**20} MB is over {MAX_BYTES // 2**20} MB")
    result = (prober or subprocess_prober)(path, poster)
    if not result.get("ok"):
        raise VideoError("video.undecodable",
                         f"{shown}: not a video we can play ({result.get('error', '?')})")
    duration = result.get("duration_ms", 0) / 1000
    if duration > MAX_SECONDS:
        raise VideoError("video.too_long", f"{shown}: longer than {MAX_SECONDS // 60} minutes")
    if not poster.is_file():
        raise VideoError("video.undecodable", f"{shown}: no poster picture could be made")
    return VideoInfo(round(duration, 3), int(result["width"]), int(result["height"]),
                     bool(result.get("has_audio")))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def import_video(path: Path, *, media_dir: Path, name: str | None = None,
                 prober: Prober | None = None) -> StoredVideo:
    """Check ``path``, store it by sha256 under ``media_dir/video``, its poster as an image."""
    from kiosk.media.images import ImageError, import_image

    shown = name or str(path)
    with tempfile.TemporaryDirectory(prefix="kiosk-video-") as tmp:
        poster_png = Path(tmp) / "poster.png"
        info = check_video(path, poster_png, name=shown, prober=prober)
        try:
            poster = import_image(poster_png, media_dir=media_dir, name=f"{shown} (poster)")
        except ImageError as exc:
            raise VideoError(exc.code, str(exc)) from exc
    sha = _sha256(path)
    rel = f"video/{sha}{path.suffix.lower()}"
    dest = media_dir / rel
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=dest.parent, suffix=".part")
        os.close(fd)
        try:
            shutil.copyfile(path, part)
            os.replace(part, dest)
        finally:
            if os.path.exists(part):
                os.unlink(part)
    return StoredVideo(sha, rel, info, poster)
