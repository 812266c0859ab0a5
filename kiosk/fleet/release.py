"""Make a signed release from the author's content: the bundle format plus ``manifest.sig``."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.bundles import export, signature
from kiosk.bundles.safezip import MANIFEST
from kiosk.content import store
from kiosk.fleet.protocol import Release


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def release_name(version: int) -> str:
    return f"release-{version:06d}.zip"


def build(db_path: Path, out_dir: Path, *, key: Ed25519PrivateKey, version: int,
          base_url: str, rollback: bool = False) -> tuple[Release, Path]:
    """Export the published content of ``db_path`` as signed release ``version``."""
    out = Path(out_dir) / release_name(version)
    with store.opened(db_path) as db:
        files, _count, _warnings = export.collect(db, media_dir=store.media_dir_for(db_path))
    export.write_bundle(files, out, extra={"release": {"version": version, "rollback": rollback}},
                        sign=lambda manifest: signature.sign_manifest(key, manifest))
    return describe(out, base_url=base_url), out


def describe(path: Path, *, base_url: str) -> Release:
    """The ``desired.release`` of a signed release file (version and signature from inside)."""
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        sig = signature.read_signature(zf)
    if sig is None:
        raise ValueError(f"{path}: not signed")
    info = manifest.get("release") or {}
    return Release(version=int(info["version"]), sha256=file_sha256(path),
                   size=path.stat().st_size, url=f"{base_url.rstrip('/')}/releases/{path.name}",
                   key_id=sig["key_id"], signature=sig["signature"],
                   rollback=bool(info.get("rollback", False)))
