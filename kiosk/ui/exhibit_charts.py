"""Where exhibit pages get their live charts from (filled by the live-data work)."""

from __future__ import annotations

from kiosk.settings import Config
from kiosk.ui.pages.exhibit import ChartsFactory


def charts_factory_for(hub: object | None, cfg: Config) -> ChartsFactory | None:
    """A factory that builds an exhibit's chart panel, or None when live data is not wired."""
    return None
