"""Editing exhibits: drafts saved on every change, preview, publish, hide, delete, reorder.

A draft is the JSON of a whole exhibit record (see ``empty_record``). Visitors read only the
``exhibits``/``specs``/``media``/``charts`` rows, which change only through ``publish`` and the
other verbs here, each in one transaction with its audit entry and the "curators edited" mark
(so ``kiosk seed`` refuses to overwrite curators' work).

A new exhibit exists only as a draft until it is first published: the published tables then
always hold complete, bilingual content, which keeps ``kiosk export`` bundles valid.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import PurePosixPath
from typing import Any

from sqlite_utils import Database

from kiosk.content import store
from kiosk.content.loader import CATEGORIES, SLUG_RE
from kiosk.content.schema import LANGS, TEXT_FIELDS
from kiosk.content.seed import mark_edited, now_iso
from kiosk.curation import audit
from kiosk.media.images import StoredImage

STATUSES = ("all", "published", "hidden", "deleted")
_DELETED = "_deleted_at"  # in a draft-only exhibit's JSON: deleted, restorable


class DraftError(ValueError):
    """The request cannot be done (unknown slug, malformed record); the message says why."""


class PublishRefused(DraftError):
    """Publishing was refused; ``problems`` lists field names such as ``title.en``."""

    def __init__(self, slug: str, problems: list[str]):
        self.slug = slug
        self.problems = problems
        super().__init__(f"{slug}: cannot publish: " + "; ".join(problems))


@dataclasses.dataclass(frozen=True)
class AdminRow:
    """One line of the admin exhibit list."""
    slug: str
    title: store.Text
    position: int
    status: str            # "published", "hidden" or "deleted"
    has_draft: bool
    is_new: bool           # never published
    hero: str | None       # display file of the first image, relative to the media dir
    missing: tuple[str, ...]


def _text(value: Any) -> dict[str, str]:
    value = value if isinstance(value, dict) else {}
    return {lang: str(value.get(lang) or "") for lang in LANGS}


def empty_record(slug: str, *, position: int = 0, category: str = "instrument") -> dict[str, Any]:
    return {"slug": slug, "position": position, "category": category, "published": False,
            **{f: _text(None) for f in TEXT_FIELDS}, "specs": [], "media": [], "charts": []}


def normalize(data: dict[str, Any]) -> dict[str, Any]:
    """A clean copy of an editor record: every key present, texts as {zh, en} strings."""
    if not isinstance(data, dict) or not isinstance(data.get("slug"), str):
        raise DraftError("an exhibit record must be a dict with a slug")
    position = data.get("position", 0)
    out: dict[str, Any] = {
        "slug": data["slug"],
        "position": position if isinstance(position, int) and not isinstance(position, bool) else 0,
        "category": str(data.get("category") or "instrument"),
        "published": bool(data.get("published", False)),
        **{f: _text(data.get(f)) for f in TEXT_FIELDS},
        "specs": [{"key": _text(s.get("key")), "value": _text(s.get("value"))}
                  for s in data.get("specs") or [] if isinstance(s, dict)],
        "media": [], "charts": [],
    }
    for m in data.get("media") or []:
        if not isinstance(m, dict) or not isinstance(m.get("file"), str):
            raise DraftError(f"{out['slug']}: media entries need a file")
        out["media"].append({"file": m["file"], "sha256": str(m.get("sha256") or ""),
                             "width": int(m.get("width") or 0), "height": int(m.get("height") or 0),
                             "kind": str(m.get("kind") or "image"),
                             "caption": _text(m.get("caption"))})
    for c in data.get("charts") or []:
        if isinstance(c, dict):
            spec = c.get("spec") if isinstance(c.get("spec"), dict) else {}
            out["charts"].append({"title": _text(c.get("title")), "spec": copy.deepcopy(spec)})
    if data.get(_DELETED):
        out[_DELETED] = str(data[_DELETED])
    return out


def media_item(image: StoredImage, *, caption: dict[str, str] | None = None) -> dict[str, Any]:
    """A draft media entry for a freshly imported image."""
    return {"file": image.display, "sha256": image.sha256, "width": image.width,
            "height": image.height, "kind": "image", "caption": _text(caption)}


def thumb_of(display_file: str) -> str:
    """The thumbnail beside a display rendition (same sha256 and extension)."""
    return str(PurePosixPath("thumbs") / PurePosixPath(display_file).name)


# --- reading ---------------------------------------------------------------------------------

def _exhibit_row(db: Database, slug: str) -> dict[str, Any] | None:
    rows = list(db["exhibits"].rows_where("slug = ?", [slug]))
    return rows[0] if rows else None


def _draft(db: Database, slug: str) -> dict[str, Any] | None:
    row = db.execute("SELECT data FROM drafts WHERE slug = ?", [slug]).fetchone()
    return None if row is None else normalize(json.loads(row[0]))


def _published_record(db: Database, row: dict[str, Any]) -> dict[str, Any]:
    slug = row["slug"]
    rec = empty_record(slug, position=row["position"], category=row["category"])
    rec["published"] = bool(row["published"])
    for f in TEXT_FIELDS:
        rec[f] = {lang: row.get(f"{f}_{lang}") or "" for lang in LANGS}
    rec["specs"] = [{"key": {lg: r[f"key_{lg}"] or "" for lg in LANGS},
                     "value": {lg: r[f"value_{lg}"] or "" for lg in LANGS}}
                    for r in db["specs"].rows_where("exhibit = ?", [slug], order_by="position")]
    rec["media"] = [{"file": r["file"], "sha256": r["sha256"] or "", "width": r["width"] or 0,
                     "height": r["height"] or 0, "kind": r["kind"] or "image",
                     "caption": {lg: r[f"caption_{lg}"] or "" for lg in LANGS}}
                    for r in db["media"].rows_where("exhibit = ?", [slug], order_by="position")]
    rec["charts"] = [{"title": {lg: r[f"title_{lg}"] or "" for lg in LANGS},
                      "spec": json.loads(r["spec"] or "{}")}
                     for r in db["charts"].rows_where("exhibit = ?", [slug], order_by="position")]
    return rec


def exists(db: Database, slug: str) -> bool:
    return _exhibit_row(db, slug) is not None or _draft(db, slug) is not None


def load_for_edit(db: Database, slug: str) -> dict[str, Any]:
    """The record the editor shows: the draft if there is one, else the published exhibit."""
    draft = _draft(db, slug)
    if draft is not None:
        draft.pop(_DELETED, None)
        return draft
    row = _exhibit_row(db, slug)
    if row is None:
        raise DraftError(f"no exhibit {slug!r}")
    return _published_record(db, row)


def has_draft(db: Database, slug: str) -> bool:
    return db.execute("SELECT 1 FROM drafts WHERE slug = ?", [slug]).fetchone() is not None


def missing_translations(data: dict[str, Any]) -> list[str]:
    """Field names (``title.en``, ``specs[2].value.zh``, ``media[1].caption.en``…) left empty."""
    data = normalize(data)
    out: list[str] = []

    def check(name: str, text: dict[str, str]) -> None:
        out.extend(f"{name}.{lang}" for lang in LANGS if not text[lang].strip())

    for f in TEXT_FIELDS:
        check(f, data[f])
    for i, s in enumerate(data["specs"], 1):
        check(f"specs[{i}].key", s["key"])
        check(f"specs[{i}].value", s["value"])
    for i, m in enumerate(data["media"], 1):
        check(f"media[{i}].caption", m["caption"])
    for i, c in enumerate(data["charts"], 1):
        check(f"charts[{i}].title", c["title"])
    return out


def publish_problems(data: dict[str, Any]) -> list[str]:
    """Everything that stops publishing: missing translations and incomplete structure."""
    data = normalize(data)
    problems = missing_translations(data)
    if data["category"] not in CATEGORIES:
        problems.append("category")
    if not data["media"]:
        problems.append("media")  # the first image is the hero on the card and attract loop
    for i, c in enumerate(data["charts"], 1):
        spec = c["spec"]
        if not isinstance(spec.get("x"), str):
            problems.append(f"charts[{i}].x")
        y = spec.get("y")
        if not (isinstance(y, list) and y and all(isinstance(v, str) for v in y)):
            problems.append(f"charts[{i}].y")
    return problems


def draft_as_exhibit(data: dict[str, Any]) -> store.Exhibit:
    """The visitor-page view of an editor record, for preview with the visitor page code."""
    data = normalize(data)

    def t(v: dict[str, str]) -> store.Text:
        return store.Text(v["zh"], v["en"])

    return store.Exhibit(
        slug=data["slug"], position=data["position"], category=data["category"],
        published=data["published"], title=t(data["title"]), summary=t(data["summary"]),
        body=t(data["body"]),
        specs=tuple(store.Spec(t(s["key"]), t(s["value"])) for s in data["specs"]),
        media=tuple(store.Media(m["file"], m["kind"], t(m["caption"]), m["width"], m["height"],
                                m["sha256"]) for m in data["media"]),
        charts=tuple(store.Chart(t(c["title"]), c["spec"]) for c in data["charts"]))


def _matches(data: dict[str, Any], query: str) -> bool:
    q = query.strip().casefold()
    return not q or any(q in data[f][lang].casefold() for f in TEXT_FIELDS for lang in LANGS)


def list_for_admin(db: Database, query: str = "", *, status: str = "all") -> list[AdminRow]:
    """Every exhibit a curator can work on, in display order, filtered by text and status."""
    if status not in STATUSES:
        raise DraftError(f"unknown status filter {status!r} (use {', '.join(STATUSES)})")
    drafts = {r[0]: normalize(json.loads(r[1]))
              for r in db.execute("SELECT slug, data FROM drafts").fetchall()}
    hits = set(store.search(db, query, include_hidden=True)) if query.strip() else None
    rows: list[AdminRow] = []
    for row in db["exhibits"].rows_where(order_by="position, slug"):
        slug = row["slug"]
        draft = drafts.pop(slug, None)
        published = _published_record(db, row)
        current = draft or published
        if row["deleted_at"]:
            st = "deleted"
            if query.strip() and not (_matches(published, query) or _matches(current, query)):
                continue
        else:
            st = "published" if row["published"] else "hidden"
            if hits is not None and slug not in hits and not _matches(current, query):
                continue
        rows.append(_admin_row(current, st, has_draft=draft is not None, is_new=False))
    for slug, draft in drafts.items():  # never published
        if not _matches(draft, query):
            continue
        st = "deleted" if draft.get(_DELETED) else "hidden"
        rows.append(_admin_row(draft, st, has_draft=True, is_new=True))
    if status != "all":
        rows = [r for r in rows if r.status == status]
    else:  # "all" is the working list; deleted ones show under their own filter
        rows = [r for r in rows if r.status != "deleted"]
    rows.sort(key=lambda r: (r.position, r.slug))
    return rows


def _admin_row(data: dict[str, Any], status: str, *, has_draft: bool, is_new: bool) -> AdminRow:
    return AdminRow(
        slug=data["slug"], title=store.Text(data["title"]["zh"], data["title"]["en"]),
        position=data["position"], status=status, has_draft=has_draft, is_new=is_new,
        hero=data["media"][0]["file"] if data["media"] else None,
        missing=tuple(missing_translations(data)))


# --- writing ---------------------------------------------------------------------------------

def _next_position(db: Database) -> int:
    top = db.execute("SELECT coalesce(max(position), 0) FROM exhibits").fetchone()[0]
    for (raw,) in db.execute("SELECT data FROM drafts").fetchall():
        top = max(top, normalize(json.loads(raw))["position"])
    return int(top) + 1


def _write_draft(db: Database, data: dict[str, Any]) -> None:
    db.execute("INSERT INTO drafts (slug, data, updated_at) VALUES (?, ?, ?) "
               "ON CONFLICT(slug) DO UPDATE SET data = excluded.data, "
               "updated_at = excluded.updated_at",
               [data["slug"], json.dumps(data, ensure_ascii=False), now_iso()])


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


def save_draft(db: Database, slug: str, data: dict[str, Any]) -> None:
    """Save the editor's record as the draft of ``slug``; called on every change."""
    clean = normalize(data)
    if clean["slug"] != slug:
        raise DraftError(f"record for {clean['slug']!r} saved as {slug!r}")
    with db.atomic():
        old = _draft(db, slug)
        if old is None and _exhibit_row(db, slug) is None:
            raise DraftError(f"no exhibit {slug!r}")
        if old is not None and old.get(_DELETED):
            clean[_DELETED] = old[_DELETED]
        _write_draft(db, clean)
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


