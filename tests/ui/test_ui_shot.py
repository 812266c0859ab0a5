"""`kiosk shot`: every page renders, in both languages and at every supported screen size."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.commands import shot

PAGES = ["attract", "home", "info", "exhibit:gc-ms", "exhibit:titration-robot",
         "exhibit:robot-training-ground", "exhibit:yidian-branch"]


def render(tmp_path: Path, db_path: Path, page: str, lang: str, size: tuple[int, int]) -> QImage:
    out = tmp_path / f"{page.replace(':', '-')}-{lang}-{size[0]}x{size[1]}.png"
    args = argparse.Namespace(out=out, page=page, lang=lang, size=size, db=db_path, config=None)
    assert shot.render(args) == 0
    img = QImage(str(out))
    assert not img.isNull()
    return img


def colours(img: QImage) -> int:
    """Distinct colours on a coarse grid: a blank or half-drawn page has very few."""
    seen = set()
    for y in range(0, img.height(), 37):
        for x in range(0, img.width(), 37):
            seen.add(img.pixel(x, y))
    return len(seen)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_in_both_languages(app, tmp_path, db_path, page, lang) -> None:  # type: ignore[no-untyped-def]
    img = render(tmp_path, db_path, page, lang, (1920, 1080))
    assert (img.width(), img.height()) == (1920, 1080)
    assert colours(img) > 40, f"{page} {lang} looks blank"


@pytest.mark.parametrize("size", [(1080, 1920), (1280, 800)])
@pytest.mark.parametrize("page", ["home", "info", "exhibit:gc-ms", "exhibit:robot-training-ground"])
def test_portrait_and_small_screens_keep_their_size(app, tmp_path, db_path, page, size) -> None:  # type: ignore[no-untyped-def]
    img = render(tmp_path, db_path, page, "en", size)
    # a layout that does not fit would have grown the window past the screen
    assert (img.width(), img.height()) == size


def test_unknown_page_and_missing_db_are_clear_errors(app, tmp_path, db_path, capsys) -> None:  # type: ignore[no-untyped-def]
    args = argparse.Namespace(out=tmp_path / "x.png", page="exhibit:nope", lang="zh",
                              size=(1920, 1080), db=db_path, config=None)
    assert shot.render(args) == 2
    assert "no published exhibit 'nope'" in capsys.readouterr().err
    args.db = tmp_path / "missing.db"
    args.page = "home"
    assert shot.render(args) == 2
    assert "no such database" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
