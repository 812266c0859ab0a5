from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.content import make_content

from kiosk.content import store
from kiosk.content.loader import ContentError, load_content
from kiosk.content.seed import SeedRefused, SeedResult, mark_edited, seed

REPO = Path(__file__).resolve().parents[3]


def dump(path: Path) -> str:
    """Everything in the database, as text, to compare before and after."""
    if not path.exists():
        return "<no file>"
    with store.opened(path, migrate=False) as db:
        return "\n".join(db.conn.iterdump())


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=120)


def test_seed_is_idempotent(tmp_path: Path) -> None:
    content = make_content(tmp_path / "c")
    db = tmp_path / "k.db"
    assert seed(db, content) is SeedResult.CREATED
    before = dump(db)
    assert seed(db, content) is SeedResult.UNCHANGED
    assert dump(db) == before


def test_changed_content_reseeds(tmp_path: Path) -> None:
    content = make_content(tmp_path / "c")
    db = tmp_path / "k.db"
    seed(db, content)
    toml = content / "exhibits/exhibit-1/exhibit.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("Exhibit 1", "First"), encoding="utf-8")
    assert seed(db, content) is SeedResult.UPDATED
    with store.opened(db) as d:
        assert store.get_exhibit(d, "exhibit-1").title.en == "First"  # type: ignore[union-attr]


def test_curator_edits_are_protected_unless_forced(tmp_path: Path) -> None:
    content = make_content(tmp_path / "c")
    db = tmp_path / "k.db"
    seed(db, content)
    with store.opened(db) as d:
        d["exhibits"].update("exhibit-1", {"title_en": "Curated"})
        mark_edited(d)
    with pytest.raises(SeedRefused, match="--force"):
        seed(db, content)
    with store.opened(db) as d:
        assert store.get_exhibit(d, "exhibit-1").title.en == "Curated"  # type: ignore[union-attr]
    assert seed(db, content, force=True) is SeedResult.UPDATED
    with store.opened(db) as d:
        assert store.get_exhibit(d, "exhibit-1").title.en == "Exhibit 1"  # type: ignore[union-attr]


def _break(content: Path, how: str) -> str:
    ex1 = content / "exhibits/exhibit-1/exhibit.toml"
    text = ex1.read_text(encoding="utf-8")
    if how == "malformed":
        ex1.write_text(text + "\ntitle = [unclosed\n", encoding="utf-8")
        return "exhibits/exhibit-1/exhibit.toml: malformed TOML"
    if how == "missing_language":
        ex1.write_text(text.replace('en = "Summary of exhibit 1"', 'xx = "?"'), encoding="utf-8")
        return "exhibits/exhibit-1/exhibit.toml: summary.en: missing or empty"
    if how == "missing_field":
        ex1.write_text(text.replace('category = "instrument"', ""), encoding="utf-8")
        return "exhibits/exhibit-1/exhibit.toml: category: must be one of"
    if how == "missing_image":
        (content / "exhibits/exhibit-1/b.jpg").unlink()
        return "exhibits/exhibit-1/exhibit.toml: media[2].file: 'b.jpg' does not exist"
    if how == "unreadable_image":
        (content / "exhibits/exhibit-1/b.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
        return "media[2].file: "
    if how == "duplicate_slug":
        dup = content / "exhibits/exhibit-1/exhibit.toml"
        dup.write_text(text.replace("position = 1", 'slug = "exhibit-2"\nposition = 1'),
                       encoding="utf-8")
        return "slug: 'exhibit-2' differs from the folder name"
    if how == "unknown_channel":  # the screen would drop this chart: seed refuses it instead
        ex1.write_text(text + '\n[[charts]]\ntitle = { zh = "图", en = "Chart" }\n'
                       'x = "time"\ny = ["gcms.tik"]\n', encoding="utf-8")
        return "exhibit.toml: charts[1].y: unknown channel 'gcms.tik'"
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["malformed", "missing_language", "missing_field", "missing_image",
                                 "unreadable_image", "duplicate_slug", "unknown_channel"])
def test_bad_input_names_file_and_field_and_leaves_db_untouched(tmp_path: Path, how: str) -> None:
    good = make_content(tmp_path / "good")
    db = tmp_path / "k.db"
    seed(db, good)
    before = dump(db)
    bad = make_content(tmp_path / "bad")
    (bad / "exhibits/exhibit-1/exhibit.toml").write_text(
        (bad / "exhibits/exhibit-1/exhibit.toml").read_text(encoding="utf-8").replace(
            "Exhibit 1", "Changed"), encoding="utf-8")
    expected = _break(bad, how)
    result = kiosk("seed", "--db", str(db), "--content", str(bad), "--force")
    assert result.returncode != 0
    assert expected in result.stderr
    assert "the database was not changed" in result.stderr
    assert dump(db) == before


def test_duplicate_slug_by_case_is_refused(tmp_path: Path) -> None:
    content = make_content(tmp_path / "c")
    # folder names are slugs; a second folder differing only in case would collide on Windows
    src = content / "exhibits/exhibit-1"
    dst = content / "exhibits/Exhibit-1"
    dst.mkdir()
    for f in src.iterdir():
        (dst / f.name).write_bytes(f.read_bytes())
    with pytest.raises(ContentError) as err:
        load_content(content)
    text = str(err.value)
    assert "duplicate slug" in text and "Exhibit-1" in text


def test_cli_seed_reports_and_new_db_untouched_on_failure(tmp_path: Path) -> None:
    bad = make_content(tmp_path / "bad")
    _break(bad, "malformed")
    db = tmp_path / "new.db"
    result = kiosk("seed", "--db", str(db), "--content", str(bad))
    assert result.returncode == 2
    assert not db.exists()  # nothing half-built
    bad2 = make_content(tmp_path / "bad2")
    _break(bad2, "unreadable_image")  # found only when decoding: still before any database
    result = kiosk("seed", "--db", str(db), "--content", str(bad2))
    assert result.returncode == 2 and "media[2].file" in result.stderr
    assert not db.exists()


def test_bundled_content_seeds_and_is_bilingual(tmp_path: Path) -> None:
    content = load_content(REPO / "content")
    slugs = {e.slug for e in content.exhibits}
    assert {"gc-ms", "titration-robot", "robot-training-ground", "yidian-branch"} <= slugs
    for ex in content.exhibits:
        assert len(ex.record.media) >= 2, ex.slug
        assert ex.record.specs, ex.slug
    db = tmp_path / "k.db"
    assert seed(db, REPO / "content") is SeedResult.CREATED
    with store.opened(db) as d:
        counts = store.content_counts(d)
        assert counts["zh"] == counts["en"] == counts["total"] >= 4
        for e in store.list_exhibits(d):
            for m in e.media:
                data = (store.media_dir_for(db) / m.file).read_bytes()
                assert data and m.width > 0 and m.height > 0
                assert len(m.sha256) == len(hashlib.sha256().hexdigest())
