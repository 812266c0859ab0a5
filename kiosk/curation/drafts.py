"""Editing exhibits: drafts saved on every change, preview, publish, hide, delete, reorder.

A draft is the JSON of a whole exhibit record (``kiosk.content.record.to_json``). Visitors
read only the ``exhibits``/``specs``/``media``/``charts`` rows, which change only through
``publish`` and the other verbs here, each in one transaction with its audit entry and the
"curators edited" mark (so ``kiosk seed`` refuses to overwrite curators' work).

A new exhibit exists only as a draft until it is first published: the published tables then
always hold complete, bilingual content, which keeps ``kiosk export`` bundles valid.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import PurePosixPath
from typing import Any

from sqlite_utils import Database

from kiosk.content import record, store, validate
from kiosk.content.loader import SLUG_RE
from kiosk.content.record import Exhibit, FieldPath, Media, RecordError, Text
from kiosk.content.seed import mark_edited, now_iso
from kiosk.curation import audit
from kiosk.media.images import StoredImage

STATUSES = ("all", "published", "hidden", "deleted")
_DELETED = "_deleted_at"  # in a draft-only exhibit's JSON: deleted, restorable


class DraftError(ValueError):
    """The request cannot be done (unknown slug, malformed record); the message says why."""


class PublishRefused(DraftError):
    """Publishing was refused; ``problems`` lists the fields (``title.en``, ``media``…)."""

    def __init__(self, slug: str, problems: list[FieldPath]):
        self.slug = slug
        self.problems = problems
        super().__init__(f"{slug}: cannot publish: " + "; ".join(map(str, problems)))


@dataclasses.dataclass(frozen=True)
class AdminRow:
    """One line of the admin exhibit list."""
    slug: str
    title: Text
    position: int
    status: str            # "published", "hidden" or "deleted"
    has_draft: bool
    is_new: bool           # never published
    hero: str | None       # display file of the first image, relative to the media dir
    missing: tuple[FieldPath, ...]


@dataclasses.dataclass(frozen=True)
class _Draft:
    record: Exhibit
    deleted_at: str | None  # a draft-only exhibit that was deleted (restorable)


def empty_record(slug: str, *, position: int = 0, category: str = "instrument") -> Exhibit:
    return Exhibit(slug=slug, position=position, category=category)


def from_json(data: object) -> Exhibit:
    """The record of an editor's JSON working copy (see ``record.to_json``)."""
    try:
        return record.from_json(Exhibit, data)
    except RecordError as exc:
        raise DraftError(f"an exhibit record is malformed: {exc}") from exc


def media_item(image: StoredImage, *, caption: Text | None = None) -> Media:
    """A draft media entry for a freshly imported image."""
    return Media(file=image.display, sha256=image.sha256, width=image.width,
                 height=image.height, kind="image", caption=caption or Text())


def thumb_of(display_file: str) -> str:
    """The thumbnail beside a display rendition (same sha256 and extension)."""
    return str(PurePosixPath("thumbs") / PurePosixPath(display_file).name)


# --- reading ---------------------------------------------------------------------------------

def _exhibit_row(db: Database, slug: str) -> dict[str, Any] | None:
    rows = list(db["exhibits"].rows_where("slug = ?", [slug]))
    return rows[0] if rows else None


def _parse_draft(raw: str) -> _Draft:
    data = json.loads(raw)
    deleted = data.get(_DELETED) if isinstance(data, dict) else None
    return _Draft(from_json(data), str(deleted) if deleted else None)


def _draft(db: Database, slug: str) -> _Draft | None:
    row = db.execute("SELECT data FROM drafts WHERE slug = ?", [slug]).fetchone()
    return None if row is None else _parse_draft(row[0])


def _published_record(db: Database, slug: str) -> Exhibit:
    ex = store.read_exhibit(db, slug)
    if ex is None:
        raise DraftError(f"no exhibit {slug!r}")
    return ex


def exists(db: Database, slug: str) -> bool:
    return _exhibit_row(db, slug) is not None or _draft(db, slug) is not None


def load_for_edit(db: Database, slug: str) -> Exhibit:
    """The record the editor shows: the draft if there is one, else the published exhibit."""
    draft = _draft(db, slug)
    if draft is not None:
        return draft.record
    return _published_record(db, slug)


