"""The exhibit record's mappings: rows, draft JSON and TOML all come from its fields."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from kiosk.content import record
from kiosk.content.record import Chart, Exhibit, FieldPath, Media, RecordError, Spec, Text
from kiosk.content.schema import migrations

FULL = Exhibit(
    slug="gc-ms", position=3, category="instrument", published=True,
    title=Text("气质联用仪", "GC-MS"), summary=Text("摘要", "Summary"), body=Text("正文", "Body"),
    specs=(Spec(Text("柱温", "Oven"), Text("50 °C", "50 °C")),),
    media=(Media("display/ab.jpg", "image", Text("图", "Picture"), 640, 480, "ab" * 32),),
    charts=(Chart(Text("曲线", "Curve"), {"x": "time", "y": ["gcms.tic"], "y_range": [0, 1]}),))


def test_json_round_trip_is_exact_and_forgiving() -> None:
    assert record.from_json(Exhibit, record.to_json(FULL)) == FULL
    # an editor (or an older kiosk) may leave parts out: defaults fill them in
    sparse = record.from_json(Exhibit, {"slug": "x", "title": {"en": "Only English"},
                                        "media": [{"file": "a.jpg"}, "junk"], "position": "7"})
    assert sparse.title == Text("", "Only English") and sparse.position == 0
    assert sparse.media == (Media("a.jpg"),) and sparse.category == "instrument"
    with pytest.raises(RecordError, match="slug"):
        record.from_json(Exhibit, {"title": {}})
    with pytest.raises(RecordError, match=r"media\[1\]: file"):
        record.from_json(Exhibit, {"slug": "x", "media": [{"caption": {}}]})


def test_rows_round_trip_through_the_real_schema(tmp_path) -> None:
    from sqlite_utils import Database

    db = Database(sqlite3.connect(tmp_path / "k.db"))
    migrations.apply(db)
    db["exhibits"].insert({**record.exhibit_row(FULL), "deleted_at": None, "updated_at": ""})
    for table, rows in record.child_rows(FULL).items():
        db[table].insert_all(rows)
    from kiosk.content import queries

    assert queries.read_exhibit(db, "gc-ms") == FULL
    assert queries.list_exhibits(db) == [FULL]
    db.close()


def test_field_paths_print_and_parse() -> None:
    for text in ("title.en", "media[3].caption.zh", "charts[1].y", "category"):
        assert str(FieldPath.parse(text)) == text
    assert FieldPath.parse("specs[2].value.zh") == FieldPath("value", "zh", "specs", 2)
    with pytest.raises(ValueError, match="not a field path"):
        FieldPath.parse("media[].caption")


def test_missing_translations_and_edits_by_path() -> None:
    ex = record.with_value(FULL, FieldPath.parse("media[1].caption.en"), " ")
    ex = record.with_value(ex, FieldPath("summary", "zh"), "")
    assert [str(p) for p in record.missing_translations(ex)] == ["summary.zh",
                                                                  "media[1].caption.en"]
    assert record.value_at(ex, FieldPath("caption", "zh", "media", 1)) == "图"
    padded = dataclasses.replace(ex, title=Text(" a ", "b\n"))
    assert record.stripped(padded).title == Text("a", "b")


def test_toml_table_leaves_derived_values_out_and_flattens_the_chart_spec() -> None:
    doc = record.to_toml(FULL)
    assert "slug" not in doc and doc["title"] == {"zh": "气质联用仪", "en": "GC-MS"}
    assert doc["media"] == [{"file": "display/ab.jpg", "caption": {"zh": "图", "en": "Picture"}}]
    assert doc["charts"] == [{"title": {"zh": "曲线", "en": "Curve"}, "x": "time",
                              "y": ["gcms.tic"], "y_range": [0, 1]}]
