"""A publishable record with a real image, for the admin tests."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PIL import Image
from sqlite_utils import Database

from kiosk.content import record, store
from kiosk.content.record import Chart, Exhibit, FieldPath, Spec, Text
from kiosk.curation import drafts
from kiosk.media.images import import_image


def complete_record(db: Database, db_path: Path, slug: str, *, title: str = "Titrator",
                    colour: tuple[int, int, int] = (200, 30, 30)) -> Exhibit:
    """A publishable draft record of ``slug`` with one real imported image."""
    src = db_path.parent / f"{slug}.png"
    Image.new("RGB", (64, 48), colour).save(src)
    image = import_image(src, media_dir=store.media_dir_for(db_path))
    return dataclasses.replace(
        drafts.load_for_edit(db, slug),
        title=Text(f"{title}（中文）", title), summary=Text("摘要。", "A summary."),
        body=Text("正文。", "The body."),
        specs=(Spec(Text("量程", "Range"), Text("0–14", "0–14")),),
        media=(drafts.media_item(image, caption=Text("图", "Picture")),),
        charts=(Chart(Text("曲线", "Curve"), {"x": "titrator.volume_ml", "y": ["titrator.ph"]}),))


def edit(ex: Exhibit, path: str, value: Any) -> Exhibit:
    """``ex`` with ``value`` at ``path`` (``"title.en"``, ``"media[1].caption.zh"``…)."""
    return record.with_value(ex, FieldPath.parse(path), value)


def names(paths: Any) -> list[str]:
    return [str(p) for p in paths]
