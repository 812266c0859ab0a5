"""Curator overrides of a few visitor settings, kept in the database settings table.

Precedence, highest first: the curator's value saved from the admin Settings screen (table
``settings``, key ``curator.<setting key>``) > the config file > the built-in default. A saved
value is checked against the setting's bounds when read; a bad one is ignored, never fatal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor, QGuiApplication

from kiosk import settings
from kiosk.content import queries

if TYPE_CHECKING:
    from sqlite_utils import Database

ACCESS_KEYS = ("access.text_scale", "access.high_contrast", "access.reach",
               "access.reduce_motion", "access.read_aloud")
KEYS = ("ui.idle_timeout_s", "ui.default_language", "ui.attract_interval_s", "ui.show_cursor",
        "audio.enabled", "audio.volume", "audio.quiet_hours", *ACCESS_KEYS)
PREFIX = "curator."


def read_overrides(db: queries.Conn) -> dict[str, Any]:
    """The curator's saved values that are still valid (worker thread, or start-up)."""
    out: dict[str, Any] = {}
    for key in KEYS:
        raw = queries.get_setting(db, PREFIX + key)
        if raw is None:
            continue
        try:
            out[key] = settings.BY_KEY[key].coerce(raw)
        except ValueError:
            continue
    return out


def save_override(db: Database, key: str, value: Any) -> Any:
    """Check and store one value; returns the stored value (worker thread)."""
    if key not in KEYS:
        raise KeyError(f"{key} cannot be changed from the admin screen")
    from kiosk.content import store

    value = settings.BY_KEY[key].coerce(value)
    if key == "audio.quiet_hours":
        from kiosk.media import quiet_hours

        quiet_hours.validate(value)  # ValueError naming the bad part: the screen shows it
    store.set_setting(db, PREFIX + key, value)
    return value


def clear_overrides(db: Database) -> None:
    with db.atomic():
        for key in KEYS:
            db.execute("DELETE FROM settings WHERE key = ?", [PREFIX + key])


def effective(cfg: settings.Config, overrides: dict[str, Any]) -> dict[str, Any]:
    """Override > config file > default, for the keys curators may change."""
    return {key: overrides.get(key, cfg[key]) for key in KEYS}


def set_cursor_visible(visible: bool) -> None:
    """The mouse pointer in visitor mode: hidden is an application override cursor."""
    current = QGuiApplication.overrideCursor()
    hidden = current is not None and current.shape() == Qt.CursorShape.BlankCursor
    if visible and hidden:
        QGuiApplication.restoreOverrideCursor()
    elif not visible and not hidden:
        QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))


def cursor_hidden() -> bool:
    current = QGuiApplication.overrideCursor()
    return current is not None and current.shape() == Qt.CursorShape.BlankCursor


def apply_to_window(window: Any, values: dict[str, Any], *, cursor: bool = True) -> None:
    """Make ``values`` (from ``effective``) take effect in the running window at once."""
    if "ui.idle_timeout_s" in values:
        window.idle.set_timeout(float(values["ui.idle_timeout_s"]))
    if "ui.attract_interval_s" in values:
        window.attract.set_interval(float(values["ui.attract_interval_s"]))
    if "ui.default_language" in values:
        # the next visitor (after idle) starts in this language; whoever is here keeps theirs
        window.state.default_language = str(values["ui.default_language"])
    if cursor and "ui.show_cursor" in values:
        set_cursor_visible(bool(values["ui.show_cursor"]))
    sound = {k: v for k, v in values.items() if k.startswith("audio.")}
    if sound:
        window.sound.update(sound)
    access = {k: v for k, v in values.items() if k in ACCESS_KEYS}
    if access:
        # the next visitor (after idle) starts with these modes; whoever is here keeps theirs
        window.access.set_defaults(window.access.defaults.with_values(access))
