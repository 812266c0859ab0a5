"""Build the database from a content folder, all or nothing."""

from __future__ import annotations

import datetime as dt
import enum
import json
from pathlib import Path

from sqlite_utils import Database

from kiosk.content import engagement, messages, store
from kiosk.content.loader import ContentError, ContentSet, load_content
from kiosk.media.images import ImageError, StoredImage, import_image

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


def import_media(content: ContentSet, media_dir: Path) -> dict[Path, StoredImage]:
    """Decode every image first: a bad one stops the seed before the database is touched."""
    stored: dict[Path, StoredImage] = {}
    problems = []
    for ex in content.exhibits:
        for i, m in enumerate(ex.media, 1):
            if m.path in stored:
                continue
            try:
                stored[m.path] = import_image(m.path, media_dir=media_dir,
                                              name=str(m.path.relative_to(content.root.parent)))
            except ImageError as exc:
                problems.append(f"exhibits/{ex.slug}/exhibit.toml: media[{i}].file: {exc}")
    if problems:
        raise ContentError(problems)
    return stored


def write_content(db: Database, content: ContentSet, images: dict[Path, StoredImage]) -> None:
    """Replace all content rows with ``content`` inside the caller's transaction."""
    for table in ("specs", "media", "charts", "recordings", "drafts", "showroom_meta", "messages"):
        db.execute(f"DELETE FROM {table}")
    db.execute("DELETE FROM exhibits")
    db.execute("DELETE FROM showroom_texts")
    db.execute("DELETE FROM showroom_sections")
    stamp = now_iso()
    db["showroom_texts"].insert_all(
        ({"key": k, "zh": v["zh"], "en": v["en"]} for k, v in content.texts.items()), pk="key")
    db["showroom_sections"].insert_all(
        ({"key": key, "position": i, "title_zh": t["zh"], "title_en": t["en"],
          "body_zh": b["zh"], "body_en": b["en"]} for i, (key, t, b) in enumerate(content.sections)),
        pk="key")
    meta = {"contact": engagement.contact_to_json(content.contact),
            "apply": engagement.apply_to_json(content.apply)}
    db["showroom_meta"].insert_all(
        ({"key": k, "value": v} for k, v in meta.items() if v is not None), pk="key")
    db["messages"].insert_all(
        ({**messages.to_row(m), "updated_at": stamp} for m in content.messages), pk="id")
    for ex in content.exhibits:
        row = {"slug": ex.slug, "position": ex.position, "category": ex.category,
               "published": int(ex.published), "deleted_at": None, "updated_at": stamp,
               **engagement.to_row(ex.engage)}
        for field, text in ex.texts.items():
            row[f"{field}_zh"], row[f"{field}_en"] = text["zh"], text["en"]
        db["exhibits"].insert(row, pk="slug")
        db["specs"].insert_all(
            ({"exhibit": ex.slug, "position": i, "key_zh": k["zh"], "key_en": k["en"],
              "value_zh": v["zh"], "value_en": v["en"]} for i, (k, v) in enumerate(ex.specs)),
            pk="id")
        db["media"].insert_all(
            ({"exhibit": ex.slug, "position": i, "file": images[m.path].display, "kind": "image",
              "caption_zh": m.caption["zh"], "caption_en": m.caption["en"],
              "width": images[m.path].width, "height": images[m.path].height,
              "sha256": images[m.path].sha256} for i, m in enumerate(ex.media)),
            pk="id")
        db["charts"].insert_all(
            ({"exhibit": ex.slug, "position": i, "title_zh": t["zh"], "title_en": t["en"],
              "spec": json.dumps(spec, ensure_ascii=False)} for i, (t, spec) in enumerate(ex.charts)),
            pk="id")
        db["recordings"].insert_all(
            ({"exhibit": ex.slug, "name": n, "recorded_on": d, "data": text}
             for n, d, text in ex.recordings), pk="id")


def seed(db_path: Path, content_dir: Path, *, force: bool = False) -> SeedResult:
    """Make ``db_path`` hold exactly ``content_dir``; raise ContentError / SeedRefused / StoreError."""
    content = load_content(content_dir)
    existed = Path(db_path).exists()
    if existed and not force:
        with store.opened(db_path) as db:
            if store.get_setting(db, EDITED_KEY):
                raise SeedRefused(
                    f"{db_path}: curators edited this content on "
                    f"{store.get_setting(db, EDITED_KEY)}; use --force to replace it with {content_dir}")
            if store.get_setting(db, DIGEST_KEY) == content.digest:
                return SeedResult.UNCHANGED
    # every image decodes before a database is created or touched: a bad one changes nothing
    images = import_media(content, store.media_dir_for(db_path))
    with store.opened(db_path) as db, db.atomic():
        write_content(db, content, images)
        store.set_setting(db, DIGEST_KEY, content.digest)
        db.execute("DELETE FROM settings WHERE key = ?", [EDITED_KEY])
    return SeedResult.UPDATED if existed else SeedResult.CREATED
