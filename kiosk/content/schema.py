"""The database schema, made and upgraded by ``sqlite_utils.Migrations``.

Add a new step at the end for every change; never edit a step that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from kiosk.content.record import LANGS, TEXT_FIELDS  # noqa: F401  (defined once, there)

migrations = Migrations("kiosk")


@migrations()
def m001_initial(db: Database) -> None:
    db.table("exhibits").create(
        {
            "slug": str, "position": int, "category": str, "published": int,
            "title_zh": str, "title_en": str, "summary_zh": str, "summary_en": str,
            "body_zh": str, "body_en": str, "deleted_at": str, "updated_at": str,
        },
        pk="slug",
        not_null={"position", "category", "published", "title_zh", "title_en"},
        defaults={"published": 1, "summary_zh": "", "summary_en": "", "body_zh": "", "body_en": ""},
    )
    db.table("specs").create(
        {"id": int, "exhibit": str, "position": int,
         "key_zh": str, "key_en": str, "value_zh": str, "value_en": str},
        pk="id", foreign_keys=[("exhibit", "exhibits", "slug")],
    )
    db.table("media").create(
        {"id": int, "exhibit": str, "position": int, "file": str, "kind": str,
         "caption_zh": str, "caption_en": str, "width": int, "height": int, "sha256": str},
        pk="id", foreign_keys=[("exhibit", "exhibits", "slug")],
    )
    db.table("charts").create(
        {"id": int, "exhibit": str, "position": int, "title_zh": str, "title_en": str,
         "spec": str},
        pk="id", foreign_keys=[("exhibit", "exhibits", "slug")],
    )
    db.table("recordings").create(
        {"id": int, "exhibit": str, "name": str, "recorded_on": str, "data": str},
        pk="id", foreign_keys=[("exhibit", "exhibits", "slug")],
    )
    db.table("showroom_texts").create({"key": str, "zh": str, "en": str}, pk="key")
    db.table("showroom_sections").create(
        {"key": str, "position": int, "title_zh": str, "title_en": str,
         "body_zh": str, "body_en": str},
        pk="key",
    )
    # curator settings and bookkeeping (seed hash, edit marker); values are JSON text
    db.table("settings").create({"key": str, "value": str}, pk="key")
    for table in ("specs", "media", "charts", "recordings"):
        db.table(table).create_index(
            ["exhibit", "position"] if table != "recordings" else ["exhibit"])
    db.table("exhibits").enable_fts(  # as shipped: later text fields get their own migration
        [f"{f}_{lang}" for f in ("title", "summary", "body") for lang in ("zh", "en")],
        create_triggers=True, tokenize="trigram",
    )


@migrations()
def m002_drafts_audit(db: Database) -> None:
    # a curator's unpublished edits of one exhibit, as the JSON of its whole record
    db.table("drafts").create({"slug": str, "data": str, "updated_at": str}, pk="slug")
    db.table("audit").create(
        {"id": int, "at": str, "action": str, "target": str, "detail": str}, pk="id")
    db.table("audit").create_index(["at"])


@migrations()
def m003_sound_video(db: Database) -> None:
    # gallery videos (media.kind = "video") keep their poster picture and length
    media = db.table("media")
    media.add_column("poster", str, not_null_default="")
    media.add_column("duration_ms", int, not_null_default=0)
    # the audio guide: one narration per exhibit and language
    narrations = db.table("narrations")
    narrations.create(
        {"id": int, "exhibit": str, "position": int, "lang": str, "file": str,
         "duration_ms": int, "synthesized": int, "sha256": str},
        pk="id", foreign_keys=[("exhibit", "exhibits", "slug")],
    )
    narrations.create_index(["exhibit", "position"])


@migrations()
def m004_engagement(db: Database) -> None:
    # take-away links and publish windows (kiosk.content.engagement knows these columns)
    for column in ("link_zh", "link_en", "show_from", "show_until"):
        db.table("exhibits").add_column(column, str)
    # the contact card and the apply link, as JSON (keys "contact", "apply")
    db.table("showroom_meta").create({"key": str, "value": str}, pk="key")
    # scheduled welcome banners and notices (kiosk.content.messages)
    db.table("messages").create(
        {"id": int, "kind": str, "text_zh": str, "text_en": str, "starts_at": str,
         "ends_at": str, "updated_at": str},
        pk="id", not_null={"kind", "text_zh", "text_en", "starts_at", "ends_at"})


def known_names() -> tuple[str, ...]:
    return tuple(m.name for m in migrations._migrations)
