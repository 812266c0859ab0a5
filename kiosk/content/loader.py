"""Read and check a content folder (``showroom.toml`` + ``exhibits/<slug>/exhibit.toml``).

Everything is checked before anything is written, so a bad folder never half-updates the
database. Problems name the file and the field.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kiosk.content import engagement, messages
from kiosk.content.engagement import NO_ENGAGEMENT, Apply, Contact, ExhibitEngagement
from kiosk.content.messages import Message
from kiosk.content.schema import LANGS

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
CATEGORIES = ("instrument", "robotics", "branch", "company")
RECORDING_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[-_a-zA-Z0-9]*\.csv$")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


class ContentError(Exception):
    """The content folder is not valid; ``problems`` lists each one as ``file: field: why``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclasses.dataclass
class MediaItem:
    path: Path
    caption: dict[str, str]


@dataclasses.dataclass
class ExhibitData:
    slug: str
    position: int
    category: str
    published: bool
    texts: dict[str, dict[str, str]]            # field -> {zh, en}
    specs: list[tuple[dict[str, str], dict[str, str]]]
    media: list[MediaItem]
    charts: list[tuple[dict[str, str], dict[str, Any]]]
    recordings: list[tuple[str, str, str]]      # name, date, csv text
    engage: ExhibitEngagement = NO_ENGAGEMENT


@dataclasses.dataclass
class ContentSet:
    root: Path
    texts: dict[str, dict[str, str]]
    sections: list[tuple[str, dict[str, str], dict[str, str]]]
    exhibits: list[ExhibitData]
    digest: str
    contact: Contact | None = None
    apply: Apply | None = None
    messages: list[Message] = dataclasses.field(default_factory=list)


