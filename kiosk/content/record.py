"""The exhibit record: the one typed shape of an exhibit, and its mappings.

Seeding, curators' drafts, publish, export and the visitor pages all hold an ``Exhibit``. Its
three stored forms are derived from the dataclass fields below, never written out by hand:

- database rows (``exhibit_row``/``child_rows`` and ``from_rows``): a ``Text`` field ``title``
  is the columns ``title_zh``/``title_en``; a tuple of items is a child table named after the
  field, one row per item with ``exhibit`` and ``position``; a dict is JSON text; a bool an int;
- draft JSON (``to_json``/``from_json``): texts as ``{zh, en}``, items as lists of objects;
  ``from_json`` forgives what an editor or an older kiosk left out;
- content TOML (``kiosk.content.loader`` reads it, ``kiosk.bundles.export`` writes it) through
  ``toml_fields`` and ``to_toml``.

So a new exhibit field is one line here plus its schema migration (and, if it is more than its
type, a check in the loader). Field metadata: ``toml=False`` for values the kiosk derives
(image sizes, hashes), ``optional=True`` for a text that may stay empty, ``rest=True`` for the
dict that takes every other key of its TOML table (a chart's spec).

This module imports nothing beyond the standard library: the visitor read side needs it before
the first paint.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import typing
from collections.abc import Iterator
from typing import Any, TypeVar

LANGS = ("zh", "en")
# the exhibit's own bilingual texts, in form order (searched, counted, required)
TEXT_FIELDS = ("title", "summary", "body")
CATEGORIES = ("instrument", "robotics", "branch", "company")

R = TypeVar("R")


class RecordError(ValueError):
    """A record cannot be built from the data given; the message names the field."""


@dataclasses.dataclass(frozen=True)
class Text:
    """One text in both languages."""

    zh: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    def missing(self) -> tuple[str, ...]:
        """The languages whose text is empty (or only blanks)."""
        return tuple(lang for lang in LANGS if not self.get(lang).strip())

    def stripped(self) -> Text:
        return Text(self.zh.strip(), self.en.strip())

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}

    @classmethod
    def of(cls, value: object) -> Text:
        """A ``Text`` from ``{zh, en}`` (missing or non-text parts become "")."""
        if isinstance(value, Text):
            return value
        d = value if isinstance(value, dict) else {}
        return cls(*(str(d.get(lang) or "") for lang in LANGS))


@dataclasses.dataclass(frozen=True, order=True)
class FieldPath:
    """Where a value sits in a record: ``title.en``, ``media[3].caption.en``, ``charts[1].y``.

    ``within`` names the list and ``index`` the item (from 1, as curators count); ``field`` the
    value inside (or the record's own field when ``within`` is None); ``lang`` the language of
    a text. ``str()`` gives the dotted form used in messages; ``parse`` reads it back.
    """

    field: str
    lang: str | None = None
    within: str | None = None
    index: int = 0

    def __str__(self) -> str:
        head = f"{self.within}[{self.index}].{self.field}" if self.within else self.field
        return f"{head}.{self.lang}" if self.lang else head

    def item(self) -> FieldPath:
        """The item this value belongs to (``media[3]``), or itself for a record field."""
        return FieldPath(self.within, index=self.index) if self.within else self

    @classmethod
    def parse(cls, text: str) -> FieldPath:
        m = _PATH_RE.match(text)
        if m is None:
            raise ValueError(f"not a field path: {text!r}")
        within, index, field, lang = m.groups()
        return cls(field, lang, within, int(index) if index else 0)


_PATH_RE = re.compile(r"^(?:([a-z_]+)\[(\d+)\]\.)?([a-z_0-9]+)(?:\.(zh|en))?$")


def _meta(*, toml: bool = True, optional: bool = False, rest: bool = False) -> dict[str, bool]:
    return {"toml": toml, "optional": optional, "rest": rest}


@dataclasses.dataclass(frozen=True)
class Spec:
    """One line of the specifications table."""

    key: Text = Text()
    value: Text = Text()


@dataclasses.dataclass(frozen=True)
class Media:
    """One image or video of the gallery. An image's ``file`` is its display rendition in the
    media dir; a video's (``kind`` "video") is the video itself, ``poster`` the display
    rendition of its first frames (the thumbnail, and the picture until playback starts)."""

    file: str = ""
    kind: str = dataclasses.field(default="image", metadata=_meta(toml=False))
    caption: Text = Text()
    width: int = dataclasses.field(default=0, metadata=_meta(toml=False))
    height: int = dataclasses.field(default=0, metadata=_meta(toml=False))
    sha256: str = dataclasses.field(default="", metadata=_meta(toml=False))
    poster: str = dataclasses.field(default="", metadata=_meta(toml=False))
    duration_ms: int = dataclasses.field(default=0, metadata=_meta(toml=False))

    @property
    def picture(self) -> str:
        """The still picture to show: the image, or the video's poster."""
        return self.poster if self.kind == "video" else self.file


@dataclasses.dataclass(frozen=True)
class Narration:
    """The audio guide in one language: ``audio/narration.<lang>.<ext>`` of the content folder,
    stored in the media dir as ``file``; ``synthesized`` when ``kiosk narrate`` made it."""

    lang: str = ""
    file: str = ""
    duration_ms: int = 0
    synthesized: bool = False
    sha256: str = ""


@dataclasses.dataclass(frozen=True)
class Chart:
    """A live chart: its title, and the spec ``kiosk.charts.spec`` parses."""

    title: Text = Text()
    spec: dict[str, Any] = dataclasses.field(default_factory=dict, metadata=_meta(rest=True))


@dataclasses.dataclass(frozen=True)
class Exhibit:
    slug: str
    position: int = 0
    category: str = "instrument"
    published: bool = False
    title: Text = Text()
    summary: Text = Text()
    body: Text = Text()
    specs: tuple[Spec, ...] = ()
    media: tuple[Media, ...] = ()
    charts: tuple[Chart, ...] = ()
    # engagement (kiosk.content.engagement checks them): the 扫码带走 link per language and
    # the publish window, local "YYYY-MM-DD HH:MM" times ("" = open)
    link: Text = dataclasses.field(default=Text(), metadata=_meta(optional=True))
    show_from: str = ""
    show_until: str = ""
    # found as files (audio/narration.<lang>.<ext>), not written in exhibit.toml
    narrations: tuple[Narration, ...] = dataclasses.field(default=(), metadata=_meta(toml=False))

    @property
    def hero(self) -> Media | None:
        return self.media[0] if self.media else None

    def link_for(self, lang: str) -> str:
        return self.link.get(lang) if self.link.zh and self.link.en else ""

    def shown_at(self, now_local: str) -> bool:
        """Inside its publish window at local time ``now_local``?"""
        return ((not self.show_from or self.show_from <= now_local)
                and (not self.show_until or now_local < self.show_until))
    def narration(self, lang: str) -> Narration | None:
        return next((n for n in self.narrations if n.lang == lang), None)


# --- what the fields are ---------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class FieldInfo:
    name: str
    kind: str                 # "text", "items", "dict", "bool", "int", "str"
    item: type | None         # the item class of an "items" field
    default: Any
    toml: bool
    optional: bool
    rest: bool


_FIELDS: dict[type, tuple[FieldInfo, ...]] = {}


def fields_of(cls: type) -> tuple[FieldInfo, ...]:
    """The record fields of a record class, with their kind and metadata, in order."""
    known = _FIELDS.get(cls)
    if known is None:
        known = _FIELDS[cls] = _fields_of(cls)
    return known


def _fields_of(cls: type) -> tuple[FieldInfo, ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        origin = typing.get_origin(hint)
        item: type | None = None
        if hint is Text:
            kind = "text"
        elif origin is tuple:
            kind, item = "items", typing.get_args(hint)[0]
        elif origin is dict or hint is dict:
            kind = "dict"
        elif hint in (bool, int, str):
            kind = hint.__name__
        else:
            raise TypeError(f"{cls.__name__}.{f.name}: no mapping for {hint!r}")
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = None
        meta = f.metadata
        out.append(FieldInfo(f.name, kind, item, default, meta.get("toml", True),
                             meta.get("optional", False), meta.get("rest", False)))
    return tuple(out)


def item_fields() -> tuple[FieldInfo, ...]:
    """The exhibit's list fields (each a child table of the same name)."""
    return tuple(f for f in fields_of(Exhibit) if f.kind == "items")


# --- database rows ---------------------------------------------------------------------------

def _flat(obj: object) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for f in fields_of(type(obj)):
        value = getattr(obj, f.name)
        if f.kind == "text":
            for lang in LANGS:
                row[f"{f.name}_{lang}"] = value.get(lang)
        elif f.kind == "dict":
            row[f.name] = json.dumps(value, ensure_ascii=False)
        elif f.kind == "bool":
            row[f.name] = int(value)
        elif f.kind != "items":
            row[f.name] = value
    return row


def _unflat(cls: type[R], row: dict[str, Any], **extra: Any) -> R:
    kwargs: dict[str, Any] = {}
    for f in fields_of(cls):
        if f.kind == "items":
            continue
        if f.kind == "text":
            kwargs[f.name] = Text(*(row.get(f"{f.name}_{lang}") or "" for lang in LANGS))
            continue
        value = row.get(f.name)
        if value is None:
            kwargs[f.name] = copy.deepcopy(f.default)
        elif f.kind == "dict":
            kwargs[f.name] = json.loads(value) if isinstance(value, str) else dict(value)
        elif f.kind == "bool":
            kwargs[f.name] = bool(value)
        else:
            kwargs[f.name] = value
    kwargs.update(extra)
    return cls(**kwargs)


def exhibit_row(ex: Exhibit) -> dict[str, Any]:
    """The ``exhibits`` row of ``ex`` (without the bookkeeping columns)."""
    return _flat(ex)


def child_rows(ex: Exhibit) -> dict[str, list[dict[str, Any]]]:
    """The rows of each child table (``specs``, ``media``, ``charts``…), in order."""
    return {f.name: [{"exhibit": ex.slug, "position": i, **_flat(item)}
                     for i, item in enumerate(getattr(ex, f.name))]
            for f in item_fields()}


def from_rows(row: dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> Exhibit:
    """The record of an ``exhibits`` row and its child rows (each list in position order)."""
    items: dict[str, tuple[Any, ...]] = {
        f.name: tuple(_unflat(typing.cast(type, f.item), r) for r in children.get(f.name, []))
        for f in item_fields()}
    return _unflat(Exhibit, row, **items)


# --- draft JSON ------------------------------------------------------------------------------

def to_json(obj: Any) -> Any:
    """A plain JSON value of a record (or part of one); the editor's working copy."""
    if isinstance(obj, Text):
        return obj.as_dict()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in fields_of(type(obj))}
    if isinstance(obj, tuple | list):
        return [to_json(v) for v in obj]
    return copy.deepcopy(obj)


def from_json(cls: type[R], data: object, *, where: str = "") -> R:
    """A record from JSON, forgiving: missing values take their defaults, texts become text.

    Raises RecordError when ``data`` is not an object, or a value without a default (an
    exhibit's slug, a media entry's file) is missing or of the wrong type.
    """
    name = where or cls.__name__
    if not isinstance(data, dict):
        raise RecordError(f"{name}: must be an object")
    kwargs: dict[str, Any] = {}
    for f in fields_of(cls):
        value = data.get(f.name)
        if f.kind == "text":
            kwargs[f.name] = Text.of(value)
        elif f.kind == "items":
            kwargs[f.name] = tuple(from_json(typing.cast(type, f.item), v, where=f"{f.name}[{i}]")
                                   for i, v in enumerate(value or [], 1) if isinstance(v, dict))
        elif f.kind == "dict":
            kwargs[f.name] = copy.deepcopy(value) if isinstance(value, dict) else {}
        elif f.kind == "bool":
            kwargs[f.name] = f.default if value is None else bool(value)
        elif f.kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
            if not ok and isinstance(value, float) and value.is_integer():
                value, ok = int(value), True
            kwargs[f.name] = value if ok else f.default if f.default is not None else 0
        elif isinstance(value, str) and value:  # str
            kwargs[f.name] = value
        elif f.name in _REQUIRED.get(cls.__name__, ()):
            raise RecordError(f"{name}: {f.name} missing")
        else:
            kwargs[f.name] = f.default if isinstance(f.default, str) else ""
    return cls(**kwargs)


# strings without which a record means nothing
_REQUIRED = {"Exhibit": ("slug",), "Media": ("file",), "Narration": ("lang", "file")}


# --- walking a record ------------------------------------------------------------------------

def texts(ex: Exhibit) -> Iterator[tuple[FieldPath, Text, bool]]:
    """Every text of ``ex`` with its path (language left open) and whether it is required."""
    for f in fields_of(Exhibit):
        if f.kind == "text":
            yield FieldPath(f.name), getattr(ex, f.name), not f.optional
        elif f.kind == "items":
            for i, item in enumerate(getattr(ex, f.name), 1):
                for g in fields_of(type(item)):
                    if g.kind == "text":
                        yield (FieldPath(g.name, within=f.name, index=i), getattr(item, g.name),
                               not g.optional)


def missing_translations(ex: Exhibit) -> list[FieldPath]:
    """The paths of every required text left empty, in form order."""
    return [dataclasses.replace(path, lang=lang)
            for path, text, required in texts(ex) if required for lang in text.missing()]


def value_at(ex: Exhibit, path: FieldPath) -> Any:
    """The value at ``path`` (a ``str`` when the path names a language)."""
    obj: Any = getattr(ex, path.within)[path.index - 1] if path.within else ex
    value = getattr(obj, path.field)
    return value.get(path.lang) if path.lang else value


def with_value(ex: Exhibit, path: FieldPath, value: Any) -> Exhibit:
    """A copy of ``ex`` with ``value`` at ``path`` (one language of a text when it names one)."""
    def put(obj: Any) -> Any:
        if path.lang:
            text = getattr(obj, path.field)
            return dataclasses.replace(obj, **{path.field: dataclasses.replace(
                text, **{path.lang: value})})
        return dataclasses.replace(obj, **{path.field: value})

    if not path.within:
        return typing.cast(Exhibit, put(ex))
    items = list(getattr(ex, path.within))
    items[path.index - 1] = put(items[path.index - 1])
    changes: dict[str, Any] = {path.within: tuple(items)}
    return dataclasses.replace(ex, **changes)


def stripped(obj: R) -> R:
    """A copy with every text stripped of surrounding blanks."""
    changes: dict[str, Any] = {}
    for f in fields_of(type(obj)):
        value = getattr(obj, f.name)
        if f.kind == "text":
            changes[f.name] = value.stripped()
        elif f.kind == "items":
            changes[f.name] = tuple(stripped(v) for v in value)
    return dataclasses.replace(obj, **changes)  # type: ignore[type-var]


def matches(ex: Exhibit, query: str) -> bool:
    """Whether the exhibit's own texts (either language) contain ``query`` (ignoring case)."""
    q = query.strip().casefold()
    return not q or any(q in getattr(ex, f).get(lang).casefold()
                        for f in TEXT_FIELDS for lang in LANGS)


# --- content TOML ----------------------------------------------------------------------------

def toml_fields(cls: type) -> tuple[FieldInfo, ...]:
    """The fields an exhibit.toml holds for ``cls`` (derived values left out)."""
    return tuple(f for f in fields_of(cls) if f.toml and f.name != "slug")


def to_toml(obj: Any) -> dict[str, Any]:
    """The TOML table of a record or an item (``rest`` dicts merged into it)."""
    out: dict[str, Any] = {}
    for f in toml_fields(type(obj)):
        value = getattr(obj, f.name)
        if f.kind == "items":
            out[f.name] = [to_toml(v) for v in value]
        elif f.rest:
            out.update({k: copy.deepcopy(v) for k, v in value.items() if k not in out})
        else:
            out[f.name] = to_json(value)
    return out
