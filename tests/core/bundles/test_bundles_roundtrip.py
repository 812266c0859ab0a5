"""Export → import round trips, backups, audit, and the two commands in a real process."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from helpers.bundles import dump_at, make_content

from kiosk.bundles.dump import content_dump
from kiosk.bundles.export import export_to
from kiosk.bundles.importer import import_bundle
from kiosk.content import seed, store
from kiosk.curation import audit, drafts
from kiosk.ops import backup

REPO = Path(__file__).resolve().parents[3]


def _zip_files(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
    assert names == {f["path"] for f in manifest["files"]} | {"manifest.json"}
    return {f["path"]: f["sha256"] for f in manifest["files"]}


def test_export_then_import_gives_identical_content(db_path: Path, tmp_path: Path) -> None:
    with store.opened(db_path) as db:  # curators' work: an edit published, one exhibit deleted
        data = drafts.load_for_edit(db, "exhibit-001")
        chart = data.charts[0]
        data = dataclasses.replace(
            data, title=dataclasses.replace(data.title, en='Edited "title" \\ with\ttab'),
            charts=(dataclasses.replace(chart, spec={**chart.spec, "y_range": [0, 14],
                                                     "x_label": {"zh": "体积", "en": "mL"}}),
                    *data.charts[1:]))
        drafts.save_draft(db, "exhibit-001", data)
        drafts.publish(db, "exhibit-001")
        extra = drafts.create_exhibit(db, slug="to-delete")
        drafts.save_draft(db, extra,
                          dataclasses.replace(drafts.load_for_edit(db, "exhibit-001"), slug=extra))
        drafts.publish(db, extra)
        drafts.delete(db, extra)
        expected = content_dump(db, include_deleted=False)
    bundle = tmp_path / "out" / "bundle.zip"
    result = export_to(db_path, bundle)
    assert (result.exhibits, result.warnings) == (2, ())
    files = _zip_files(bundle)
    assert "exhibits/to-delete/exhibit.toml" not in files
    assert "exhibits/exhibit-001/recordings/2025-07-08-demo.csv" in files
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert manifest["format"] == 1 and manifest["created"].endswith("+00:00")
    assert not list(bundle.parent.glob(".*.tmp"))  # written atomically, nothing left over

    other = tmp_path / "other" / "kiosk.db"  # a kiosk with different content
    seed.seed(other, make_content(tmp_path / "other-content", exhibits=3, seed=5, title_suffix="x"))
    result2 = import_bundle(other, bundle)
    assert result2.exhibits == 2 and result2.backup.is_file()
    with store.opened(other) as db:
        assert content_dump(db) == expected
        assert store.get_exhibit(db, "exhibit-001").title.en == 'Edited "title" \\ with\ttab'
        assert store.get_setting(db, seed.EDITED_KEY)  # seed won't overwrite imported content
        [entry] = audit.audit_entries(db, action="import")
        assert entry.target == "bundle.zip"
        for ex in store.list_exhibits(db, include_hidden=True):
            for m in ex.media:
                assert (store.media_dir_for(other) / m.file).is_file()
    # and once more: the second export holds the very same files
    again = tmp_path / "again.zip"
    export_to(other, again)
    assert _zip_files(again) == files
    # the backup is a usable database holding the old content
    with store.opened(result2.backup, migrate=False) as old:
        assert len(store.list_exhibits(old, include_hidden=True)) == 3
    with store.opened(db_path) as db:
        assert audit.audit_entries(db, limit=1)[0].action == "export"


def test_backups_are_pruned(db_path: Path) -> None:
    made = [backup.backup_db(db_path, reason="test run", keep=3) for _ in range(5)]
    assert sorted(b.path for b in backup.list_backups(db_path)) == sorted(made[-3:])
    assert all("-test-run" in p.name for p in made)


def _kiosk(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], input=stdin,
                          capture_output=True, text=True, timeout=120, cwd=REPO)


def test_commands_export_and_import(db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    proc = _kiosk("export", str(out), "--db", str(db_path))
    assert proc.returncode == 0, proc.stderr
    assert "2 exhibits" in proc.stdout
    target = tmp_path / "t" / "kiosk.db"
    proc = _kiosk("import", str(out), "--db", str(target))
    assert proc.returncode == 0, proc.stderr
    assert dump_at(target)["content"] == dump_at(db_path)["content"]
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip at all")
    before = dump_at(target)
    proc = _kiosk("import", str(bad), "--db", str(target))
    assert proc.returncode == 2 and "not a zip file" in proc.stderr
    assert "was not changed" in proc.stderr
    assert dump_at(target) == before