def has_draft(db: Database, slug: str) -> bool:
    return db.execute("SELECT 1 FROM drafts WHERE slug = ?", [slug]).fetchone() is not None


def missing_translations(ex: Exhibit) -> list[FieldPath]:
    """The texts left empty (``title.en``, ``specs[2].value.zh``, ``media[1].caption.en``…)."""
    return record.missing_translations(ex)


def publish_problems(ex: Exhibit) -> list[FieldPath]:
    """Everything that stops publishing (``kiosk.content.validate``)."""
    return validate.publish_problems(ex)


def list_for_admin(db: Database, query: str = "", *, status: str = "all") -> list[AdminRow]:
    """Every exhibit a curator can work on, in display order, filtered by text and status."""
    if status not in STATUSES:
        raise DraftError(f"unknown status filter {status!r} (use {', '.join(STATUSES)})")
    drafts = {r[0]: _parse_draft(r[1])
              for r in db.execute("SELECT slug, data FROM drafts").fetchall()}
    hits = set(store.search(db, query, include_hidden=True)) if query.strip() else None
    rows: list[AdminRow] = []
    for row in db["exhibits"].rows_where(order_by="position, slug"):
        slug = row["slug"]
        draft = drafts.pop(slug, None)
        published = _published_record(db, slug)
        current = draft.record if draft is not None else published
        if row["deleted_at"]:
            st = "deleted"
            if query.strip() and not (record.matches(published, query)
                                      or record.matches(current, query)):
                continue
        else:
            st = "published" if row["published"] else "hidden"
            if hits is not None and slug not in hits and not record.matches(current, query):
                continue
        rows.append(_admin_row(current, st, has_draft=draft is not None, is_new=False))
    for draft in drafts.values():  # never published
        if not record.matches(draft.record, query):
            continue
        st = "deleted" if draft.deleted_at else "hidden"
        rows.append(_admin_row(draft.record, st, has_draft=True, is_new=True))
    if status != "all":
        rows = [r for r in rows if r.status == status]
    else:  # "all" is the working list; deleted ones show under their own filter
        rows = [r for r in rows if r.status != "deleted"]
    rows.sort(key=lambda r: (r.position, r.slug))
    return rows


def _admin_row(ex: Exhibit, status: str, *, has_draft: bool, is_new: bool) -> AdminRow:
    return AdminRow(
        slug=ex.slug, title=ex.title, position=ex.position, status=status,
        has_draft=has_draft, is_new=is_new, hero=ex.hero.file if ex.hero else None,
        missing=tuple(missing_translations(ex)))


# --- writing ---------------------------------------------------------------------------------

def _next_position(db: Database) -> int:
    top = db.execute("SELECT coalesce(max(position), 0) FROM exhibits").fetchone()[0]
    for (raw,) in db.execute("SELECT data FROM drafts").fetchall():
        top = max(top, _parse_draft(raw).record.position)
    return int(top) + 1


def _write_draft(db: Database, ex: Exhibit, *, deleted_at: str | None = None) -> None:
    data = record.to_json(ex)
    if deleted_at:
        data[_DELETED] = deleted_at
    db.execute("INSERT INTO drafts (slug, data, updated_at) VALUES (?, ?, ?) "
               "ON CONFLICT(slug) DO UPDATE SET data = excluded.data, "
               "updated_at = excluded.updated_at",
               [ex.slug, json.dumps(data, ensure_ascii=False), now_iso()])


def create_exhibit(db: Database, *, slug: str | None = None,
                   category: str = "instrument") -> str:
    """A new, hidden exhibit (a draft only, until first published); returns its slug."""
    with db.atomic():
        if slug is None:
            n = 1
            while exists(db, f"exhibit-{n}"):
                n += 1
            slug = f"exhibit-{n}"
        if not SLUG_RE.match(slug):
            raise DraftError(f"{slug!r}: a slug is lowercase letters, digits and '-'")
        if exists(db, slug):
            raise DraftError(f"an exhibit {slug!r} exists already")
        _write_draft(db, empty_record(slug, position=_next_position(db), category=category))
        mark_edited(db)
        audit.record(db, "create", target=slug)
    return slug


