"""Build the database from a content folder, all or nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from pathlib import Path

from sqlite_utils import Database

from kiosk.content import engagement, messages, record, store
from kiosk.content.loader import ContentError, ContentSet, ExhibitData, load_content
from kiosk.content.record import Exhibit
from kiosk.media.audio import AudioError, StoredAudio, import_audio
from kiosk.media.images import ImageError, StoredImage, import_image
from kiosk.media.video import StoredVideo, VideoError, import_video
from kiosk.reasons import Reason

Stored = StoredImage | StoredVideo | StoredAudio

EDITED_KEY = "content.edited_at"
DIGEST_KEY = "content.seed_digest"


class SeedResult(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class SeedRefused(Exception):
    """Curators have edited this database; seeding would throw their work away."""


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def mark_edited(db: Database) -> None:
    """Called by every curator write so that ``kiosk seed`` will not overwrite it."""
    store.set_setting(db, EDITED_KEY, now_iso())


def import_media(content: ContentSet, media_dir: Path) -> dict[Path, Stored]:
    """Decode every image, video and narration first: a bad one stops the seed (or import)
    before the database is touched, and every bad one is named."""
    stored: dict[Path, Stored] = {}
    problems: list[Reason] = []
    for ex in content.exhibits:
        kinds = {Path(m.file): m.kind for m in ex.record.media}
        for i, path in enumerate(ex.media_paths, 1):
            if path in stored:
                continue
            name = str(path.relative_to(content.root.parent))
            try:
                if kinds[path] == "video":
                    stored[path] = import_video(path, media_dir=media_dir, name=name)
                else:
                    stored[path] = import_image(path, media_dir=media_dir, name=name)
            except (ImageError, VideoError) as exc:
                problems.append(Reason(exc.code,
                                       f"exhibits/{ex.slug}/exhibit.toml: media[{i}].file: {exc}"))
        for path in ex.narration_paths:
            try:
                stored[path] = import_audio(path, media_dir=media_dir,
                                            name=str(path.relative_to(content.root.parent)))
            except AudioError as exc:
                problems.append(exc.reason)
    if problems:
        raise ContentError(problems)
    return stored


def stored_record(ex: ExhibitData, stored: dict[Path, Stored]) -> Exhibit:
    """The exhibit's record with its files as stored (display file or video, size, sha256)."""
    media = []
    for m in ex.record.media:
        s = stored[Path(m.file)]
        if isinstance(s, StoredVideo):
            media.append(dataclasses.replace(
                m, file=s.file, width=s.info.width, height=s.info.height, sha256=s.sha256,
                poster=s.poster.display, duration_ms=int(s.info.duration_s * 1000)))
        elif isinstance(s, StoredImage):
            media.append(dataclasses.replace(m, file=s.display, width=s.width, height=s.height,
                                             sha256=s.sha256))
    narrations = []
    for n in ex.record.narrations:
        a = stored[Path(n.file)]
        assert isinstance(a, StoredAudio)
        narrations.append(dataclasses.replace(
            n, file=a.file, duration_ms=int(a.info.duration_s * 1000),
            synthesized=a.info.synthesized, sha256=a.sha256))
    return dataclasses.replace(ex.record, media=tuple(media), narrations=tuple(narrations))


def write_content(db: Database, content: ContentSet, images: dict[Path, Stored]) -> None:
    """Replace all content rows with ``content`` inside the caller's transaction."""
    for table in ("recordings", "drafts", "showroom_meta", "messages",
                  *(f.name for f in record.item_fields())):
        db.execute(f"DELETE FROM {table}")
    db.execute("DELETE FROM exhibits")
    db.execute("DELETE FROM showroom_texts")
    db.execute("DELETE FROM showroom_sections")
    stamp = now_iso()
    db.table("showroom_texts").insert_all(
        ({"key": k, "zh": v["zh"], "en": v["en"]} for k, v in content.texts.items()), pk="key")
    db.table("showroom_sections").insert_all(
        ({"key": key, "position": i, "title_zh": t["zh"], "title_en": t["en"],
          "body_zh": b["zh"], "body_en": b["en"]}
         for i, (key, t, b) in enumerate(content.sections)),
        pk="key")
    meta = {"contact": engagement.contact_to_json(content.contact),
            "apply": engagement.apply_to_json(content.apply)}
    db.table("showroom_meta").insert_all(
        ({"key": k, "value": v} for k, v in meta.items() if v is not None), pk="key")
    db.table("messages").insert_all(
        ({**messages.to_row(m), "updated_at": stamp} for m in content.messages), pk="id")
    for ex in content.exhibits:
        store.write_exhibit(db, stored_record(ex, images), updated_at=stamp)
        db.table("recordings").insert_all(
            ({"exhibit": ex.slug, "name": n, "recorded_on": d, "data": text}
             for n, d, text in ex.recordings), pk="id")


def seed(db_path: Path, content_dir: Path, *, force: bool = False) -> SeedResult:
    """Make ``db_path`` hold exactly ``content_dir``.

    Raises ContentError, SeedRefused or StoreError, and then changes nothing.
    """
    content = load_content(content_dir)
    existed = Path(db_path).exists()
    if existed and not force:
        with store.opened(db_path) as db:
            if store.get_setting(db, EDITED_KEY):
                raise SeedRefused(
                    f"{db_path}: curators edited this content on "
                    f"{store.get_setting(db, EDITED_KEY)}; use --force to replace it with "
                    f"{content_dir}")
            if store.get_setting(db, DIGEST_KEY) == content.digest:
                return SeedResult.UNCHANGED
    # every image, video and narration decodes before a database is created or touched
    images = import_media(content, store.media_dir_for(db_path))
    with store.opened(db_path) as db, db.atomic():
        write_content(db, content, images)
        store.set_setting(db, DIGEST_KEY, content.digest)
        db.execute("DELETE FROM settings WHERE key = ?", [EDITED_KEY])
    return SeedResult.UPDATED if existed else SeedResult.CREATED
