"""Replace the content with a bundle zip: check everything, back up, apply in one transaction.

Order matters for crash safety: every check and every image decode happens in a staging folder
beside the database; new media files are then moved into the content-addressed media dir
(extra files there are harmless); the database is backed up; and only then are the content
tables replaced in a single SQLite transaction. A refused or interrupted import leaves the
content exactly as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from sqlite_utils import Database

from kiosk.bundles import safezip
from kiosk.bundles.safezip import BundleRefused
from kiosk.content import store
from kiosk.content.loader import ContentError, load_content
from kiosk.content.seed import import_media, mark_edited, write_content
from kiosk.curation import audit
from kiosk.ops.backup import BackupError, backup_db
from kiosk.reasons import Reason

STAGING_PREFIX = ".import-staging-"
Progress = Callable[[str], None]


@dataclasses.dataclass(frozen=True)
class ImportResult:
    exhibits: int
    images: int
    backup: Path
    drafts_replaced: int


def _clean_stale_staging(db_dir: Path) -> None:
    """An import killed half-way leaves its staging folder; nothing in it is needed."""
    for old in db_dir.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(old, ignore_errors=True)


def _move_media(staged: Path, media_dir: Path) -> None:
    """Move staged renditions into the media dir; content addressing makes existing ones equal."""
    for src in sorted(p for p in staged.rglob("*") if p.is_file()):
        target = media_dir / src.relative_to(staged)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, target)  # same file system: staging lives beside the database


def stage(bundle: Path, staging: Path, *, progress: Progress | None = None) -> Path:
    """Check and extract ``bundle`` into ``staging``; return the content folder."""
    note = progress or (lambda _stage: None)
    note("checking")
    try:
        zf = zipfile.ZipFile(bundle)
    except FileNotFoundError as exc:
        raise BundleRefused([Reason("bundle.not_found", f"{bundle}: no such file")]) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleRefused([Reason("bundle.not_zip",
                                    f"{bundle.name}: not a zip file ({exc})")]) from exc
    with zf:
        files = safezip.check_entries(zf)
        listed = safezip.read_manifest(zf, files)
        note("extracting")
        root = staging / "bundle"
        root.mkdir()
        safezip.extract(zf, files, listed, root)
    return root


def _refuse(db: Database, bundle: Path, reasons: list[Reason]) -> None:
    with contextlib.suppress(Exception):  # the refusal itself matters more than its audit line
        audit.record(db, "import_refused", target=bundle.name, detail=reasons[0][:500])


def import_bundle(db_path: Path, bundle: Path, *, keep_backups: int = 7,
                  progress: Progress | None = None) -> ImportResult:
    """Replace all content with ``bundle``; raise BundleRefused (nothing changed) on bad input."""
    db_path, bundle = Path(db_path), Path(bundle)
    note = progress or (lambda _stage: None)
    db_dir = db_path.resolve().parent
    db_dir.mkdir(parents=True, exist_ok=True)
    _clean_stale_staging(db_dir)
    media_dir = store.media_dir_for(db_path)
    with store.opened(db_path) as db:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=db_dir))
        try:
            try:
                root = stage(bundle, staging, progress=progress)
                note("validating")
                content = load_content(root)
                note("images")
                images = import_media(content, staging / "media")
            except ContentError as exc:
                _refuse(db, bundle, exc.problems)
                raise BundleRefused(exc.problems) from exc
            except BundleRefused as exc:
                _refuse(db, bundle, exc.reasons)
                raise
            note("applying")
            _move_media(staging / "media", media_dir)
            try:
                backup = backup_db(db_path, reason="before-import", keep=keep_backups)
            except BackupError as exc:  # no import without a way back
                reasons = [Reason("bundle.backup",
                                  f"the database could not be backed up first ({exc})")]
                _refuse(db, bundle, reasons)
                raise BundleRefused(reasons) from exc
            drafts = db.execute("SELECT count(*) FROM drafts").fetchone()[0]
            # the StoredImage paths are relative to a media dir, so they hold for the real one
            with db.atomic():
                write_content(db, content, images)
                mark_edited(db)
                audit.record(db, "import", target=bundle.name,
                             detail=f"{len(content.exhibits)} exhibits; backup {backup.name}")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return ImportResult(len(content.exhibits), len(images), backup, drafts)
