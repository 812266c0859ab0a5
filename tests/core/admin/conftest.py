from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlite_utils import Database

from kiosk.admin import drafts
from kiosk.content import store
from kiosk.media.images import import_image


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "kiosk.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    conn = store.open_db(db_path)
    try:
        yield conn
    finally:
        conn.close()


class Clock:
    """A wall clock the test moves by hand."""

    def __init__(self, start: float = 1_750_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


def complete_record(db: Database, db_path: Path, slug: str, *, title: str = "Titrator",
                    colour: tuple[int, int, int] = (200, 30, 30)) -> dict[str, Any]:
    """A publishable draft record of ``slug`` with one real imported image."""
    src = db_path.parent / f"{slug}.png"
    Image.new("RGB", (64, 48), colour).save(src)
    image = import_image(src, media_dir=store.media_dir_for(db_path))
    data = drafts.load_for_edit(db, slug)
    data["title"] = {"zh": f"{title}（中文）", "en": title}
    data["summary"] = {"zh": "摘要。", "en": "A summary."}
    data["body"] = {"zh": "正文。", "en": "The body."}
    data["specs"] = [{"key": {"zh": "量程", "en": "Range"}, "value": {"zh": "0–14", "en": "0–14"}}]
    data["media"] = [drafts.media_item(image, caption={"zh": "图", "en": "Picture"})]
    data["charts"] = [{"title": {"zh": "曲线", "en": "Curve"},
                       "spec": {"x": "titrator.volume_ml", "y": ["titrator.ph"]}}]
    return data
