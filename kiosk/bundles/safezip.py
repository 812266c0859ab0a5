"""Check a bundle zip before anything is written, and extract it while verifying it.

Every check refuses with BundleRefused naming the entry and the reason. Sizes declared in the
zip are only trusted for the early checks: extraction counts and hashes the real bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"  # a signed release's detached signature (kiosk.bundles.signature)
FORMAT = 1
MAX_ENTRIES = 10_000
MAX_TOTAL_BYTES = 2 * 1024 ** 3
MAX_RATIO = 100
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_DRIVE_RE = re.compile(r"^[A-Za-z]:")


class BundleRefused(Exception):
    """The bundle was refused and nothing was changed; ``reasons`` says why, one per line."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("\n".join(reasons))


def _name_problem(name: str) -> str | None:
    if not name or "\0" in name:
        return "empty or invalid name"
    if "\\" in name:
        return "backslash in the path (not a portable zip path)"
    if name.startswith("/") or _DRIVE_RE.match(name):
        return "absolute path"
    parts = name.rstrip("/").split("/")
    if any(p == ".." for p in parts):
        return "'..' in the path"
    if any(p in ("", ".") for p in parts):
        return "empty or '.' path component"
    return None


def _type_problem(info: zipfile.ZipInfo) -> str | None:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if info.is_dir():
        return None if kind in (0, stat.S_IFDIR) else "a directory entry with a file type"
    if kind == stat.S_IFLNK:
        return "symbolic link"
    if kind not in (0, stat.S_IFREG):
        return "not a regular file"
    return None


def check_entries(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The regular-file entries of a zip that passed every structural check."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BundleRefused([f"too many entries: {len(infos):,} (limit {MAX_ENTRIES:,})"])
    problems: list[str] = []
    seen: set[str] = set()
    total = 0
    files = []
    for info in infos:
        name = info.filename
        why = _name_problem(name) or _type_problem(info)
        if why is None and info.flag_bits & 0x1:
            why = "encrypted entry"
        if why is None and info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            why = "unsupported compression method"
        if why is None and name.rstrip("/") in seen:
            why = "duplicate entry"
        if why is None and not info.is_dir() and info.file_size > 0:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                why = f"compression ratio {ratio:.0f} is over {MAX_RATIO} (a zip bomb?)"
        if why is not None:
            problems.append(f"{name!r}: {why}")
            continue
        seen.add(name.rstrip("/"))
        total += info.file_size
        if not info.is_dir():
            files.append(info)
    if total > MAX_TOTAL_BYTES:
        problems.append(f"uncompressed size {total:,} bytes is over the limit of "
                        f"{MAX_TOTAL_BYTES:,}")
    if problems:
        raise BundleRefused(problems)
    return files


def read_manifest(zf: zipfile.ZipFile, files: list[zipfile.ZipInfo]) -> dict[str, dict[str, Any]]:
    """``path -> {sha256, size}`` from manifest.json, checked against the zip's entries."""
    by_name = {i.filename: i for i in files}
    info = by_name.get(MANIFEST)
    if info is None:
        raise BundleRefused([f"{MANIFEST}: missing (not a kiosk bundle?)"])
    if info.file_size > MAX_MANIFEST_BYTES:
        raise BundleRefused([f"{MANIFEST}: too large ({info.file_size:,} bytes)"])
    try:
        data = json.loads(zf.read(info).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleRefused([f"{MANIFEST}: not valid JSON ({exc})"]) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleRefused([f"{MANIFEST}: damaged ({exc})"]) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        fmt = data.get("format") if isinstance(data, dict) else None
        raise BundleRefused([f"{MANIFEST}: format {fmt!r} is not {FORMAT}"])
    if not isinstance(data.get("created"), str):
        raise BundleRefused([f"{MANIFEST}: created: missing"])
    listed: dict[str, dict[str, Any]] = {}
    problems = []
    entries = data.get("files")
    if not isinstance(entries, list):
        raise BundleRefused([f"{MANIFEST}: files: must be a list"])
    for i, e in enumerate(entries, 1):
        ok = (isinstance(e, dict) and isinstance(e.get("path"), str)
              and isinstance(e.get("sha256"), str) and _SHA_RE.match(e["sha256"])
              and isinstance(e.get("size"), int) and not isinstance(e.get("size"), bool)
              and e["size"] >= 0)
        if not ok:
            problems.append(f"{MANIFEST}: files[{i}]: needs path, sha256 (64 hex digits) and size")
            continue
        if e["path"] in listed:
            problems.append(f"{MANIFEST}: files[{i}]: {e['path']!r} listed twice")
        listed[e["path"]] = {"sha256": e["sha256"], "size": e["size"]}
    for path in sorted(set(listed) - set(by_name)):
        problems.append(f"{path!r}: listed in the manifest but missing from the bundle")
    for path in sorted(set(by_name) - set(listed) - {MANIFEST, SIGNATURE}):
        problems.append(f"{path!r}: in the bundle but not listed in the manifest")
    if problems:
        raise BundleRefused(problems)
    return listed


def extract(zf: zipfile.ZipFile, files: list[zipfile.ZipInfo],
            listed: dict[str, dict[str, Any]], dest: Path) -> None:
    """Extract every listed file under ``dest``, checking its size and sha256 as it streams."""
    dest = Path(dest).resolve()
    problems = []
    for info in files:
        if info.filename in (MANIFEST, SIGNATURE):
            continue
        want = listed[info.filename]
        target = dest.joinpath(*PurePosixPath(info.filename).parts).resolve()
        if dest not in target.parents:  # already refused by name; belt and braces
            problems.append(f"{info.filename!r}: outside the bundle folder")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        try:
            with zf.open(info) as src, open(target, "xb") as out:
                while chunk := src.read(1 << 20):
                    size += len(chunk)
                    if size > want["size"]:
                        break
                    digest.update(chunk)
                    out.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            problems.append(f"{info.filename!r}: damaged ({exc})")
            continue
        if size != want["size"]:
            problems.append(f"{info.filename!r}: size differs from the manifest "
                            f"({'more than ' if size > want['size'] else ''}{size} bytes, "
                            f"manifest says {want['size']})")
        elif digest.hexdigest() != want["sha256"]:
            problems.append(f"{info.filename!r}: sha256 differs from the manifest")
    if problems:
        raise BundleRefused(problems)