class _Checker:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[str] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def fail(self, path: Path, field: str, why: str) -> None:
        self.problems.append(f"{self.rel(path)}: {field}: {why}")

    def toml(self, path: Path) -> dict[str, Any] | None:
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.problems.append(f"{self.rel(path)}: missing file")
        except UnicodeDecodeError as exc:
            self.problems.append(f"{self.rel(path)}: not UTF-8 text ({exc.reason})")
        except tomllib.TOMLDecodeError as exc:
            self.problems.append(f"{self.rel(path)}: malformed TOML ({exc})")
        except OSError as exc:
            self.problems.append(f"{self.rel(path)}: cannot be read ({exc.strerror})")
        return None

    def bilingual(self, path: Path, field: str, value: Any, *, required: bool = True) -> dict[str, str]:
        if value is None:
            if required:
                self.fail(path, field, "missing (needs zh and en)")
            return dict.fromkeys(LANGS, "")
        if not isinstance(value, dict):
            self.fail(path, field, "must be a table with zh and en, e.g. { zh = \"…\", en = \"…\" }")
            return dict.fromkeys(LANGS, "")
        out = {}
        for lang in LANGS:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.fail(path, f"{field}.{lang}", "missing or empty")
                text = ""
            out[lang] = text.strip()
        for extra in sorted(set(value) - set(LANGS)):
            self.fail(path, f"{field}.{extra}", "unknown language (use zh and en)")
        return out


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(q for q in root.rglob("*") if q.is_file() and "__pycache__" not in q.parts):
        if p.suffix == ".py":
            continue
        h.update(str(p.relative_to(root)).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
    return h.hexdigest()


def _load_exhibit(ck: _Checker, folder: Path) -> ExhibitData | None:
    path = folder / "exhibit.toml"
    data = ck.toml(path)
    if data is None:
        return None
    slug = folder.name
    if not SLUG_RE.match(slug):
        ck.fail(path, "slug", f"folder name {slug!r} must be lowercase letters, digits and '-'")
    if "slug" in data and data["slug"] != slug:
        ck.fail(path, "slug", f"{data['slug']!r} differs from the folder name {slug!r}")
    position = data.get("position", 0)
    if isinstance(position, bool) or not isinstance(position, int):
        ck.fail(path, "position", "must be a whole number")
        position = 0
    category = data.get("category")
    if category not in CATEGORIES:
        ck.fail(path, "category", f"must be one of {', '.join(CATEGORIES)}")
    published = data.get("published", True)
    if not isinstance(published, bool):
        ck.fail(path, "published", "must be true or false")
        published = True
    texts = {f: ck.bilingual(path, f, data.get(f)) for f in ("title", "summary", "body")}
    specs = []
    for i, row in enumerate(data.get("specs", []), 1):
        if not isinstance(row, dict):
            ck.fail(path, f"specs[{i}]", "must be a table with key and value")
            continue
        specs.append((ck.bilingual(path, f"specs[{i}].key", row.get("key")),
                      ck.bilingual(path, f"specs[{i}].value", row.get("value"))))
    media = []
    for i, row in enumerate(data.get("media", []), 1):
        if not isinstance(row, dict) or not isinstance(row.get("file"), str):
            ck.fail(path, f"media[{i}].file", "missing")
            continue
        file = (folder / row["file"]).resolve()
        if folder.resolve() not in file.parents:
            ck.fail(path, f"media[{i}].file", f"{row['file']!r} is outside the exhibit folder")
            continue
        if file.suffix.lower() not in IMAGE_SUFFIXES:
            ck.fail(path, f"media[{i}].file", f"{row['file']!r} is not a .png, .jpg or .webp file")
        elif not file.is_file():
            ck.fail(path, f"media[{i}].file", f"{row['file']!r} does not exist")
        media.append(MediaItem(file, ck.bilingual(path, f"media[{i}].caption", row.get("caption"))))
    if not media:
        ck.fail(path, "media", "needs at least one image (the first is the hero)")
    charts = []
    for i, row in enumerate(data.get("charts", []), 1):
        if not isinstance(row, dict):
            ck.fail(path, f"charts[{i}]", "must be a table")
            continue
        title = ck.bilingual(path, f"charts[{i}].title", row.get("title"))
        spec = {k: v for k, v in row.items() if k != "title"}
        if not isinstance(spec.get("x"), str):
            ck.fail(path, f"charts[{i}].x", "missing: a channel name or \"time\"")
        y = spec.get("y")
        if isinstance(y, str):
            spec["y"] = [y]
        elif not (isinstance(y, list) and y and all(isinstance(c, str) for c in y)):
            ck.fail(path, f"charts[{i}].y", "missing: a channel name or a list of them")
        charts.append((title, spec))
    recordings = []
    rec_dir = folder / "recordings"
    if rec_dir.is_dir():
        for f in sorted(rec_dir.iterdir()):
            m = RECORDING_RE.match(f.name)
            if not m:
                ck.fail(f, "name", "recordings must be named YYYY-MM-DD….csv")
                continue
            try:
                text = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                ck.fail(f, "file", f"cannot be read as UTF-8 ({exc})")
                continue
            first = next((ln.strip() for ln in text.splitlines()
                          if ln.strip() and not ln.lstrip().startswith("#")), "")
            if first.replace(" ", "") != "t,channel,value":
                ck.fail(f, "header", "first line (after # comments) must be t,channel,value")
                continue
            recordings.append((f.stem, m.group(1), text))
    engage = engagement.parse_exhibit(data, lambda field, why: ck.fail(path, field, why))
    return ExhibitData(slug, position, str(category), published, texts, specs, media, charts,
                       recordings, engage)


def load_content(root: Path) -> ContentSet:
    """Read and check the whole content folder; raise ContentError listing every problem."""
    root = Path(root).resolve()
    ck = _Checker(root)
    if not root.is_dir():
        raise ContentError([f"{root}: no such content folder"])
    showroom = ck.toml(root / "showroom.toml") or {}
    sp = root / "showroom.toml"
    texts = {}
    raw_texts = showroom.get("texts", {})
    if not isinstance(raw_texts, dict):
        ck.fail(sp, "texts", "must be a table")
        raw_texts = {}
    for key in ("name", "tagline"):
        if key not in raw_texts:
            ck.fail(sp, f"texts.{key}", "missing (needs zh and en)")
    for key, value in raw_texts.items():
        texts[key] = ck.bilingual(sp, f"texts.{key}", value)
    sections = []
    seen_keys: set[str] = set()
    for i, row in enumerate(showroom.get("sections", []), 1):
        key = row.get("key") if isinstance(row, dict) else None
        if not isinstance(key, str) or not KEY_RE.match(key):
            ck.fail(sp, f"sections[{i}].key", "missing or not [a-z0-9_-]")
            continue
        if key in seen_keys:
            ck.fail(sp, f"sections[{i}].key", f"duplicate key {key!r}")
        seen_keys.add(key)
        sections.append((key, ck.bilingual(sp, f"sections[{i}].title", row.get("title")),
                         ck.bilingual(sp, f"sections[{i}].body", row.get("body"))))
    def sfail(field: str, why: str) -> None:
        ck.fail(sp, field, why)

    def sbilingual(field: str, value: object) -> dict[str, str]:
        return ck.bilingual(sp, field, value)

    contact = engagement.parse_contact(showroom.get("contact"), sfail, sbilingual)
    apply = engagement.parse_apply(showroom.get("apply"), sfail, sbilingual)
    scheduled = messages.parse_messages(showroom.get("messages"), sfail, sbilingual)
    exhibits = []
    ex_root = root / "exhibits"
    folders = sorted(p for p in ex_root.iterdir() if p.is_dir()) if ex_root.is_dir() else []
    if not folders:
        ck.problems.append(f"{ck.rel(ex_root)}: no exhibit folders")
    seen: dict[str, Path] = {}
    for folder in folders:
        ex = _load_exhibit(ck, folder)
        if ex is None:
            continue
        if ex.slug.lower() in seen:
            ck.fail(folder / "exhibit.toml", "slug", f"duplicate slug {ex.slug!r}")
        seen[ex.slug.lower()] = folder
        exhibits.append(ex)
    if ck.problems:
        raise ContentError(ck.problems)
    return ContentSet(root, texts, sections, exhibits, _digest(root), contact, apply, scheduled)


def iter_media_paths(content: ContentSet) -> Iterable[Path]:
    for ex in content.exhibits:
        for m in ex.media:
            yield m.path
