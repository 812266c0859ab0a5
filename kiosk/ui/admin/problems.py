"""What keeps an exhibit from Publish, as the curator reads it: one line a problem, the image
captions grouped ("Caption (English): images 1–3, 7"), as HTML for the form's banner."""

from __future__ import annotations

import html
from collections.abc import Callable

from kiosk.content.record import LANGS, FieldPath
from kiosk.ui.admin.strings import t


def _ranges(numbers: list[int], lang: str) -> str:
    """[1, 2, 3, 7] → "1–3、7" (zh) / "1–3, 7" (en)."""
    spans: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], n)
        else:
            spans.append((n, n))
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in spans]
    return ("、" if lang == "zh" else ", ").join(parts)


def grouped_problems(problems: list[FieldPath], lang: str,
                     label: Callable[[FieldPath, str], str]) -> list[str]:
    """Lines for the missing-translations list: one per language for all image captions.

    Fifty freshly imported images would otherwise make a hundred lines that the curator has to
    scroll past (and that the form re-lays out after each batch)."""
    out: list[str] = []
    captions: dict[str, list[int]] = {}
    for p in problems:
        if not (p.within == "media" and p.field == "caption" and p.lang):
            out.append(label(p, lang))
            continue
        if not captions:
            out.append("")  # placeholder: the caption lines go where the first one was
        captions.setdefault(p.lang, []).append(p.index)
    if captions:
        sep = "（{}）：" if lang == "zh" else " ({}): "
        lines = [t("f.caption", lang) + sep.format(t(f"lang.{code}", lang))
                 + t("grid.images_n" if len(nums) > 1 else "grid.image_n", lang,
                     i=_ranges(nums, lang))
                 for code, nums in sorted(captions.items(), key=lambda kv: LANGS.index(kv[0]))]
        at = out.index("")
        out[at:at + 1] = lines
    return out


def problems_html(head: str, problems: list[FieldPath], lang: str,
                  label: Callable[[FieldPath, str], str]) -> str:
    """The banner: ``head`` in bold, then the grouped lines as a list."""
    items = "".join(f"<li>{html.escape(line)}</li>"
                    for line in grouped_problems(problems, lang, label))
    return f"<b>● {head}</b><ul style='margin:4px 0 0 0'>{items}</ul>"
