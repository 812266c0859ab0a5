"""Everything the visitor UI shows, read in one go (in an executor) and handed over whole."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from kiosk.content import store


@dataclasses.dataclass(frozen=True)
class Snapshot:
    texts: dict[str, store.Text]
    sections: tuple[store.Section, ...]
    exhibits: tuple[store.Exhibit, ...]
    media_dir: Path
    data_version: int = 0

    def text(self, key: str, lang: str, default: str = "") -> str:
        t = self.texts.get(key)
        return t.get(lang) if t else default

    def exhibit(self, slug: str) -> store.Exhibit | None:
        return next((e for e in self.exhibits if e.slug == slug), None)

    def media_path(self, media: store.Media) -> Path:
        return self.media_dir / media.file


EMPTY = Snapshot({}, (), (), Path("."))


def read_snapshot(db_path: Path) -> Snapshot:
    """Read the published content of ``db_path`` (read-only; the file must exist)."""
    with store.opened(db_path, readonly=True) as db:
        version = db.execute("PRAGMA data_version").fetchone()[0]
        return Snapshot(
            texts=store.showroom_texts(db),
            sections=tuple(store.showroom_sections(db)),
            exhibits=tuple(store.list_exhibits(db)),
            media_dir=store.media_dir_for(db_path),
            data_version=version,
        )


def content_signature(db_path: Path) -> tuple[float, int]:
    """Cheap change detector: mtimes of the database and its WAL."""
    p = Path(db_path)
    wal = p.with_name(p.name + "-wal")
    stamps = [q.stat().st_mtime_ns for q in (p, wal) if q.exists()]
    return (max(stamps) if stamps else 0.0, len(stamps))
