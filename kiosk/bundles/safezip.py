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

from kiosk.reasons import Reason

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
    """The bundle was refused and nothing was changed; ``reasons`` says why, one per line
    (each a ``kiosk.reasons.Reason``: the message and its code)."""

    def __init__(self, reasons: list[Reason]):
        self.reasons = reasons
        super().__init__("\n".join(reasons))


def _name_problem(name: str) -> tuple[str, str] | None:
    """(code, why) when an entry's name is unsafe or not portable."""
    if not name or "\0" in name:
        return "bundle.bad_entry", "empty or invalid name"
    if "\\" in name:
        return "bundle.bad_entry", "backslash in the path (not a portable zip path)"
    if name.startswith("/") or _DRIVE_RE.match(name):
        return "bundle.absolute", "absolute path"
    parts = name.rstrip("/").split("/")
    if any(p == ".." for p in parts):
        return "bundle.dotdot", "'..' in the path"
    if any(p in ("", ".") for p in parts):
        return "bundle.bad_entry", "empty or '.' path component"
    return None


def _type_problem(info: zipfile.ZipInfo) -> tuple[str, str] | None:
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    if info.is_dir():
        return None if kind in (0, stat.S_IFDIR) else (
            "bundle.bad_entry", "a directory entry with a file type")
    if kind == stat.S_IFLNK:
        return "bundle.symlink", "symbolic link"
    if kind not in (0, stat.S_IFREG):
        return "bundle.bad_entry", "not a regular file"
    return None


def check_entries(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The regular-file entries of a zip that passed every structural check."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BundleRefused([Reason("bundle.too_many",
                                    f"too many entries: {len(infos):,} (limit {MAX_ENTRIES:,})")])
    problems: list[Reason] = []
    seen: set[str] = set()
    total = 0
    files = []
    for info in infos:
        name = info.filename
        why = _name_problem(name) or _type_problem(info)
        if why is None and info.flag_bits & 0x1:
            why = "bundle.bad_entry", "encrypted entry"
        if why is None and info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            why = "bundle.bad_entry", "unsupported compression method"
        if why is None and name.rstrip("/") in seen:
            why = "bundle.bad_entry", "duplicate entry"
        if why is None and not info.is_dir() and info.file_size > 0:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO:
                why = ("bundle.ratio",
                       f"compression ratio {ratio:.0f} is over {MAX_RATIO} (a zip bomb?)")
        if why is not None:
            problems.append(Reason(why[0], f"{name!r}: {why[1]}"))
            continue
        seen.add(name.rstrip("/"))
        total += info.file_size
        if not info.is_dir():
            files.append(info)
    if total > MAX_TOTAL_BYTES:
        problems.append(Reason("bundle.too_big", f"uncompressed size {total:,} bytes is over "
                                                 f"the limit of {MAX_TOTAL_BYTES:,}"))
    if problems:
        raise BundleRefused(problems)
    return files


def read_manifest(zf: zipfile.ZipFile, files: list[zipfile.ZipInfo]) -> dict[str, dict[str, Any]]:
    """``path -> {sha256, size}`` from manifest.json, checked against the zip's entries."""
    by_name = {i.filename: i for i in files}
    info = by_name.get(MANIFEST)
    if info is None:
        raise BundleRefused([Reason("bundle.no_manifest",
                                    f"{MANIFEST}: missing (not a kiosk bundle?)")])

    def bad(why: str) -> BundleRefused:
        return BundleRefused([Reason("bundle.bad_manifest", f"{MANIFEST}: {why}")])

    if info.file_size > MAX_MANIFEST_BYTES:
        raise bad(f"too large ({info.file_size:,} bytes)")
    try:
        data = json.loads(zf.read(info).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleRefused([Reason("bundle.manifest_json",
                                    f"{MANIFEST}: not valid JSON ({exc})")]) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleRefused([Reason("bundle.damaged", f"{MANIFEST}: damaged ({exc})")]) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        fmt = data.get("format") if isinstance(data, dict) else None
        raise bad(f"format {fmt!r} is not {FORMAT}")
    if not isinstance(data.get("created"), str):
        raise bad("created: missing")
    listed: dict[str, dict[str, Any]] = {}
    problems = []
    entries = data.get("files")
    if not isinstance(entries, list):
        raise bad("files: must be a list")
    for i, e in enumerate(entries, 1):
        ok = (isinstance(e, dict) and isinstance(e.get("path"), str)
              and isinstance(e.get("sha256"), str) and _SHA_RE.match(e["sha256"])
              and isinstance(e.get("size"), int) and not isinstance(e.get("size"), bool)
              and e["size"] >= 0)
        if not ok:
            problems.append(Reason("bundle.bad_manifest", f"{MANIFEST}: files[{i}]: needs path, "
                                                          "sha256 (64 hex digits) and size"))
            continue
        if e["path"] in listed:
            problems.append(Reason("bundle.bad_manifest",
                                   f"{MANIFEST}: files[{i}]: {e['path']!r} listed twice"))
        listed[e["path"]] = {"sha256": e["sha256"], "size": e["size"]}
    for path in sorted(set(listed) - set(by_name)):
        problems.append(Reason("bundle.missing",
                               f"{path!r}: listed in the manifest but missing from the bundle"))
    for path in sorted(set(by_name) - set(listed) - {MANIFEST, SIGNATURE}):
        problems.append(Reason("bundle.unlisted",
                               f"{path!r}: in the bundle but not listed in the manifest"))
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
            problems.append(Reason("bundle.outside",
                                   f"{info.filename!r}: outside the bundle folder"))
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
            problems.append(Reason("bundle.damaged", f"{info.filename!r}: damaged ({exc})"))
            continue
        if size != want["size"]:
            problems.append(Reason("bundle.size", f"{info.filename!r}: size differs from the "
                                   f"manifest ({'more than ' if size > want['size'] else ''}"
                                   f"{size} bytes, manifest says {want['size']})"))
        elif digest.hexdigest() != want["sha256"]:
            problems.append(Reason("bundle.sha256",
                                   f"{info.filename!r}: sha256 differs from the manifest"))
    if problems:
        raise BundleRefused(problems)
