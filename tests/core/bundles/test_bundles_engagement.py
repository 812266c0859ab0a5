"""Take-away links, publish windows, the contact card and scheduled messages travel in bundles."""

from __future__ import annotations

from pathlib import Path

from kiosk.bundles.export import export_to
from kiosk.bundles.importer import import_bundle
from kiosk.content import queries, store
from kiosk.content.messages import Message
from kiosk.content.seed import seed
from kiosk.content.text import Text
from kiosk.curation import messages as curated

REPO = Path(__file__).resolve().parents[3]


def engagement_of(db_path: Path) -> tuple[object, ...]:
    conn = queries.open_readonly(db_path)
    try:
        exhibits = {e.slug: (e.link, e.show_from, e.show_until)
                    for e in queries.list_exhibits(conn, include_hidden=True)}
        return (exhibits, queries.showroom_contact(conn), queries.showroom_apply(conn),
                [(m.kind, m.text, m.starts_at, m.ends_at)
                 for m in queries.scheduled_messages(conn)])
    finally:
        conn.close()


def test_bundle_round_trip_keeps_every_engagement_field(tmp_path: Path) -> None:
    db = tmp_path / "a" / "kiosk.db"
    seed(db, REPO / "content")
    with store.opened(db) as d:  # a curator's welcome, and a publish window
        curated.save_message(d, Message("welcome", Text("热烈欢迎", "Welcome"),
                                        "2026-12-02 09:00", "2026-12-02 11:00"))
        d.execute("UPDATE exhibits SET show_from = '2026-12-01 08:00' WHERE slug = 'gc-ms'")
        d.conn.commit()
    before = engagement_of(db)
    assert before[3] == [("welcome", Text("热烈欢迎", "Welcome"), "2026-12-02 09:00",
                          "2026-12-02 11:00")]
    bundle = tmp_path / "b.zip"
    export_to(db, bundle)
    other = tmp_path / "b" / "kiosk.db"
    seed(other, REPO / "content")
    import_bundle(other, bundle)
    assert engagement_of(other) == before
    exhibits = before[0]
    assert isinstance(exhibits, dict)
    assert exhibits["gc-ms"][1] == "2026-12-01 08:00"
    assert exhibits["yidian-branch"][0] == Text("", "")  # no link: none after the trip either
