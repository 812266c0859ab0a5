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
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from kiosk import settings
from kiosk.bundles import safezip, signature
from kiosk.bundles.safezip import BundleRefused
from kiosk.content import store
from kiosk.content.loader import ContentError, load_content
from kiosk.content.seed import import_media, mark_edited, write_content
from kiosk.curation import audit
from kiosk.ops.backup import BackupError, backup_db
from kiosk.reasons import Reason

STAGING_PREFIX = ".import-staging-"
RELEASE_KEY = "fleet.release"  # settings row: the signed release the content came from
Progress = Callable[[str], None]


@dataclasses.dataclass(frozen=True)
class ReleaseInfo:
    """What a bundle says about itself: its release version if signed, and its digests."""

    version: int | None
    rollback: bool
    key_id: str | None
    manifest_sha256: str
    bundle_sha256: str

    def record(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def inspect(bundle: Path, public_keys: Sequence[str] = ()) -> ReleaseInfo:
    """Check the signature (required once ``public_keys`` is set) and read the release info."""
    digest = hashlib.sha256()
    try:
        with open(bundle, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        zf = zipfile.ZipFile(bundle)
    except FileNotFoundError as exc:
        raise BundleRefused([Reason("bundle.not_found", f"{bundle}: no such file")]) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleRefused([Reason("bundle.not_zip",
                                    f"{Path(bundle).name}: not a zip file ({exc})")]) from exc
    with zf:
        try:
            raw = zf.read(safezip.MANIFEST)
        except KeyError as exc:
            raise BundleRefused([Reason("bundle.no_manifest", f"{safezip.MANIFEST}: missing "
                                        "(not a kiosk bundle?)")]) from exc
        except (zipfile.BadZipFile, OSError) as exc:
            raise BundleRefused([Reason("bundle.damaged",
                                        f"{safezip.MANIFEST}: damaged ({exc})")]) from exc
        sig = signature.verify(zf, public_keys) if public_keys else None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleRefused([Reason("bundle.manifest_json",
                                    f"{safezip.MANIFEST}: not valid JSON ({exc})")]) from exc
    release = manifest.get("release") if isinstance(manifest, dict) else None
    version: int | None = None
    rollback = False
    if sig is not None and isinstance(release, dict):  # an unsigned claim means nothing
        v = release.get("version")
        if isinstance(v, int) and not isinstance(v, bool) and v >= 1:
            version = v
        rollback = release.get("rollback") is True
    return ReleaseInfo(version, rollback, sig["key_id"] if sig else None,
                       hashlib.sha256(raw).hexdigest(), digest.hexdigest())


def pinned_keys(cfg: settings.Config) -> list[str]:
    """The release keys a kiosk trusts (``fleet.public_keys``); once set, every import
    (USB or fleet) must be signed by one of them. A bad value trusts nothing but refuses all."""
    text = str(cfg["fleet.public_keys"])
    if not text.strip():
        return []
    try:
        return signature.parse_public_list(text)
    except signature.SigningKeyError as exc:
        raise BundleRefused([Reason("bundle.bad_keys", f"fleet.public_keys: {exc}")]) from exc


def current_release(db: Database) -> dict[str, Any] | None:
    """The release record of the content now in ``db`` (None: seeded or never imported)."""
    value = store.get_setting(db, RELEASE_KEY)
    return value if isinstance(value, dict) else None


def check_not_older(info: ReleaseInfo, current: dict[str, Any] | None) -> None:
    """Refuse going back to an older release, unless the author signed it as a rollback."""
    have = (current or {}).get("version")
    if info.version is None or not isinstance(have, int):
        return
    if info.version < have and not info.rollback:
        raise BundleRefused([Reason("bundle.older", f"release {info.version} is older than "
                                    f"release {have} shown now (only a release signed as a "
                                    "rollback may go back)")])
    if info.version == have and current and current.get("bundle_sha256") not in (
            None, info.bundle_sha256):
        raise BundleRefused([Reason("bundle.version_reused",
                                    f"release {info.version} differs from the release {have} "
                                    "already here (a version number is never reused)")])


@dataclasses.dataclass(frozen=True)
class ImportResult:
    exhibits: int
    images: int
    backup: Path
    drafts_replaced: int
    release: ReleaseInfo | None = None


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
                  progress: Progress | None = None,
                  public_keys: Sequence[str] = ()) -> ImportResult:
    """Replace all content with ``bundle``; raise BundleRefused (nothing changed) on bad input.

    With ``public_keys`` (``fleet.public_keys``), only a bundle signed by one of them is taken,
    and never an older release than the one shown now unless signed as a rollback. USB bundles
    and fleet releases both come through here.
    """
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
                info = inspect(bundle, public_keys)
                check_not_older(info, current_release(db))
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
                # in the same transaction: the release record never disagrees with the content
                store.set_setting(db, RELEASE_KEY, info.record())
                audit.record(db, "import", target=bundle.name,
                             detail=f"{len(content.exhibits)} exhibits; backup {backup.name}")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return ImportResult(len(content.exhibits), len(images), backup, drafts, info)
