"""Every reason to refuse a bundle; each time the database is exactly as before."""

from __future__ import annotations

import json
import re
import stat
import struct
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers.bundles import dump_at, png_bytes, rewrite_zip

from kiosk.bundles.export import export_to
from kiosk.bundles.importer import STAGING_PREFIX, import_bundle
from kiosk.bundles.safezip import BundleRefused
from kiosk.content import store
from kiosk.curation import audit
from kiosk.ops import backup

TOML = "exhibits/exhibit-001/exhibit.toml"


def _hero(bundle: Path) -> str:
    """The bundle path of exhibit-001's first image (export names images by sha256)."""
    with zipfile.ZipFile(bundle) as zf:
        data = tomllib.loads(zf.read(TOML).decode())
    return f"exhibits/exhibit-001/{data['media'][0]['file']}"


@pytest.fixture
def good(db_path: Path, tmp_path: Path) -> Path:
    return export_to(db_path, tmp_path / "good.zip").path


def _with_entry(src: Path, dst: Path, info: zipfile.ZipInfo, data: bytes) -> Path:
    rewrite_zip(src, dst)
    with zipfile.ZipFile(dst, "a") as zf:
        zf.writestr(info, data)
    return dst


def _entry(name: str, mode: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    if mode is not None:
        info.external_attr = mode << 16
        info.create_system = 3
    return info


def _many_entries(src: Path, dst: Path) -> Path:
    rewrite_zip(src, dst)
    with zipfile.ZipFile(dst, "a") as zf:
        for i in range(10_001):
            zf.writestr(f"x/{i}.txt", b"")
    return dst


def _claims_huge_size(src: Path, dst: Path) -> Path:
    """Central directory says two entries hold 1.5 GiB each (ratio 1: only the total is wrong)."""
    rewrite_zip(src, dst, add={"a.bin": b"a" * 64, "b.bin": b"b" * 64}, fix_manifest=True)
    raw = bytearray(dst.read_bytes())
    huge = 3 * 1024 ** 3 // 2
    for name in (b"a.bin", b"b.bin"):
        pos = raw.rfind(b"PK\x01\x02", 0, raw.rfind(name))
        raw[pos + 20:pos + 28] = struct.pack("<II", huge, huge)
    dst.write_bytes(bytes(raw))
    return dst


def _truncated_image(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zf:
        hero = zf.read(_hero(src))
    return rewrite_zip(src, dst, replace={_hero(src): hero[: len(hero) // 2]}, fix_manifest=True)


def _same_size_other_bytes(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zf:
        text = zf.read(TOML)
    return rewrite_zip(src, dst, replace={TOML: text.replace(b"Exhibit 1", b"Exhibit 9")})


def _manifest_edit(edit: Callable[[dict], None]) -> Callable[[Path, Path], Path]:
    def make(src: Path, dst: Path) -> Path:
        with zipfile.ZipFile(src) as zf:
            manifest = json.loads(zf.read("manifest.json"))
        edit(manifest)
        return rewrite_zip(src, dst, manifest=manifest)
    return make


def _drop_title_en(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zf:
        text = zf.read(TOML).decode()
    text = text.replace('title = { zh = "展品1", en = "Exhibit 1" }', 'title = { zh = "展品1" }')
    return rewrite_zip(src, dst, replace={TOML: text.encode()}, fix_manifest=True)


CASES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "absolute path": (lambda s, d: _with_entry(s, d, _entry("/etc/evil.txt"), b"x"),
                      "absolute path"),
    "drive path": (lambda s, d: _with_entry(s, d, _entry("C:/evil.txt"), b"x"), "absolute path"),
    "dot-dot": (lambda s, d: _with_entry(s, d, _entry("exhibits/../../evil.txt"), b"x"),
                r"'\.\.' in the path"),
    "symlink": (lambda s, d: _with_entry(s, d, _entry("exhibits/link", stat.S_IFLNK | 0o777),
                                         b"/etc/passwd"), "symbolic link"),
    "fifo": (lambda s, d: _with_entry(s, d, _entry("exhibits/pipe", stat.S_IFIFO | 0o644), b""),
             "not a regular file"),
    "too many entries": (_many_entries, "too many entries: 10,0"),
    "over 2 GiB": (_claims_huge_size, "uncompressed size .* over the limit"),
    "zip bomb ratio": (lambda s, d: rewrite_zip(s, d, add={"pad.bin": b"\0" * 2_000_000},
                                                fix_manifest=True), "compression ratio"),
    "not listed": (lambda s, d: rewrite_zip(s, d, add={"extra.txt": b"hi"}),
                   "'extra.txt': in the bundle but not listed in the manifest"),
    "missing file": (lambda s, d: rewrite_zip(s, d, drop={_hero(s)}),
                     "listed in the manifest but missing from the bundle"),
    "sha256 mismatch": (_same_size_other_bytes, "sha256 differs from the manifest"),
    "size mismatch": (lambda s, d: rewrite_zip(s, d, replace={TOML: b"position = 1\n"}),
                      "size differs from the manifest"),
    "no manifest": (lambda s, d: _no_manifest(s, d), "manifest.json: missing"),
    "manifest not JSON": (lambda s, d: rewrite_zip(s, d, manifest=b"{nope"), "not valid JSON"),
    "manifest format 2": (_manifest_edit(lambda m: m.update(format=2)), "format 2 is not 1"),
    "manifest entry malformed": (_manifest_edit(lambda m: m["files"][0].update(sha256="xyz")),
                                 r"files\[1\]: needs path, sha256"),
    "invalid TOML": (lambda s, d: rewrite_zip(s, d, replace={TOML: b"title = = ="},
                                              fix_manifest=True), "malformed TOML"),
    "content fails seed rules": (_drop_title_en, "exhibit.toml: title.en: missing"),
    "truncated image": (_truncated_image, r"\.png.*(damaged|truncated)"),
    "image that is not one": (lambda s, d: rewrite_zip(s, d, replace={_hero(s): b"GIF89a...."},
                                                       fix_manifest=True),
                              r"\.png: not a JPEG, PNG or WebP"),
    "not a zip": (lambda s, d: (d.write_bytes(b"PK\x03\x04 broken"), d)[1], "not a zip file"),
}


def _no_manifest(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename != "manifest.json":
                zout.writestr(info.filename, zin.read(info))
    return dst


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_and_nothing_changed(case: str, good: Path, db_path: Path, tmp_path: Path) -> None:
    make, reason = CASES[case]
    bad = make(good, tmp_path / "bad.zip")
    media = store.media_dir_for(db_path)
    media_before = sorted(p.relative_to(media) for p in media.rglob("*"))
    before = dump_at(db_path)
    with pytest.raises(BundleRefused) as info:
        import_bundle(db_path, bad)
    assert any(re.search(reason, r) for r in info.value.reasons), info.value.reasons
    assert dump_at(db_path) == before
    with store.opened(db_path) as db:
        assert store.check_schema(db) is None
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        last = audit.audit_entries(db, limit=1)[0]
        assert last.action == "import_refused" and last.target == "bad.zip"
    assert backup.list_backups(db_path) == []          # refused before the backup step
    assert sorted(p.relative_to(media) for p in media.rglob("*")) == media_before
    assert not list(db_path.parent.glob(STAGING_PREFIX + "*"))


def test_good_bundle_is_accepted(good: Path, db_path: Path) -> None:
    """The control for the cases above: the unmodified bundle imports."""
    assert import_bundle(db_path, good).exhibits == 2
    assert len(backup.list_backups(db_path)) == 1


def test_directory_entries_are_fine(good: Path, db_path: Path, tmp_path: Path) -> None:
    ok = _with_entry(good, tmp_path / "dirs.zip", _entry("exhibits/", stat.S_IFDIR | 0o755), b"")
    assert import_bundle(db_path, ok).exhibits == 2


def test_new_image_in_bundle_is_stored(good: Path, db_path: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(good) as zf:
        text = zf.read(TOML)
    ok = rewrite_zip(good, tmp_path / "new.zip", replace={
        _hero(good): png_bytes((9, 99, 199)), TOML: text}, fix_manifest=True)
    import_bundle(db_path, ok)
    with store.opened(db_path) as db:
        hero = store.get_exhibit(db, "exhibit-001").hero
    assert hero is not None and (store.media_dir_for(db_path) / hero.file).is_file()
