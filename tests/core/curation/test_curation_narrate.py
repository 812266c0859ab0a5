"""kiosk narrate: missing narrations only, synthesized, into the database (and a draft)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from kiosk.content import queries, seed, store
from kiosk.curation import audit, drafts, narrate
from kiosk.media import audio

REPO = Path(__file__).resolve().parents[3]


def _content_without(tmp_path: Path, slug: str, *langs: str) -> Path:
    dst = tmp_path / "content"
    shutil.copytree(REPO / "content", dst, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for lang in langs:
        (dst / "exhibits" / slug / "audio" / f"narration.{lang}.ogg").unlink()
    return dst


def test_script_reads_title_summary_and_bullets_as_sentences() -> None:
    from kiosk.content.record import Exhibit, Text

    ex = Exhibit("x", title=Text("滴定", "Titration"), summary=Text("自动。", "Automatic"),
                 body=Text("- 加液\n- 测量", "- Dose\n\n- Measure."))
    assert narrate.script(ex, "zh") == "滴定。自动。加液。测量。"
    assert narrate.script(ex, "en") == "Titration. Automatic. Dose. Measure."


def test_fills_only_the_missing_one_and_keeps_a_draft_in_step(tmp_path: Path) -> None:
    content = _content_without(tmp_path, "yidian-branch", "en")
    db_path = tmp_path / "data" / "kiosk.db"
    seed.seed(db_path, content)
    with store.opened(db_path) as db:
        before = queries.read_exhibit(db, "yidian-branch")
        assert before is not None and [n.lang for n in before.narrations] == ["zh"]
        draft = drafts.load_for_edit(db, "yidian-branch")  # a curator is editing it
        drafts.save_draft(db, "yidian-branch", dataclasses.replace(
            draft, title=dataclasses.replace(draft.title, en="Edited")))
    made = narrate.into_database(db_path, langs=["en"])
    assert [(m.slug, m.lang) for m in made] == [("yidian-branch", "en")]
    with store.opened(db_path) as db:
        ex = queries.read_exhibit(db, "yidian-branch")
        assert ex is not None and [n.lang for n in ex.narrations] == ["zh", "en"]
        en = ex.narration("en")
        assert en is not None and en.synthesized and en.duration_ms > 20_000
        assert ex.narration("zh") == before.narration("zh")  # never overwritten
        assert drafts.load_for_edit(db, "yidian-branch").narration("en") == en
        assert audit.audit_entries(db)[0].action == "narrate"
    info = audio.check_audio(store.media_dir_for(db_path) / en.file)
    assert info.synthesized and info.format == "OGG/OPUS"
    assert narrate.into_database(db_path) == []  # nothing missing any more
