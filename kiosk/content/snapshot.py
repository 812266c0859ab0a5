"""Everything the visitor UI shows, read in one go (in an executor) and handed over whole.

Recordings are content (CSV text in the database), but what the charts replay is live data:
the UI passes the parser in (``parse_recording``), so content and sensors never meet here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kiosk.content import queries as store
from kiosk.content.engagement import Apply, Contact
from kiosk.content.messages import Message

# (name, CSV text) -> the parsed recording, or None to leave a bad one out
RecordingParser = Callable[[str, str], Any]


@dataclasses.dataclass(frozen=True)
class Snapshot:
    texts: dict[str, store.Text]
    sections: tuple[store.Section, ...]
    exhibits: tuple[store.Exhibit, ...]
    media_dir: Path
    data_version: int = dataclasses.field(default=0, compare=False)
    # parsed recordings per exhibit slug, newest first (charts replay them when a feed is down);
    # left out of comparisons: they hold numpy arrays and follow the exhibits anyway
    recordings: Mapping[str, tuple[Any, ...]] = dataclasses.field(
        default_factory=dict, compare=False)
    contact: Contact | None = None
    apply: Apply | None = None
    messages: tuple[Message, ...] = ()

    def text(self, key: str, lang: str, default: str = "") -> str:
        t = self.texts.get(key)
        return t.get(lang) if t else default

    def exhibit(self, slug: str) -> store.Exhibit | None:
        return next((e for e in self.exhibits if e.slug == slug), None)

    def at(self, now_local: str) -> Snapshot:
        """This snapshot as visitors see it at local time ``now_local``: exhibits outside their
        publish window left out (home, attract and deep links all read ``exhibits``)."""
        shown = tuple(e for e in self.exhibits if e.shown_at(now_local))
        return self if shown == self.exhibits else dataclasses.replace(self, exhibits=shown)

    def schedule_times(self) -> list[str | None]:
        """Every local time at which what visitors see may change (windows and messages)."""
        out: list[str | None] = []
        for e in self.exhibits:
            out += [e.show_from, e.show_until]
        for m in self.messages:
            out += [m.starts_at, m.ends_at]
        return out

    def media_path(self, media: store.Media) -> Path:
        """The picture of ``media``: the image, or a video's poster."""
        return self.media_dir / media.picture

    def video_path(self, media: store.Media) -> Path:
        return self.media_dir / media.file


EMPTY = Snapshot({}, (), (), Path("."))


def read_snapshot(db_path: Path, *, parse_recording: RecordingParser | None = None) -> Snapshot:
    """Read the published content of ``db_path`` (read-only; the file must exist).

    Without ``parse_recording`` it needs neither numpy nor parsing: what start-up reads before
    the first paint; the full snapshot follows from a worker thread.
    """
    db = store.open_readonly(db_path)
    try:
        version = db.execute("PRAGMA data_version").fetchone()[0]
        return Snapshot(
            texts=store.showroom_texts(db),
            sections=tuple(store.showroom_sections(db)),
            exhibits=tuple(store.list_exhibits(db)),
            media_dir=store.media_dir_for(db_path),
            data_version=version,
            recordings=_recordings(db, parse_recording) if parse_recording else {},
            contact=store.showroom_contact(db),
            apply=store.showroom_apply(db),
            messages=tuple(store.scheduled_messages(db)),
        )
    finally:
        db.close()


def _recordings(db: store.Conn, parse: RecordingParser) -> dict[str, tuple[Any, ...]]:
    """Every exhibit's usable recordings, parsed here (off the UI thread); bad ones skipped."""
    out: dict[str, list[Any]] = {}
    for row in store.rows(db, "SELECT exhibit, name, data FROM recordings "
                              "ORDER BY recorded_on DESC, name"):
        rec = parse(row["name"], row["data"])
        if rec is not None:
            out.setdefault(row["exhibit"], []).append(rec)
    return {slug: tuple(recs) for slug, recs in out.items()}


def content_signature(db_path: Path) -> tuple[float, int]:
    """Cheap change detector: mtimes of the database and its WAL."""
    p = Path(db_path)
    wal = p.with_name(p.name + "-wal")
    stamps = [q.stat().st_mtime_ns for q in (p, wal) if q.exists()]
    return (max(stamps) if stamps else 0.0, len(stamps))
