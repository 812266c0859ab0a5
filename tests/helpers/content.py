"""Make small, valid content folders for tests (and break them on purpose)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

SHOWROOM = '''
[texts]
name = { zh = "模速空间（仪电）", en = "ModelSpeed Space (INESA)" }
tagline = { zh = "AI + 仪器仪表", en = "AI + scientific instruments" }

[[sections]]
key = "about"
title = { zh = "关于我们", en = "About" }
body = { zh = "第一段。\\n\\n- 要点一\\n- 要点二", en = "First paragraph.\\n\\n- one\\n- two" }
'''

EXHIBIT = '''
position = {position}
category = "instrument"
published = true
title = {{ zh = "展项{n}", en = "Exhibit {n}" }}
summary = {{ zh = "展项{n}的摘要", en = "Summary of exhibit {n}" }}
body = {{ zh = "滴定正文{n}", en = "Titration body {n}" }}

[[specs]]
key = {{ zh = "温度", en = "Temperature" }}
value = {{ zh = "50 °C", en = "50 °C" }}

[[media]]
file = "a.png"
caption = {{ zh = "图一", en = "Picture one" }}

[[media]]
file = "b.jpg"
caption = {{ zh = "图二", en = "Picture two" }}
'''


def make_content(root: Path, *, exhibits: int = 2) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "showroom.toml").write_text(SHOWROOM, encoding="utf-8")
    for n in range(1, exhibits + 1):
        folder = root / "exhibits" / f"exhibit-{n}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "exhibit.toml").write_text(EXHIBIT.format(n=n, position=n), encoding="utf-8")
        Image.new("RGB", (320, 200), (20 * n, 120, 160)).save(folder / "a.png")
        Image.new("RGB", (320, 200), (160, 20 * n, 40)).save(folder / "b.jpg", quality=80)
    return root
