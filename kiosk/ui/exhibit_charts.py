"""Where exhibit pages get their live charts from: a factory bound to the sensor hub.

pyqtgraph, numpy and the sensors load only when the first chart is built (or when start-up
preloads them after the first paint), so they never delay the first page.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk.content.queries import Exhibit, Text
from kiosk.settings import Config
from kiosk.ui.pages.exhibit import ChartsFactory

if TYPE_CHECKING:
    from kiosk.charts.spec import ChartSpec
    from kiosk.sensors.recordings import Recording

log = logging.getLogger(__name__)
SIMULATED_S = 300.0


def preload() -> None:
    """Import the chart machinery now (called once the first page has painted)."""
    import kiosk.ui.charts.panel  # noqa: F401  (imported for its side effect: loaded now)


@functools.lru_cache(maxsize=64)
def parsed_recording(name: str, data: str) -> Recording | None:
    """A recording's CSV parsed once (``read_snapshot``'s parser): the snapshot is re-read on
    every database change (a curator's draft saves too), the recordings rarely change."""
    from kiosk.sensors.recordings import RecordingError, parse_csv

    try:
        rec = parse_csv(data, name=name)
    except RecordingError as exc:
        log.warning("recording skipped: %s", exc)
        return None
    for arrays in rec.series.values():  # shared by every later snapshot: read-only
        for a in arrays:
            a.setflags(write=False)
    return rec


def chart_specs(exhibit: Exhibit) -> list[tuple[Text, ChartSpec]]:
    """The exhibit's drawable charts; a bad ``[[charts]]`` entry is logged and left out."""
    from kiosk.charts.spec import ChartSpecError, parse_spec

    out = []
    for i, chart in enumerate(exhibit.charts, start=1):
        try:
            out.append((chart.title, parse_spec(chart.spec)))
        except ChartSpecError as exc:
            log.warning("exhibits/%s: charts[%d]: %s", exhibit.slug, i, exc)
    return out


def recordings_near(widget: QWidget | None, slug: str) -> tuple[Recording, ...]:
    """The exhibit's recordings from the snapshot of the page that holds ``widget``."""
    while widget is not None:
        recs = getattr(getattr(widget, "snapshot", None), "recordings", None)
        if recs is not None:
            return tuple(recs.get(slug, ()))
        widget = widget.parentWidget()
    return ()


def simulated_recording(specs: Sequence[ChartSpec]) -> tuple[Recording, ...]:
    """A run from the simulators, for a hub-less panel whose exhibit has no recording."""
    from kiosk.sensors.recordings import Recording
    from kiosk.sensors.simulation import Block
    from kiosk.sensors.sources.simulator import MODELS, simulate

    wanted = {c for s in specs for c in s.channels}
    series: Block = {}
    for inst in sorted({c.split(".", 1)[0] for c in wanted} & set(MODELS)):
        series.update({k: v for k, v in simulate(inst, SIMULATED_S, seed=1).items() if k in wanted})
    return (Recording(name="simulated", date=None, series=series),) if series else ()


def charts_factory_for(hub: object | Callable[[], object | None] | None,
                       cfg: Config) -> ChartsFactory | None:
    """A factory building an exhibit's chart panel, fed by ``hub`` (a kiosk.sensors Hub, or a
    function returning it: start-up makes the hub after the first paint).

    Without a hub (``kiosk shot``, tests) the panel replays the exhibit's recording at once,
    so a screenshot always shows a believable chart.
    """
    replay_after_s = float(cfg["sensors.replay_after_s"])
    hub_now: Callable[[], object | None] = (
        hub if callable(hub) and not hasattr(hub, "channels") else lambda: hub)

    def factory(exhibit: Exhibit, parent: QWidget) -> QWidget | None:
        from kiosk.ui.charts.panel import ChartsPanel

        hub = hub_now()
        specs = chart_specs(exhibit)
        if not specs:
            return None
        recordings = recordings_near(parent, exhibit.slug)
        if hub is None and not recordings:
            recordings = simulated_recording([s for _, s in specs])
        # the snapshot may not carry recordings yet (they load after the first paint): then
        # the panel asks again until they are there
        source = recordings or (lambda: recordings_near(parent, exhibit.slug))
        return ChartsPanel(specs, hub=hub, recordings=source,  # type: ignore[arg-type]
                           replay_after_s=replay_after_s, parent=parent)

    return factory