def save_draft(db: Database, slug: str, ex: Exhibit) -> None:
    """Save the editor's record as the draft of ``slug``; called on every change."""
    if ex.slug != slug:
        raise DraftError(f"record for {ex.slug!r} saved as {slug!r}")
    with db.atomic():
        old = _draft(db, slug)
        if old is None and _exhibit_row(db, slug) is None:
            raise DraftError(f"no exhibit {slug!r}")
        _write_draft(db, ex, deleted_at=old.deleted_at if old is not None else None)
        mark_edited(db)
        audit.record(db, "edit", target=slug)


def discard_draft(db: Database, slug: str) -> None:
    """Throw the draft away; a never-published exhibit goes with it."""
    with db.atomic():
        if not has_draft(db, slug):
            return
        db.execute("DELETE FROM drafts WHERE slug = ?", [slug])
        mark_edited(db)
        audit.record(db, "discard_draft", target=slug)


def publish(db: Database, slug: str) -> None:
    """Make the draft (or a hidden exhibit) visible to visitors at once.

    Refuses (PublishRefused, nothing written) while a translation or the hero image is missing.
    """
    with db.atomic():
        draft = _draft(db, slug)
        row = _exhibit_row(db, slug)
        if draft is None and row is None:
            raise DraftError(f"no exhibit {slug!r}")
        if (draft and draft.deleted_at) or (row and row["deleted_at"] and draft is None):
            raise DraftError(f"{slug!r} is deleted; restore it first")
        ex = draft.record if draft is not None else _published_record(db, slug)
        problems = publish_problems(ex)
        if problems:
            raise PublishRefused(slug, problems)
        ex = dataclasses.replace(record.stripped(ex), published=True)
        store.write_exhibit(db, ex, updated_at=now_iso())
        db.execute("DELETE FROM drafts WHERE slug = ?", [slug])
        mark_edited(db)
        audit.record(db, "publish", target=slug)


def _set_flag(db: Database, slug: str, sql: str, params: list[Any], action: str) -> None:
    with db.atomic():
        if _exhibit_row(db, slug) is None:
            raise DraftError(f"{slug!r} has never been published")
        db.execute(sql, params)
        mark_edited(db)
        audit.record(db, action, target=slug)


def unpublish(db: Database, slug: str) -> None:
    """Hide an exhibit from visitors (its content and any draft are kept)."""
    _set_flag(db, slug, "UPDATE exhibits SET published = 0, updated_at = ? WHERE slug = ?",
              [now_iso(), slug], "unpublish")


def delete(db: Database, slug: str) -> None:
    """Soft delete: gone from visitors and from the working list, restorable."""
    with db.atomic():
        stamp = now_iso()
        if _exhibit_row(db, slug) is not None:
            db.execute("UPDATE exhibits SET deleted_at = ?, updated_at = ? WHERE slug = ?",
                       [stamp, stamp, slug])
        else:
            draft = _draft(db, slug)
            if draft is None:
                raise DraftError(f"no exhibit {slug!r}")
            _write_draft(db, draft.record, deleted_at=stamp)
        mark_edited(db)
        audit.record(db, "delete", target=slug)


def restore(db: Database, slug: str) -> None:
    """Undo ``delete``; the exhibit comes back with the visibility it had."""
    with db.atomic():
        if _exhibit_row(db, slug) is not None:
            db.execute("UPDATE exhibits SET deleted_at = NULL, updated_at = ? WHERE slug = ?",
                       [now_iso(), slug])
        else:
            draft = _draft(db, slug)
            if draft is None:
                raise DraftError(f"no exhibit {slug!r}")
            _write_draft(db, draft.record)
        mark_edited(db)
        audit.record(db, "restore", target=slug)


def reorder(db: Database, slugs: list[str]) -> None:
    """Put ``slugs`` in this order (positions 1, 2, …), published rows and drafts alike."""
    if len(set(slugs)) != len(slugs):
        raise DraftError("reorder: a slug is listed twice")
    with db.atomic():
        for pos, slug in enumerate(slugs, 1):
            found = False
            if _exhibit_row(db, slug) is not None:
                db.execute("UPDATE exhibits SET position = ? WHERE slug = ?", [pos, slug])
                found = True
            draft = _draft(db, slug)
            if draft is not None:
                _write_draft(db, dataclasses.replace(draft.record, position=pos),
                             deleted_at=draft.deleted_at)
                found = True
            if not found:
                raise DraftError(f"reorder: no exhibit {slug!r}")
        mark_edited(db)
        audit.record(db, "reorder", detail=", ".join(slugs))
