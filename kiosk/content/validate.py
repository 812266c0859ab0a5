"""What an exhibit needs before visitors see it: one set of rules for seed, Publish and doctor.

Chart specs are checked by the very parser the screen uses (``kiosk.charts.spec``), so a chart
that would vanish on screen (an unknown channel, a bad range) is refused before it is stored.
"""

from __future__ import annotations

from kiosk.content.record import CATEGORIES, Exhibit, FieldPath, missing_translations


def chart_problems(ex: Exhibit) -> list[tuple[FieldPath, str]]:
    """Each chart that the screen could not draw: its path (``charts[2].y``) and why."""
    from kiosk.charts.spec import ChartSpecError, parse_spec  # only when there are charts

    out = []
    for i, chart in enumerate(ex.charts, 1):
        try:
            parse_spec(chart.spec)
        except ChartSpecError as exc:
            out.append((FieldPath(exc.field or "spec", within="charts", index=i), exc.why))
    return out


def value_problems(ex: Exhibit) -> list[tuple[FieldPath, str]]:
    """Values that are of the right type but still wrong, with why; checked by ``kiosk seed``
    (and bundle imports) and by Publish alike. A new field's own rules go here."""
    return chart_problems(ex)


def publish_problems(ex: Exhibit) -> list[FieldPath]:
    """Everything that stops publishing: missing translations and incomplete structure."""
    problems = missing_translations(ex)
    if ex.category not in CATEGORIES:
        problems.append(FieldPath("category"))
    if not ex.media:
        problems.append(FieldPath("media"))  # the first image is the hero (card, attract loop)
    problems.extend(path for path, _why in value_problems(ex))
    return problems
