"""A publishable record with a real image, for the admin tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image
from sqlite_utils import Database

from kiosk.content import store
from kiosk.curation import drafts
from kiosk.media.images import import_image


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
