"""Narrations and videos decoded for real: the seed's, and bad files refused by name, with
the database untouched. Videos are decoded by ``kiosk media-probe`` (Qt) in a child process;
this process never imports Qt."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from helpers.media import sine_wav

from kiosk.content import seed as seeding
from kiosk.content import store
from kiosk.content.loader import ContentError, load_content
from kiosk.media import audio, video
from kiosk.media.images import import_image

REPO = Path(__file__).resolve().parents[3]
SEED = REPO / "content"
SEED_VIDEO = SEED / "exhibits" / "titration-robot" / "titration.mp4"


def _wav(path: Path, seconds: float, *, amplitude: float = 0.3, rate: int = 8000) -> Path:
    return sine_wav(path, seconds, freq=300, amplitude=amplitude, rate=rate)


@pytest.mark.parametrize("path", sorted(SEED.glob("exhibits/*/audio/narration.*")),
                         ids=lambda p: f"{p.parent.parent.name}-{p.name}")
def test_every_seed_narration_decodes(path: Path) -> None:
    info = audio.check_audio(path)
    assert 30 < info.duration_s < audio.MAX_SECONDS
    assert info.format == "OGG/OPUS" and info.synthesized  # made by kiosk narrate
    assert audio.narration_lang(path) in ("zh", "en")


def test_the_seed_has_both_narrations_for_every_exhibit() -> None:
    content = load_content(SEED)
    for ex in content.exhibits:
        assert [n.lang for n in ex.record.narrations] == ["zh", "en"], ex.slug


def test_the_seed_video_decodes_with_its_poster(tmp_path: Path) -> None:
    poster = tmp_path / "poster.png"
    info = video.check_video(SEED_VIDEO, poster)
    assert (info.width, info.height) == (960, 540) and 9.5 < info.duration_s < 10.5
    stored = import_image(poster, media_dir=tmp_path / "media")
    assert stored.width == 960
    assert SEED_VIDEO.stat().st_size < 400_000


def test_opus_writer_round_trip(tmp_path: Path) -> None:
    pcm = (0.3 * 32767 * np.sin(np.arange(22050 * 2) / 22050 * 2 * math.pi * 220)).astype("<i2")
    out = audio.write_opus(tmp_path / "narration.en.ogg", pcm.tobytes(), 22050)
    info = audio.check_audio(out)
    assert info.sample_rate == audio.OPUS_RATE and info.synthesized
    assert 1.9 < info.duration_s < 2.1
    assert out.stat().st_size < 8000  # about 15 kbit/s


@pytest.mark.parametrize(("name", "data", "why"), [
    ("garbage.ogg", bytes(range(256)) * 40, "not a sound file we can play"),
    ("notes.mp3", "这不是声音 — just text\n".encode() * 50, "not a sound file we can play"),
    ("empty.wav", b"", "empty file"),
])
def test_bad_audio_is_refused_by_name(tmp_path: Path, name: str, data: bytes, why: str) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(audio.AudioError, match=rf"{name}: {why}"):
        audio.check_audio(tmp_path / name, name=name)


def test_silent_and_over_long_audio_are_refused(tmp_path: Path) -> None:
    with pytest.raises(audio.AudioError, match=r"quiet\.wav: silent"):
        audio.check_audio(_wav(tmp_path / "quiet.wav", 2, amplitude=0), name="quiet.wav")
    with pytest.raises(audio.AudioError, match=r"long\.wav: longer than 15 minutes"):
        audio.check_audio(_wav(tmp_path / "long.wav", 15 * 60 + 5, rate=4000), name="long.wav")


@pytest.mark.parametrize(("name", "why"), [
    ("narration.fr.ogg", "unknown language 'fr'"),
    ("narration.cn.mp3", "unknown language 'cn'"),
    ("narration.ogg", "must be named narration.zh"),
    ("guide.en.ogg", "must be named narration.zh"),
    ("narration.en.flac", "not an Ogg/Opus, MP3 or WAV"),
])
def test_wrong_narration_names(name: str, why: str) -> None:
    with pytest.raises(audio.AudioError, match=why):
        audio.narration_lang(Path(name))


def test_bad_videos_are_refused_by_name(tmp_path: Path) -> None:
    data = SEED_VIDEO.read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(video.VideoError, match=r"cut\.mp4: not a video we can play"):
        video.check_video(cut, tmp_path / "p1.png", name="cut.mp4")
    junk = tmp_path / "junk.webm"
    junk.write_bytes(b"\x1aE\xdf\xa3" + bytes(range(256)) * 100)
    with pytest.raises(video.VideoError, match=r"junk\.webm: not a video we can play"):
        video.check_video(junk, tmp_path / "p2.png", name="junk.webm")
    (tmp_path / "none.mp4").write_bytes(b"")
    with pytest.raises(video.VideoError, match=r"none\.mp4: empty file"):
        video.check_video(tmp_path / "none.mp4", tmp_path / "p3.png", name="none.mp4")


def _copy_seed(tmp_path: Path) -> Path:
    dst = tmp_path / "content"
    shutil.copytree(SEED, dst, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return dst


def test_seed_refuses_bad_narration_and_video_and_changes_nothing(tmp_path: Path) -> None:
    content = _copy_seed(tmp_path)
    db_path = tmp_path / "data" / "kiosk.db"
    assert seeding.seed(db_path, content) is seeding.SeedResult.CREATED
    with store.opened(db_path) as db:
        before = list(db.execute("SELECT exhibit, lang, sha256 FROM narrations ORDER BY 1, 2"))
    gc = content / "exhibits" / "gc-ms" / "audio"
    (gc / "narration.en.ogg").write_bytes(b"OggS" + bytes(5000))      # garbage
    (gc / "narration.fr.mp3").write_text("hello")                       # wrong language
    tv = content / "exhibits" / "titration-robot" / "titration.mp4"
    tv.write_bytes(tv.read_bytes()[:30_000])                             # truncated
    with pytest.raises(ContentError) as err:
        seeding.seed(db_path, content, force=True)
    text = "\n".join(err.value.problems)
    assert "narration.fr.mp3: unknown language 'fr'" in text
    # the name check stops the folder before anything is decoded; fix it and decode
    (gc / "narration.fr.mp3").unlink()
    with pytest.raises(ContentError) as err:
        seeding.seed(db_path, content, force=True)
    text = "\n".join(err.value.problems)
    assert "gc-ms/audio/narration.en.ogg: not a sound file we can play" in text
    assert "titration-robot/titration.mp4: not a video we can play" in text
    with store.opened(db_path) as db:
        after = list(db.execute("SELECT exhibit, lang, sha256 FROM narrations ORDER BY 1, 2"))
        videos = list(db.execute("SELECT count(*) FROM media WHERE kind = 'video'"))
    assert after == before and videos == [(1,)]


def test_bundle_round_trip_keeps_narrations_and_video(tmp_path: Path) -> None:
    from kiosk.bundles.dump import content_dump
    from kiosk.bundles.export import export_to
    from kiosk.bundles.importer import import_bundle

    src = tmp_path / "a" / "kiosk.db"
    seeding.seed(src, SEED)
    bundle = tmp_path / "content.zip"
    export_to(src, bundle)
    import zipfile

    names = set(zipfile.ZipFile(bundle).namelist())
    assert "exhibits/titration-robot/audio/narration.en.ogg" in names
    assert any(n.startswith("exhibits/titration-robot/") and n.endswith(".mp4") for n in names)
    dst = tmp_path / "b" / "kiosk.db"
    seeding.seed(dst, _copy_seed(tmp_path))  # something else first, then the bundle
    import_bundle(dst, bundle)
    with store.opened(src) as a, store.opened(dst) as b:
        da, db_ = content_dump(a), content_dump(b)
    assert da["narrations"] == db_["narrations"] and len(da["narrations"]) == 8
    assert da["media"] == db_["media"]
