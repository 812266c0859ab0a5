"""Editing details: drafts survive a restart, missing translations, image batches, the list."""

from __future__ import annotations

from pathlib import Path

from helpers.admin import enter_admin, laid_out, open_editor, tap_ready
from helpers.media import sine_wav
from helpers.touch import tap
from PIL import Image

from kiosk.content import store
from kiosk.curation import audit, drafts
from kiosk.ui.admin.strings import field_label, t


def test_draft_survives_a_restart_before_publishing(window, qtbot, db_path, cfg, app) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import build_window

    enter_admin(window, qtbot, db_path)
    editor = open_editor(window, qtbot, "titration-robot")
    editor.fields["summary"].edits["en"].setPlainText("Draft summary, not yet published.")
    editor.fields["title"].edits["zh"].setText("滴定机器人（草稿）")
    qtbot.wait_until(lambda: editor.saves > 0 and not editor.dirty)
    window.allow_close = True
    window.close()  # the kiosk goes down mid-edit

    second = build_window(cfg, db_path, sync=True)
    qtbot.addWidget(second)
    second.resize(1920, 1080)
    second.show()
    try:
        assert second.content.snapshot.exhibit("titration-robot").title.zh != "滴定机器人（草稿）"
        second.admin.enter()
        editor2 = second.admin.shell.editor
        screen = second.admin.shell.exhibits
        qtbot.wait_until(lambda: any(r.row.slug == "titration-robot" for r in screen.rows))
        row = screen.row("titration-robot")
        chips = [c.text() for c in row.findChildren(type(row.title))]
        assert t("badge.draft", second.state.lang) in chips
        qtbot.wait_until(lambda: laid_out(row.edit))
        tap(row.edit)
        qtbot.wait_until(lambda: editor2.data is not None)
        assert editor2.fields["title"].text("zh") == "滴定机器人（草稿）"
        assert editor2.fields["summary"].text("en") == "Draft summary, not yet published."
    finally:
        second.admin.exit()
        second.allow_close = True
        second.close()