def _write_published(db: Database, data: dict[str, Any], *, published: bool) -> None:
    slug, stamp = data["slug"], now_iso()
    row = {"slug": slug, "position": data["position"], "category": data["category"],
           "published": int(published), "deleted_at": None, "updated_at": stamp}
    for f in TEXT_FIELDS:
        for lang in LANGS:
            row[f"{f}_{lang}"] = data[f][lang].strip()
    for table in ("specs", "media", "charts"):
        db.execute(f"DELETE FROM {table} WHERE exhibit = ?", [slug])
    db["exhibits"].upsert(row, pk="slug")
    db["specs"].insert_all(
        ({"exhibit": slug, "position": i, "key_zh": s["key"]["zh"].strip(),
          "key_en": s["key"]["en"].strip(), "value_zh": s["value"]["zh"].strip(),
          "value_en": s["value"]["en"].strip()} for i, s in enumerate(data["specs"])), pk="id")
    db["media"].insert_all(
        ({"exhibit": slug, "position": i, "file": m["file"], "kind": m["kind"],
          "caption_zh": m["caption"]["zh"].strip(), "caption_en": m["caption"]["en"].strip(),
          "width": m["width"], "height": m["height"], "sha256": m["sha256"]}
         for i, m in enumerate(data["media"])), pk="id")
    db["charts"].insert_all(
        ({"exhibit": slug, "position": i, "title_zh": c["title"]["zh"].strip(),
          "title_en": c["title"]["en"].strip(), "spec": json.dumps(c["spec"], ensure_ascii=False)}
         for i, c in enumerate(data["charts"])), pk="id")


def publish(db: Database, slug: str) -> None:
    """Make the draft (or a hidden exhibit) visible to visitors at once.

    Refuses (PublishRefused, nothing written) while a translation or the hero image is missing.
    """
    with db.atomic():
        draft = _draft(db, slug)
        row = _exhibit_row(db, slug)
        if draft is None and row is None:
            raise DraftError(f"no exhibit {slug!r}")
        if (draft or {}).get(_DELETED) or (row and row["deleted_at"] and draft is None):
            raise DraftError(f"{slug!r} is deleted; restore it first")
        data = draft if draft is not None else _published_record(db, row)  # type: ignore[arg-type]
        problems = publish_problems(data)
        if problems:
            raise PublishRefused(slug, problems)
        _write_published(db, data, published=True)
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
            draft[_DELETED] = stamp
            _write_draft(db, draft)
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
            draft.pop(_DELETED, None)
            _write_draft(db, draft)
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
                draft["position"] = pos
                _write_draft(db, draft)
                found = True
            if not found:
                raise DraftError(f"reorder: no exhibit {slug!r}")
        mark_edited(db)
        audit.record(db, "reorder", detail=", ".join(slugs))
