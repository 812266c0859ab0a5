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

from kiosk.content import engagement, messages, record, validate
from kiosk.content.engagement import Apply, Contact
from kiosk.content.messages import Message
from kiosk.content.record import CATEGORIES, LANGS, Exhibit, Narration, Text
from kiosk.media import audio, video
from kiosk.reasons import Reason

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
KEY_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
RECORDING_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})[-_a-zA-Z0-9]*\.csv$")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


class ContentError(Exception):
    """The content folder is not valid; ``problems`` lists each one as ``file: field: why``
    (a ``kiosk.reasons.Reason``, coded ``content.*`` or, for an image, ``image.*``)."""

    def __init__(self, problems: list[Reason]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclasses.dataclass
class ExhibitData:
    """An exhibit as read from its folder: the record (each media ``file`` the absolute path of
    its source image, sizes not yet known) and its recordings."""

    record: Exhibit
    recordings: list[tuple[str, str, str]]      # name, date, csv text

    @property
    def slug(self) -> str:
        return self.record.slug

    @property
    def media_paths(self) -> list[Path]:
        return [Path(m.file) for m in self.record.media]

    @property
    def narration_paths(self) -> list[Path]:
        return [Path(n.file) for n in self.record.narrations]


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
        self.problems: list[Reason] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def fail(self, path: Path, field: str, why: str, *, code: str = "content.field") -> None:
        self.problems.append(Reason(code, f"{self.rel(path)}: {field}: {why}"))

    def fail_file(self, path: Path, why: str, *, code: str) -> None:
        self.problems.append(Reason(code, f"{self.rel(path)}: {why}"))

    def toml(self, path: Path) -> dict[str, Any] | None:
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.fail_file(path, "missing file", code="content.missing_file")
        except UnicodeDecodeError as exc:
            self.fail_file(path, f"not UTF-8 text ({exc.reason})", code="content.unreadable")
        except tomllib.TOMLDecodeError as exc:
            self.fail_file(path, f"malformed TOML ({exc})", code="content.toml")
        except OSError as exc:
            self.fail_file(path, f"cannot be read ({exc.strerror})", code="content.unreadable")
        return None

    def bilingual(self, path: Path, field: str, value: Any, *,
                  required: bool = True) -> dict[str, str]:
        if value is None:
            if required:
                self.fail(path, field, "missing (needs zh and en)")
            return dict.fromkeys(LANGS, "")
        if not isinstance(value, dict):
            self.fail(path, field,
                      "must be a table with zh and en, e.g. { zh = \"…\", en = \"…\" }")
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


def _read_fields(ck: _Checker, path: Path, cls: type, data: dict[str, Any],
                 prefix: str = "") -> dict[str, Any]:
    """The values of ``cls``'s TOML fields in ``data``, each checked against its type."""
    out: dict[str, Any] = {}
    fields = record.toml_fields(cls)
    for f in fields:
        name, value = f"{prefix}{f.name}", data.get(f.name)
        if f.kind == "text":
            out[f.name] = Text.of(ck.bilingual(path, name, value, required=not f.optional))
        elif f.kind == "items":
            if value is not None and not isinstance(value, list):
                ck.fail(path, name, f"must be a list of tables ([[{f.name}]])")
                continue
            items = []
            for i, row in enumerate(value or [], 1):
                if not isinstance(row, dict):
                    ck.fail(path, f"{f.name}[{i}]", "must be a table")
                    continue
                assert f.item is not None
                items.append(f.item(**_read_fields(ck, path, f.item, row, f"{f.name}[{i}].")))
            out[f.name] = tuple(items)
        elif f.rest:
            known = {g.name for g in fields}
            out[f.name] = {k: v for k, v in data.items() if k not in known}
        elif value is None:
            continue  # the record's default
        elif f.kind == "bool" and not isinstance(value, bool):
            ck.fail(path, name, "must be true or false")
        elif f.kind == "int" and (isinstance(value, bool) or not isinstance(value, int)):
            ck.fail(path, name, "must be a whole number")
        elif f.kind == "str" and not isinstance(value, str):
            ck.fail(path, name, "must be text")
        else:
            out[f.name] = value
    return out


def _check_media(ck: _Checker, path: Path, folder: Path, ex: Exhibit) -> Exhibit:
    """Media files resolved inside the exhibit folder; at least one image (the hero)."""
    media = []
    for i, m in enumerate(ex.media, 1):
        if not m.file:
            ck.fail(path, f"media[{i}].file", "missing")
            continue
        file = (folder / m.file).resolve()
        if folder.resolve() not in file.parents:
            ck.fail(path, f"media[{i}].file", f"{m.file!r} is outside the exhibit folder")
            continue
        suffix = file.suffix.lower()
        if suffix not in IMAGE_SUFFIXES + video.EXTENSIONS:
            ck.fail(path, f"media[{i}].file",
                    f"{m.file!r} is not a .png, .jpg or .webp picture or an .mp4 or .webm video")
        elif not file.is_file():
            ck.fail(path, f"media[{i}].file", f"{m.file!r} does not exist")
        kind = "video" if suffix in video.EXTENSIONS else "image"
        media.append(dataclasses.replace(m, file=str(file), kind=kind))
    if not ex.media:
        ck.fail(path, "media", "needs at least one image (the first is the hero)")
    elif media and media[0].kind != "image":
        ck.fail(path, "media[1].file", "the first entry is the hero: it must be a picture")
    return dataclasses.replace(ex, media=tuple(media))


def _check_charts(ck: _Checker, path: Path, ex: Exhibit) -> Exhibit:
    """Chart specs as the screen reads them (a single channel name becomes a list)."""
    charts = []
    for c in ex.charts:
        spec = dict(c.spec)
        for axis in ("y", "y2"):
            if isinstance(spec.get(axis), str):
                spec[axis] = [spec[axis]]
        charts.append(dataclasses.replace(c, spec=spec))
    return dataclasses.replace(ex, charts=tuple(charts))


def _read_recordings(ck: _Checker, folder: Path) -> list[tuple[str, str, str]]:
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
    return recordings


def _find_narrations(ck: _Checker, folder: Path) -> tuple[Narration, ...]:
    """``audio/narration.<lang>.<ext>``: named right, one per language (decoded at import)."""
    found: dict[str, Narration] = {}
    audio_dir = folder / "audio"
    if not audio_dir.is_dir():
        return ()
    for f in sorted(audio_dir.iterdir()):
        try:
            lang = audio.narration_lang(f, name=ck.rel(f))
        except audio.AudioError as exc:
            ck.problems.append(exc.reason)
            continue
        if lang in found:
            ck.fail(f, "name", f"a second {lang} narration (keep one per language)",
                    code="audio.bad_name")
            continue
        found[lang] = Narration(lang=lang, file=str(f.resolve()))
    return tuple(found[lang] for lang in LANGS if lang in found)


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
    if data.get("category") not in CATEGORIES:
        ck.fail(path, "category", f"must be one of {', '.join(CATEGORIES)}")
    # the engagement fields are checked (https, ≤ 200 bytes, times) and normalized first
    engage = engagement.parse_exhibit(data, lambda field, why: ck.fail(path, field, why))
    data = {k: v for k, v in data.items() if k not in ("link", "show_from", "show_until")}
    if engage.link:
        data["link"] = {"zh": engage.link.zh, "en": engage.link.en}
    data.update(show_from=engage.show_from or "", show_until=engage.show_until or "")
    fields = _read_fields(ck, path, Exhibit, {"published": True, **data})
    ex = Exhibit(slug=slug, **fields)
    ex = _check_charts(ck, path, _check_media(ck, path, folder, ex))
    for field, why in validate.value_problems(ex):
        ck.fail(path, str(field), why)
    ex = dataclasses.replace(ex, narrations=_find_narrations(ck, folder))
    return ExhibitData(ex, _read_recordings(ck, folder))


def load_content(root: Path) -> ContentSet:
    """Read and check the whole content folder; raise ContentError listing every problem."""
    root = Path(root).resolve()
    ck = _Checker(root)
    if not root.is_dir():
        raise ContentError([Reason("content.missing_file", f"{root}: no such content folder")])
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
        skey = row.get("key") if isinstance(row, dict) else None
        if not isinstance(skey, str) or not KEY_RE.match(skey):
            ck.fail(sp, f"sections[{i}].key", "missing or not [a-z0-9_-]")
            continue
        if skey in seen_keys:
            ck.fail(sp, f"sections[{i}].key", f"duplicate key {skey!r}")
        seen_keys.add(skey)
        sections.append((skey, ck.bilingual(sp, f"sections[{i}].title", row.get("title")),
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
        ck.fail_file(ex_root, "no exhibit folders", code="content.missing_file")
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
        yield from ex.media_paths
