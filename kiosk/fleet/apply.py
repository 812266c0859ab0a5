"""Apply a downloaded release on a kiosk: the USB importer, then a self-check, else roll back.

Everything here is blocking file and SQLite work; the agent runs it in a thread. The importer
stages, backs up and replaces the content in one transaction, so a ``kill -9`` at any moment
leaves the old content or the new, never a mix; the rollback copies the backup back with
SQLite's backup API, itself one transaction.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kiosk.bundles import importer, signature
from kiosk.bundles.importer import ImportResult
from kiosk.bundles.safezip import BundleRefused
from kiosk.content import queries
from kiosk.fleet.protocol import Release
from kiosk.ops.backup import quick_check
from kiosk.reasons import Reason


@dataclasses.dataclass(frozen=True)
class ContentState:
    """What the kiosk shows now, from the release record in its database."""

    version: int | None = None
    manifest_sha256: str = ""
    bundle_sha256: str = ""


def current(db_path: Path) -> ContentState:
    try:
        conn = queries.open_readonly(Path(db_path))
    except Exception:  # no database yet: nothing shown from the fleet
        return ContentState()
    try:
        rec = queries.get_setting(conn, importer.RELEASE_KEY)
    except sqlite3.Error:
        rec = None
    finally:
        conn.close()
    if not isinstance(rec, dict):
        return ContentState()
    v = rec.get("version")
    return ContentState(v if isinstance(v, int) else None, str(rec.get("manifest_sha256") or ""),
                        str(rec.get("bundle_sha256") or ""))


def verify(path: Path, rel: Release, public_keys: Sequence[str]) -> importer.ReleaseInfo:
    """The signature and version of a downloaded release; BundleRefused naming the problem."""
    info = importer.inspect(path, public_keys)
    with zipfile.ZipFile(path) as zf:
        sig = signature.read_signature(zf)
    if sig is None or sig["signature"] != rel.signature:
        raise BundleRefused([Reason("bundle.bad_signature", "the release's signature differs "
                                    "from the one the author announced in desired")])
    if info.version != rel.version:
        raise BundleRefused([Reason("bundle.wrong_release", f"the bundle is release "
                                    f"{info.version}, desired announced release {rel.version}")])
    return info


def import_release(db_path: Path, path: Path, *, public_keys: Sequence[str],
                   keep_backups: int) -> ImportResult:
    return importer.import_bundle(db_path, path, keep_backups=keep_backups,
                                  public_keys=public_keys)


def self_check(db_path: Path) -> str | None:
    """None if the database is sound and every exhibit opens, else the problem."""
    problem = quick_check(Path(db_path))
    if problem is not None:
        return f"database integrity: {problem}"
    try:
        conn = queries.open_readonly(Path(db_path))
    except Exception as exc:
        return f"database cannot be opened: {exc}"
    try:
        exhibits = queries.list_exhibits(conn, include_hidden=True)
        for ex in exhibits:
            if queries.get_exhibit(conn, ex.slug, include_hidden=True) is None:
                return f"exhibit {ex.slug} does not open"
        queries.showroom_texts(conn)
    except Exception as exc:
        return f"content does not open: {exc.__class__.__name__}: {exc}"
    finally:
        conn.close()
    return None


def restore(db_path: Path, backup: Path) -> None:
    """Put the backup's content back into the live database, in one transaction."""
    src = sqlite3.connect(f"{Path(backup).resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(str(db_path))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def integrity(db_path: Path) -> str:
    return quick_check(Path(db_path)) or "ok"


def summary(result: ImportResult) -> dict[str, Any]:
    return {"exhibits": result.exhibits, "images": result.images, "backup": result.backup.name}
