"""Drafts, preview data, publish / unpublish / delete / restore / reorder, and their audit."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers.curation import complete_record, edit, names
from sqlite_utils import Database

from kiosk.content import seed, store
from kiosk.content.record import Chart
from kiosk.curation import audit, drafts
from kiosk.curation.drafts import DraftError, PublishRefused


def _published(db: Database, db_path: Path, slug: str | None = None, **kw) -> str:
    slug = drafts.create_exhibit(db, slug=slug)
    drafts.save_draft(db, slug, complete_record(db, db_path, slug, **kw))
    drafts.publish(db, slug)
    return slug


def test_new_exhibit_is_a_hidden_draft_until_published(db: Database, db_path: Path) -> None:
    slug = drafts.create_exhibit(db)
    assert slug == "exhibit-1"
    assert store.list_exhibits(db, include_hidden=True) == []  # visitors: nothing yet
    [row] = drafts.list_for_admin(db)
    assert (row.slug, row.status, row.is_new, row.has_draft) == (slug, "hidden", True, True)
    assert "title.zh" in names(row.missing) and "title.en" in names(row.missing)
    data = complete_record(db, db_path, slug)
    drafts.save_draft(db, slug, data)
    drafts.publish(db, slug)
    [ex] = store.list_exhibits(db)
    assert ex.title.en == "Titrator" and ex.title.zh == "Titrator（中文）"
    assert ex.specs[0].key.en == "Range" and ex.charts[0].spec["y"] == ["titrator.ph"]
    assert ex.hero is not None and ex.hero.caption.en == "Picture"
    assert not drafts.has_draft(db, slug)
    assert store.get_setting(db, seed.EDITED_KEY)


def test_draft_survives_restart_and_visitors_see_only_published(db_path: Path) -> None:
    with store.opened(db_path) as db:
        slug = _published(db, db_path, title="Old title")
        data = edit(drafts.load_for_edit(db, slug), "title.en", "New title")
        drafts.save_draft(db, slug, data)
    with store.opened(db_path) as db:  # the kiosk restarted mid-edit
        assert drafts.load_for_edit(db, slug).title.en == "New title"
        assert store.get_exhibit(db, slug).title.en == "Old title"
        preview = drafts.load_for_edit(db, slug)
        assert preview.title.en == "New title" and preview.hero is not None
        drafts.publish(db, slug)
        assert store.get_exhibit(db, slug).title.en == "New title"


def test_publish_refuses_missing_translations_and_writes_nothing(db: Database,
                                                                 db_path: Path) -> None:
    slug = _published(db, db_path)
    before = store.get_exhibit(db, slug)
    data = drafts.load_for_edit(db, slug)
    for path, value in [("title.en", "Changed"), ("summary.en", "   "),
                        ("specs[1].value.zh", ""), ("media[1].caption.en", "")]:
        data = edit(data, path, value)
    drafts.save_draft(db, slug, data)
    assert names(drafts.missing_translations(data)) == ["summary.en", "specs[1].value.zh",
                                                        "media[1].caption.en"]
    with pytest.raises(PublishRefused) as info:
        drafts.publish(db, slug)
    assert names(info.value.problems) == ["summary.en", "specs[1].value.zh", "media[1].caption.en"]
    assert store.get_exhibit(db, slug) == before
    assert drafts.has_draft(db, slug)


def test_publish_needs_an_image_and_valid_charts(db: Database, db_path: Path) -> None:
    slug = drafts.create_exhibit(db)
    data = complete_record(db, db_path, slug)
    data = dataclasses.replace(data, media=(), charts=(Chart(data.charts[0].title, {"x": "time"}),))
    assert names(drafts.publish_problems(data)) == ["media", "charts[1].y"]
    # the screen's own parser: a chart it would drop is refused, naming the field
    bad = Chart(data.charts[0].title, {"x": "titrator.volume_ml", "y": ["titrator.pH"]})
    assert names(drafts.publish_problems(dataclasses.replace(data, charts=(bad,)))) == [
        "media", "charts[1].y"]
    drafts.save_draft(db, slug, dataclasses.replace(complete_record(db, db_path, slug),
                                                    charts=(bad,)))
    with pytest.raises(PublishRefused, match=r"charts\[1\]\.y"):
        drafts.publish(db, slug)
    assert store.list_exhibits(db, include_hidden=True) == []


def test_discard_draft(db: Database, db_path: Path) -> None:
    slug = _published(db, db_path, title="Kept")
    drafts.save_draft(db, slug, edit(drafts.load_for_edit(db, slug), "title.en", "Thrown away"))
    drafts.discard_draft(db, slug)
    assert drafts.load_for_edit(db, slug).title.en == "Kept"
    new = drafts.create_exhibit(db)
    drafts.discard_draft(db, new)
    assert not drafts.exists(db, new)


def test_unpublish_delete_restore(db: Database, db_path: Path) -> None:
    a = _published(db, db_path, "alpha", title="Alpha")
    b = _published(db, db_path, "beta", title="Beta")
    drafts.unpublish(db, a)
    assert [e.slug for e in store.list_exhibits(db)] == [b]
    assert [r.status for r in drafts.list_for_admin(db)] == ["hidden", "published"]
    assert [r.slug for r in drafts.list_for_admin(db, status="published")] == [b]
    drafts.delete(db, b)
    assert store.list_exhibits(db) == []
    assert [r.slug for r in drafts.list_for_admin(db)] == [a]
    assert [r.slug for r in drafts.list_for_admin(db, status="deleted")] == [b]
    with pytest.raises(DraftError, match="restore it first"):
        drafts.publish(db, b)
    drafts.restore(db, b)
    assert [e.slug for e in store.list_exhibits(db)] == [b]
    drafts.publish(db, a)  # re-publish a hidden exhibit without a draft
    assert [e.slug for e in store.list_exhibits(db)] == [a, b]


def test_delete_and_restore_a_never_published_exhibit(db: Database) -> None:
    slug = drafts.create_exhibit(db)
    drafts.delete(db, slug)
    assert drafts.list_for_admin(db) == []
    assert [r.slug for r in drafts.list_for_admin(db, status="deleted")] == [slug]
    drafts.restore(db, slug)
    assert [r.slug for r in drafts.list_for_admin(db)] == [slug]


def test_reorder_moves_published_and_draft_positions(db: Database, db_path: Path) -> None:
    a = _published(db, db_path, "alpha")
    b = _published(db, db_path, "beta")
    c = drafts.create_exhibit(db, slug="gamma")
    drafts.save_draft(db, b, edit(drafts.load_for_edit(db, b), "title.en", "Beta draft"))
    drafts.reorder(db, [c, b, a])
    assert [r.slug for r in drafts.list_for_admin(db)] == [c, b, a]
    drafts.publish(db, b)  # the draft's position moved too, so publishing keeps the order
    assert [e.slug for e in store.list_exhibits(db)] == [b, a]
    with pytest.raises(DraftError):
        drafts.reorder(db, [a, a])
    with pytest.raises(DraftError):
        drafts.reorder(db, ["nope"])


def test_search_in_admin_list_uses_published_and_draft_texts(db: Database, db_path: Path) -> None:
    _published(db, db_path, "alpha", title="Chromatograph")
    _published(db, db_path, "beta", title="Robot arm")
    c = drafts.create_exhibit(db, slug="gamma")
    drafts.save_draft(db, c, edit(drafts.load_for_edit(db, c), "title.en", "Spectrometer"))
    assert [r.slug for r in drafts.list_for_admin(db, "chromato")] == ["alpha"]
    assert [r.slug for r in drafts.list_for_admin(db, "robot")] == ["beta"]
    assert [r.slug for r in drafts.list_for_admin(db, "spectro")] == ["gamma"]
    assert [r.slug for r in drafts.list_for_admin(db, "中文")] == ["alpha", "beta"]
    with pytest.raises(DraftError):
        drafts.list_for_admin(db, status="bogus")


def test_bad_requests_are_refused(db: Database) -> None:
    with pytest.raises(DraftError):
        drafts.create_exhibit(db, slug="Not A Slug")
    drafts.create_exhibit(db, slug="same")
    with pytest.raises(DraftError, match="exists"):
        drafts.create_exhibit(db, slug="same")
    with pytest.raises(DraftError):
        drafts.save_draft(db, "ghost", drafts.empty_record("ghost"))
    with pytest.raises(DraftError):
        drafts.save_draft(db, "same", drafts.empty_record("other"))
    with pytest.raises(DraftError):
        drafts.load_for_edit(db, "ghost")
    with pytest.raises(DraftError):
        drafts.unpublish(db, "same")  # never published


def test_every_action_is_audited(db: Database, db_path: Path) -> None:
    slug = drafts.create_exhibit(db, slug="alpha")
    data = complete_record(db, db_path, slug)
    for i in range(5):  # typing: many saves, one audit line
        data = edit(data, "body.en", f"The body {i}.")
        drafts.save_draft(db, slug, data)
    drafts.publish(db, slug)
    drafts.unpublish(db, slug)
    drafts.delete(db, slug)
    drafts.restore(db, slug)
    drafts.reorder(db, [slug])
    drafts.save_draft(db, slug, data)
    drafts.discard_draft(db, slug)
    entries = audit.audit_entries(db, limit=100)
    assert [e.action for e in reversed(entries)] == [
        "create", "edit", "publish", "unpublish", "delete", "restore", "reorder", "edit",
        "discard_draft"]
    assert all(e.target == slug for e in entries if e.action != "reorder")
    assert all(e.at.endswith("+00:00") for e in entries)
    assert [e.action for e in audit.audit_entries(db, limit=2)] == ["discard_draft", "edit"]
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record(db, "made-up")
