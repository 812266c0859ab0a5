"""Write the content of the database to a bundle zip (content folder format + manifest.json).

The zip is written under a temporary name beside the target and renamed at the end, so a
USB stick pulled mid-export never holds a half bundle under the real name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image
from sqlite_utils import Database

from kiosk.bundles import toml_writer as tw
from kiosk.bundles.safezip import SIGNATURE
from kiosk.content import engagement, messages, queries, record, store
from kiosk.content.record import LANGS, Media
from kiosk.curation import audit
from kiosk.media import images

MANIFEST = "manifest.json"
FORMAT = 1
_FILE_MODE = 0o100644 << 16  # a regular file, rw-r--r--


class ExportError(Exception):
    """The bundle could not be written; the message says why."""


@dataclasses.dataclass(frozen=True)
class ExportResult:
    path: Path
    exhibits: int
    files: int
    warnings: tuple[str, ...]


def _text(row: dict[str, Any], field: str) -> dict[str, str]:
    return {lang: row.get(f"{field}_{lang}") or "" for lang in LANGS}


def _image_name(media_dir: Path, slug: str, media: Media,
                warnings: list[str]) -> tuple[str, Path]:
    """The bundle file name and source of an image: the original as imported, by sha256."""
    sha = media.sha256
    original = images.find_original(media_dir, sha) if sha else None
    if original is None:
        # older databases may lack originals; the display rendition is the best we still have
        original = media_dir / media.file
        warnings.append(f"{slug}: original of {media.file} missing, exported the "
                        "display rendition instead")
    ext = original.suffix.lower()
    if ext not in (".png", ".jpg", ".webp"):
        with Image.open(original, formats=images.FORMATS) as im:
            ext = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[str(im.format)]
    return f"{sha or original.stem}{ext}", original


def _exhibit_toml(db: Database, slug: str, files: dict[str, Path | bytes],
                  media_dir: Path, warnings: list[str]) -> str:
    ex = store.read_exhibit(db, slug)
    assert ex is not None
    base = f"exhibits/{slug}"
    media = []
    for m in ex.media:
        if m.kind == "video":  # stored as imported: the file itself, named by its sha256
            name, source = PurePosixPath(m.file).name, media_dir / m.file
        else:
            name, source = _image_name(media_dir, slug, m, warnings)
        files[f"{base}/{name}"] = source
        media.append(dataclasses.replace(m, file=name))
    for n in ex.narrations:  # found again by name on import
        files[f"{base}/audio/narration.{n.lang}{PurePosixPath(n.file).suffix}"] = media_dir / n.file
    for r in db["recordings"].rows_where("exhibit = ?", [slug], order_by="name"):
        files[f"{base}/recordings/{r['name']}.csv"] = r["data"].encode("utf-8")
    doc = record.to_toml(dataclasses.replace(ex, media=tuple(media)))
    arrays = {f.name: doc.pop(f.name) for f in record.item_fields() if f.toml}
    return tw.document(doc, arrays=arrays)


def _showroom_toml(db: Database) -> str:
    texts = {r["key"]: {"zh": r["zh"], "en": r["en"]}
             for r in db["showroom_texts"].rows_where(order_by="key")}
    sections = [{"key": r["key"], "title": _text(r, "title"), "body": _text(r, "body")}
                for r in db["showroom_sections"].rows_where(order_by="position")]
    tables: dict[str, dict[str, Any]] = {"texts": texts}
    contact = queries.showroom_contact(db)
    if contact is not None:
        tables["contact"] = engagement.contact_to_toml(contact)
    apply = queries.showroom_apply(db)
    if apply is not None:
        tables["apply"] = engagement.apply_to_toml(apply)
    arrays: dict[str, list[Mapping[str, Any]]] = {
        "sections": list(sections),
        "messages": [messages.to_toml(m) for m in queries.scheduled_messages(db)]}
    return tw.document({}, tables=tables, arrays=arrays)


def collect(db: Database, *, media_dir: Path) -> tuple[dict[str, Path | bytes], int, list[str]]:
    """Every bundle file (path → bytes or source file), read in one consistent snapshot."""
    files: dict[str, Path | bytes] = {}
    warnings: list[str] = []
    with db.atomic():  # one read transaction: a concurrent publish cannot tear the bundle
        files["showroom.toml"] = _showroom_toml(db).encode("utf-8")
        rows = list(db["exhibits"].rows_where("deleted_at IS NULL", order_by="position, slug"))
        for row in rows:
            toml = _exhibit_toml(db, row["slug"], files, media_dir, warnings)
            files[f"exhibits/{row['slug']}/exhibit.toml"] = toml.encode("utf-8")
    return files, len(rows), warnings


def _add(zf: zipfile.ZipFile, path: str, source: Path | bytes) -> dict[str, Any]:
    info = zipfile.ZipInfo(path, date_time=dt.datetime.now().timetuple()[:6])
    info.external_attr = _FILE_MODE
    info.create_system = 3
    compressed = isinstance(source, bytes)  # images are compressed already
    info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
    digest, size = hashlib.sha256(), 0
    with (io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")) as stream, \
            zf.open(info, "w") as out:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"path": path, "sha256": digest.hexdigest(), "size": size}


def write_bundle(files: dict[str, Path | bytes], out: Path, *,
                 extra: dict[str, Any] | None = None,
                 sign: Callable[[bytes], bytes] | None = None) -> int:
    """Write the zip atomically; returns the number of content files.

    ``extra`` adds keys to the manifest (a release's version); ``sign`` turns the manifest's
    bytes into the ``manifest.sig`` entry of a signed release.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w") as zf:
                listed = [_add(zf, path, src) for path, src in sorted(files.items())]
                created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
                manifest = {"format": FORMAT, "created": created, **(extra or {}),
                            "files": listed}
                raw_manifest = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                _add(zf, MANIFEST, raw_manifest)
                if sign is not None:
                    _add(zf, SIGNATURE, sign(raw_manifest))
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return len(files)


def export_bundle(db: Database, out: Path, *, media_dir: Path) -> ExportResult:
    """Write every exhibit that is not deleted (published and hidden) to ``out`` and audit it."""
    try:
        files, count, warnings = collect(db, media_dir=Path(media_dir))
        n = write_bundle(files, out)
    except OSError as exc:
        raise ExportError(f"{out}: cannot write the bundle ({exc.strerror or exc})") from exc
    audit.record(db, "export", target=Path(out).name, detail=f"{count} exhibits, {n} files")
    return ExportResult(Path(out), count, n, tuple(warnings))


def export_to(db_path: Path, out: Path) -> ExportResult:
    """The command-line entry: open the database, export, close."""
    with store.opened(db_path) as db:
        return export_bundle(db, out, media_dir=store.media_dir_for(db_path))
