"""Tiny valid content folders, bundle surgery and database dumps for the bundle tests."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from sqlite_utils import Database

from kiosk.bundles.dump import content_dump
from kiosk.content import store

SHOWROOM = '''[texts]
name = { zh = "模速空间（仪电）", en = "ModelSpeed Space (INESA)" }
tagline = { zh = "人工智能与科学仪器", en = "AI and scientific instruments" }

[[sections]]
key = "about"
title = { zh = "关于", en = "About" }
body = { zh = """第一段。\\n\\n- 要点""", en = """First paragraph.\\n\\n- A point""" }
'''

EXHIBIT = '''position = {position}
category = "instrument"
published = {published}
title = {{ zh = "展品{n}", en = "Exhibit {n}" }}
summary = {{ zh = "摘要{n}。", en = "Summary {n}." }}
body = {{ zh = """正文{n}。

- 要点""", en = """Body {n} with "quotes" and a backslash \\\\.

- point""" }}

[[specs]]
key = {{ zh = "量程", en = "Range" }}
value = {{ zh = "0–{n}0 °C", en = "0–{n}0 °C" }}

[[media]]
file = "hero.png"
caption = {{ zh = "主图{n}", en = "Hero {n}" }}

[[media]]
file = "detail.jpg"
caption = {{ zh = "细节{n}", en = "Detail {n}" }}

[[charts]]
title = {{ zh = "滴定曲线", en = "Titration curve" }}
x = "titrator.volume_ml"
y = ["titrator.ph"]
window_s = 60.5
'''


def make_content(root: Path, *, exhibits: int = 2, image_px: int = 24, seed: int = 0,
                 recording_rows: int = 3, title_suffix: str = "") -> Path:
    """A valid content folder with ``exhibits`` exhibits, two real images each and a recording."""
    rng = np.random.default_rng(seed)
    (root / "exhibits").mkdir(parents=True, exist_ok=True)
    (root / "showroom.toml").write_text(SHOWROOM, encoding="utf-8")
    for n in range(1, exhibits + 1):
        folder = root / "exhibits" / f"exhibit-{n:03d}"
        (folder / "recordings").mkdir(parents=True, exist_ok=True)
        text = EXHIBIT.format(position=n, n=f"{n}{title_suffix}",
                              published="false" if n == exhibits and exhibits > 1 else "true")
        (folder / "exhibit.toml").write_text(text, encoding="utf-8")
        noise = rng.integers(0, 255, (image_px, image_px + 8, 3), dtype=np.uint8)
        Image.fromarray(noise, "RGB").save(folder / "hero.png")
        Image.fromarray(noise[::-1], "RGB").save(folder / "detail.jpg", quality=90)
        rows = "".join(f"{t * 0.5},titrator.ph,{7 + (t % 7) * 0.1:.2f}\n"
                       for t in range(recording_rows))
        (folder / "recordings" / "2025-07-08-demo.csv").write_text(
            "t,channel,value\n" + rows, encoding="utf-8")
    return root


def full_dump(db: Database) -> dict[str, Any]:
    """Everything but the audit log (refusals add an audit line, nothing else)."""
    out: dict[str, Any] = {"content": content_dump(db)}
    for table in ("settings", "drafts"):
        out[table] = sorted(db.execute(f"SELECT * FROM {table}").fetchall())
    return out


def dump_at(db_path: Path) -> dict[str, Any]:
    with store.opened(db_path) as db:
        return full_dump(db)


def rewrite_zip(src: Path, dst: Path, *, drop: set[str] = frozenset(),
                replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
                manifest: Any = None, fix_manifest: bool = False) -> Path:
    """Copy a bundle with entries dropped, replaced or added; optionally a new manifest."""
    replace, add = replace or {}, add or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        files: dict[str, bytes] = {}
        for info in zin.infolist():
            if info.filename in drop or info.filename == "manifest.json":
                continue
            files[info.filename] = replace.get(info.filename, zin.read(info))
        files.update(add)
        old_manifest = json.loads(zin.read("manifest.json"))
        if manifest is None:
            if fix_manifest:
                manifest = dict(old_manifest, files=[
                    {"path": p, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                    for p, b in files.items()])
            else:
                manifest = old_manifest
        for name, data in files.items():
            zout.writestr(name, data)
        zout.writestr("manifest.json", manifest if isinstance(manifest, bytes)
                      else json.dumps(manifest).encode())
    return dst


def png_bytes(colour: tuple[int, int, int] = (1, 2, 3)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buf, "PNG")
    return buf.getvalue()