def test_missing_translation_is_flagged_and_blocks_publishing(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    enter_admin(window, qtbot, db_path)
    editor = open_editor(window, qtbot, "gc-ms")
    lang = window.state.lang
    before = window.content.snapshot.exhibit("gc-ms")
    assert editor.missing.objectName() == "admOkNote"
    en_title = editor.fields["title"].edits["en"]
    en_title.setText("")
    editor.fields["title"].edits["zh"].setText("气质联用仪 2")
    qtbot.wait_until(lambda: en_title.property("missing") is True)  # red marker, inline
    assert editor.missing.isVisible() and field_label("title.en", lang) in editor.missing.text()
    tap(editor.publish_btn)
    qtbot.wait_until(lambda: t("publish_refused", lang) in editor.missing.text(), timeout=5000)
    assert field_label("title.en", lang) in editor.missing.text()
    qtbot.wait_until(lambda: window.admin.db.pending == 0)
    with store.opened(db_path) as db:
        assert store.get_exhibit(db, "gc-ms").title == before.title  # nothing published
    # filling it in clears the marker
    en_title.setText("GC-MS 2")
    qtbot.wait_until(lambda: en_title.property("missing") is False)


def _jpeg(path: Path, color: tuple[int, int, int]) -> Path:
    Image.new("RGB", (800, 600), color).save(path, "JPEG")
    return path


def test_bad_image_in_a_batch_is_reported_while_the_rest_import(  # type: ignore[no-untyped-def]
        window, qtbot, db_path, tmp_path) -> None:
    enter_admin(window, qtbot, db_path)
    editor = open_editor(window, qtbot, "robot-training-ground")
    count = len(editor.data["media"])
    good1 = _jpeg(tmp_path / "arm-left.jpg", (200, 40, 40))
    good2 = _jpeg(tmp_path / "arm-right.jpg", (40, 200, 40))
    bad = tmp_path / "broken-photo.jpg"
    bad.write_bytes(good1.read_bytes()[:300])  # truncated
    editor.import_files([good1, bad, good2])
    qtbot.wait_until(lambda: len(editor.data["media"]) == count + 2, timeout=20_000)
    assert not editor.import_bar.progress.isVisible()
    report = editor.import_bar.report
    assert report.isVisible() and "broken-photo.jpg" in report.text()
    assert "文件损坏" in report.text() and "truncated" in report.text()
    rows = editor.media_part.model.rowCount()
    assert rows == count + 2
    media_dir = store.media_dir_for(db_path)
    for m in editor.data["media"][-2:]:
        assert (media_dir / m["file"]).is_file()
    qtbot.wait_until(lambda: editor.saves > 0 and not editor.dirty)
    # the newcomer becomes the cover
    last = len(editor.data["media"]) - 1
    newest = editor.data["media"][last]["file"]
    editor.media_part.make_hero(last)
    assert editor.data["media"][0]["file"] == newest
    qtbot.wait_until(lambda: window.admin.db.pending == 0 and not editor.dirty)
    with store.opened(db_path) as db:
        assert audit.audit_entries(db, action="image_import")


def test_delete_restore_and_reorder_from_the_list(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    enter_admin(window, qtbot, db_path)
    screen = window.admin.shell.exhibits
    order = [r.row.slug for r in screen.rows]
    loads = screen.loads
    tap(screen.rows[1].up)
    qtbot.wait_until(lambda: screen.loads > loads)
    assert [r.row.slug for r in screen.rows][:2] == [order[1], order[0]]
    qtbot.wait_until(
        lambda: [e.slug for e in window.content.snapshot.exhibits][:2] == [order[1], order[0]])

    row = screen.row("yidian-branch")
    qtbot.wait_until(lambda: laid_out(row.delete))
    tap(row.delete)
    qtbot.wait_until(lambda: "yidian-branch" not in [r.row.slug for r in screen.rows])
    qtbot.wait_until(lambda: window.content.snapshot.exhibit("yidian-branch") is None)
    tap(screen.filter.buttons["deleted"])
    qtbot.wait_until(lambda: [r.row.slug for r in screen.rows] == ["yidian-branch"])
    row = screen.row("yidian-branch")
    qtbot.wait_until(lambda: laid_out(row.restore))
    tap(row.restore)
    qtbot.wait_until(lambda: window.content.snapshot.exhibit("yidian-branch") is not None)


def test_new_exhibit_search_and_charts(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    enter_admin(window, qtbot, db_path)
    screen = window.admin.shell.exhibits
    tap(screen.new_btn)
    editor = window.admin.shell.editor
    qtbot.wait_until(lambda: editor.data is not None and editor.slug.startswith("exhibit-"))
    slug = editor.slug
    editor.fields["title"].edits["zh"].setText("光度计")
    editor.fields["title"].edits["en"].setText("Zeta photometer")
    editor.charts_part.add_btn.click()  # below the fold: a scroll, then a tap
    assert editor.data["charts"][0]["spec"]["x"] == "time"
    assert "charts[1].title.zh" in editor.missing_names()
    editor.specs_part.add_btn.click()
    assert len(editor.data["specs"]) == 1
    qtbot.wait_until(lambda: editor.saves > 0 and not editor.dirty)
    tap(editor.back_btn)
    screen.search.setText("zeta pho")
    qtbot.wait_until(lambda: [r.row.slug for r in screen.rows] == [slug], timeout=5000)
    assert window.content.snapshot.exhibit(slug) is None  # a draft only, never published



def test_image_grid_caption_editor_and_order(window, qtbot, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.ui.admin.images_model import MissingRole

    enter_admin(window, qtbot, db_path)
    editor = open_editor(window, qtbot, "robot-training-ground")
    grid = editor.media_part
    count = grid.model.rowCount()
    editor.import_files([_jpeg(tmp_path / "left.jpg", (200, 40, 40)),
                         _jpeg(tmp_path / "right.jpg", (40, 40, 200))])
    progress = editor.import_bar.progress
    qtbot.wait_until(lambda: grid.model.rowCount() == count + 2 and not progress.isVisible(),
                     timeout=20_000)
    ix = grid.model.index(count)
    assert ix.data(MissingRole) is True  # a fresh image has no caption: red corner
    assert f"media[{count + 1}].caption.en" in editor.missing_names()
    editor.scroll.ensureWidgetVisible(grid.view)
    qtbot.wait_until(lambda: laid_out(grid.view) and grid.view.visualRect(ix).isValid())
    cell = grid.view.visualRect(ix)
    assert min(cell.width(), cell.height()) >= 120
    tap(grid.view.viewport(), cell.center())
    qtbot.wait_until(lambda: grid.selected() == count and grid.panel.isVisible())
    assert grid.edits["en"].property("missing") is True
    assert all(b.height() >= 60
               for b in (grid.hero_btn, grid.left_btn, grid.right_btn, grid.remove_btn))
    grid.edits["zh"].setText("左臂")
    grid.edits["en"].setText("Left arm")
    assert ix.data(MissingRole) is False
    assert editor.data["media"][count]["caption"] == {"zh": "左臂", "en": "Left arm"}
    assert f"media[{count + 1}].caption.en" not in editor.missing_names()
    moved = editor.data["media"][count]["file"]

    def press(button) -> None:  # type: ignore[no-untyped-def]
        def shown() -> bool:  # below the fold at first: scrolled to, as a finger would
            editor.scroll.ensureWidgetVisible(button)
            return laid_out(button) and editor.scroll.viewport().rect().contains(
                button.mapTo(editor.scroll.viewport(), button.rect().center()))
        qtbot.wait_until(shown)
        tap(button)

    press(grid.right_btn)
    assert editor.data["media"][count + 1]["file"] == moved and grid.selected() == count + 1
    press(grid.hero_btn)
    assert editor.data["media"][0]["file"] == moved and grid.selected() == 0
    assert grid.edits["zh"].text() == "左臂"
    press(grid.remove_btn)
    assert moved not in [m["file"] for m in editor.data["media"]]
    assert grid.model.rowCount() == count + 1
    qtbot.wait_until(lambda: editor.saves > 0 and not editor.dirty and window.admin.db.pending == 0)
    with store.opened(db_path) as db:
        saved = drafts.load_for_edit(db, "robot-training-ground")
        assert [m.file for m in saved.media] == [m["file"] for m in editor.data["media"]]


def test_editor_shows_synthesized_narrations_and_uploads_a_recorded_one(  # type: ignore[no-untyped-def]
        window, qtbot, db_path, tmp_path):
    from kiosk.content import store as _store

    enter_admin(window, qtbot, db_path)
    ed = open_editor(window, qtbot, "titration-robot")
    part = ed.narr_part
    assert part.state_text("zh").startswith("合成语音 · 2:03")  # the curator reads 中文 first
    assert part.item("zh")["synthesized"] and part.item("en")["synthesized"]
    # a text file named .mp3 is refused, named, in both languages; the draft keeps the old one
    fake = tmp_path / "voice.mp3"
    fake.write_text("not a sound at all\n" * 40)
    ed.import_narration(fake, "en")
    qtbot.wait_until(lambda: ed.import_bar.report.isVisible(), timeout=10_000)
    assert "voice.mp3" in ed.import_bar.report.text() and "无法解码" in ed.import_bar.report.text()
    assert part.item("en")["synthesized"]
    # a real recording replaces the synthesized English narration
    rec = sine_wav(tmp_path / "guide-recorded.wav", 3, freq=200, amplitude=0.3, rate=16000)
    ed.import_narration(rec, "en")
    qtbot.wait_until(lambda: not part.item("en")["synthesized"], timeout=10_000)
    assert part.state_text("en").startswith("录音") and "0:03" in part.state_text("en")
    ed.flush()
    qtbot.wait_until(lambda: window.admin.db.pending == 0 and not ed.dirty, timeout=10_000)
    with _store.opened(db_path) as db:
        from kiosk.curation import drafts as _drafts

        draft = _drafts.load_for_edit(db, "titration-robot")
    en = draft.narration("en")
    assert en is not None and not en.synthesized and en.duration_ms == 3000


def test_discard_goes_back_to_what_visitors_see_and_unpublish_hides_it(  # type: ignore[no-untyped-def]
        window, qtbot, db_path) -> None:
    enter_admin(window, qtbot, db_path)
    editor = open_editor(window, qtbot, "gc-ms")
    published = window.content.snapshot.exhibit("gc-ms").title.en
    assert editor.status_chip.text() == t("status.published", window.admin.ctx.lang)
    assert editor.discard_btn.isHidden() and not editor.unpublish_btn.isHidden()
    editor.fields["title"].edits["en"].setText("GC-MS, a draft to throw away")
    qtbot.wait_until(lambda: editor.saves > 0 and not editor.dirty
                     and not editor.discard_btn.isHidden())
    tap_ready(qtbot, editor.discard_btn)
    qtbot.wait_until(lambda: editor.data is not None and editor.data["title"]["en"] == published
                     and editor.discard_btn.isHidden(), timeout=10_000)
    with store.opened(db_path) as db:
        assert not drafts.has_draft(db, "gc-ms")
    tap_ready(qtbot, editor.unpublish_btn)
    qtbot.wait_until(lambda: window.content.snapshot.exhibit("gc-ms") is None, timeout=10_000)
    hidden = t("status.hidden", window.admin.ctx.lang)
    qtbot.wait_until(lambda: editor.status_chip.text() == hidden
                     and editor.unpublish_btn.isHidden())
    assert editor.slug == "gc-ms" and editor.data["title"]["en"] == published  # kept, hidden
