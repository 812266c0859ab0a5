"""Every setting of the kiosk, defined once: type, bounds, default and one line of docs.

Settings come from a TOML file (``--config PATH``, else ``config.toml`` in the platform config
dir). Nested TOML tables map to dotted keys: ``[sensors.titrator] source = "mqtt"`` is the key
``sensors.titrator.source``. A bad value is reported by key and replaced by its default, so the
kiosk always starts.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "kiosk"
APP_AUTHOR = "modelspeed-yidian"

INSTRUMENTS = ("titrator", "gcms", "robot")
SOURCE_KINDS = ("simulator", "replay", "mqtt", "tcp", "serial", "none")


@dataclasses.dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    doc: str
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] | None = None

    def coerce(self, value: Any) -> Any:
        """Return ``value`` checked against this setting; raise ValueError naming the problem."""
        raw = value
        if self.type is bool:
            if not isinstance(value, bool):
                raise ValueError(f"expected true or false, got {value!r}")
            return value
        if self.type is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"expected a whole number, got {value!r}")
        elif self.type is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"expected a number, got {value!r}")
            value = float(value)
        elif self.type is str and not isinstance(value, str):
            raise ValueError(f"expected text, got {value!r}")
        if self.min is not None and value < self.min:
            raise ValueError(f"{raw!r} is below the minimum {self.min:g}")
        if self.max is not None and value > self.max:
            raise ValueError(f"{raw!r} is above the maximum {self.max:g}")
        if self.choices is not None and value not in self.choices:
            raise ValueError(f"{value!r} is not one of {', '.join(self.choices)}")
        return value


def _sensor_settings() -> Iterator[Setting]:
    for inst in INSTRUMENTS:
        p = f"sensors.{inst}."
        yield Setting(p + "source", str, "simulator", f"where {inst} data comes from",
                      choices=SOURCE_KINDS)
        yield Setting(p + "seed", int, 1, "simulator random seed (same seed, same data)",
                      min=0, max=2**31 - 1)
        yield Setting(p + "speed", float, 1.0, "simulator / replay speed factor",
                      min=0.01, max=1000)
        yield Setting(p + "replay_file", str, "", "CSV file t,channel,value for the replay source")
        yield Setting(p + "host", str, "127.0.0.1", "MQTT broker or TCP feed host")
        yield Setting(p + "port", int, 1883, "MQTT broker or TCP feed port", min=1, max=65535)
        yield Setting(p + "tls", bool, False, "use TLS for MQTT")
        yield Setting(p + "ca_file", str, "", "CA certificate file for MQTT TLS (empty: system)")
        yield Setting(p + "username", str, "", "MQTT user name (empty: anonymous)")
        yield Setting(p + "password", str, "", "MQTT password")
        yield Setting(p + "topic_prefix", str, "showroom",
                      "MQTT topic prefix: <prefix>/<instrument>/<quantity>")
        yield Setting(p + "serial_port", str, "", "serial device, e.g. /dev/ttyUSB0 or COM3")
        yield Setting(p + "baud", int, 115200, "serial baud rate", min=300, max=4_000_000)


def _fleet_settings() -> Iterator[Setting]:
    """``[fleet]``: the kiosk's link to the showroom's fleet (off by default)."""
    p = "fleet."
    yield Setting(p + "enabled", bool, False, "join the fleet (false: a standalone kiosk)")
    yield Setting(p + "site", str, "", "site id, e.g. yidian (lower-case letters, digits, - _)")
    yield Setting(p + "kiosk_id", str, "", "this kiosk's id within the site, e.g. lobby")
    yield Setting(p + "name", str, "", "what curators call this kiosk, e.g. 大厅 Lobby")
    yield Setting(p + "broker_host", str, "127.0.0.1", "the showroom's MQTT broker")
    yield Setting(p + "broker_port", int, 1883, "MQTT broker port", min=1, max=65535)
    yield Setting(p + "tls", bool, False, "connect to the broker with TLS")
    yield Setting(p + "ca_file", str, "", "CA certificate for TLS (empty: the system's)")
    yield Setting(p + "username", str, "", "this kiosk's broker identity (one per kiosk)")
    yield Setting(p + "password_file", str, "", "file holding the broker password (never logged)")
    yield Setting(p + "public_keys", str, "",
                  "release signing keys this kiosk trusts, comma-separated (at most two)")
    yield Setting(p + "author", bool, False, "this machine is the author: signs, serves, commands")
    yield Setting(p + "key_file", str, "",
                  "the author's private key (empty: fleet/author.key in the data dir)")
    yield Setting(p + "http_host", str, "0.0.0.0", "address the author's release server binds")
    yield Setting(p + "http_port", int, 8765, "port of the author's release server",
                  min=1, max=65535)
    yield Setting(p + "http_url", str, "",
                  "base URL kiosks fetch releases from (empty: http://<this host>:<http_port>)")
    yield Setting(p + "failure_limit", int, 0,
                  "a rollout stops when more kiosks than this fail", min=0, max=1000)
    yield Setting(p + "wave_timeout_s", float, 900.0,
                  "seconds the canaries have to report active before the rollout stops",
                  min=5, max=86400)
    yield Setting(p + "keepalive_s", int, 15, "MQTT keepalive (a dead link shows after ~1.5x)",
                  min=2, max=600)
    yield Setting(p + "will_delay_s", int, 20,
                  "seconds a kiosk may be gone before it shows as lost", min=0, max=3600)
    yield Setting(p + "report_every_s", float, 60.0, "seconds between health reports",
                  min=1, max=3600)


def _audio_settings() -> Iterator[Setting]:
    """``[audio]``: narration, video sound, volume and quiet hours."""
    yield Setting("audio.enabled", bool, True,
                  "sound on: the exhibit narrations and unmuted videos (false: silent kiosk)")
    yield Setting("audio.volume", int, 80, "volume of narrations and videos, in percent",
                  min=0, max=100)
    yield Setting("audio.quiet_hours", str, "",
                  'times of day with no sound, e.g. "12:00-13:30" or "09:00-10:00,22:00-07:00"')


def _access_settings() -> Iterator[Setting]:
    """``[access]``: accessibility defaults and the panel's physical size and mounting."""
    p = "access."
    yield Setting(p + "text_scale", float, 1.0,
                  "text size after start and idle: 1 (normal), 1.5 or 2 (large text)",
                  min=1.0, max=2.0)
    yield Setting(p + "high_contrast", bool, False, "high-contrast theme by default")
    yield Setting(p + "reach", bool, False,
                  "low-reach mode (低位模式) by default, e.g. on a screen mounted low")
    yield Setting(p + "reduce_motion", bool, False,
                  "no fades, flings or attract animation by default")
    yield Setting(p + "read_aloud", bool, False, "read-aloud on by default")
    yield Setting(p + "panel_diagonal_in", float, 32.0,
                  "the panel's visible diagonal in inches (sizes targets in millimetres)",
                  min=7, max=110)
    yield Setting(p + "panel_height_mm", float, 0.0,
                  "the picture's physical height as mounted, in mm (0: from the diagonal)",
                  min=0, max=3000)
    yield Setting(p + "mount_height_mm", float, 1000.0,
                  "height of the picture's bottom edge above the floor, in mm", min=0, max=2500)
    yield Setting(p + "reach_low_mm", float, 380.0,
                  "lowest point a seated visitor reaches (ADA §308: 15 in)", min=0, max=2000)
    yield Setting(p + "reach_high_mm", float, 1220.0,
                  "highest point a seated visitor reaches (ADA §308: 48 in)", min=200, max=2500)
    yield Setting(p + "min_target_mm", float, 20.0, "smallest touch target, in mm",
                  min=5, max=60)
    yield Setting(p + "idle_warning_s", float, 20.0,
                  "the \"still there?\" warning shows this long before the idle reset",
                  min=5, max=120)
    yield Setting(p + "idle_factor", float, 2.0,
                  "idle limits are this many times longer while read-aloud or reach mode is on",
                  min=1, max=10)


def _engagement_settings() -> Iterator[Setting]:
    """``[engage]`` and ``[stats]``: QR take-away, scheduled messages, visitor statistics."""
    yield Setting("engage.timezone", str, "Asia/Shanghai",
                  "time zone of message and publish-window times (an IANA name)")
    yield Setting("admin.keyboard", str, "onscreen",
                  "admin text fields: onscreen (Qt Virtual Keyboard, Pinyin + English) or "
                  "system (the operating system's own keyboard or input method)",
                  choices=("onscreen", "system"))
    yield Setting("stats.enabled", bool, True, "record anonymous visitor statistics")
    yield Setting("stats.retention_days", int, 400, "statistics older than this are deleted",
                  min=1, max=3660)


SETTINGS: tuple[Setting, ...] = (
    Setting("ui.idle_timeout_s", float, 90.0, "seconds without touch before returning to attract",
            min=5, max=3600),
    Setting("ui.default_language", str, "zh", "language shown after start and after idle",
            choices=("zh", "en")),
    Setting("ui.attract_interval_s", float, 6.0, "seconds each hero image shows on attract",
            min=2, max=120),
    Setting("ui.show_cursor", bool, False, "show the mouse cursor in visitor mode"),
    Setting("ui.fullscreen", bool, True, "start fullscreen (false: a window, for a desk)"),
    Setting("ui.transition_ms", int, 180, "page transition length in milliseconds",
            min=0, max=1000),
    Setting("admin.idle_timeout_s", float, 120.0, "seconds without touch before admin mode exits",
            min=15, max=3600),
    Setting("sensors.replay_after_s", float, 8.0,
            "seconds of stale/offline data before charts switch to a recording", min=0, max=3600),
    *_sensor_settings(),
    Setting("ops.backups_keep", int, 7, "how many database backups to keep", min=1, max=365),
    Setting("ops.hang_limit_s", float, 30.0, "GUI thread stall that dumps stacks and exits",
            min=2, max=600),
    Setting("ops.log_level", str, "INFO", "log level",
            choices=("DEBUG", "INFO", "WARNING", "ERROR")),
    *_fleet_settings(),
    *_audio_settings(),
    *_access_settings(),
    *_engagement_settings(),
)

BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}


@dataclasses.dataclass
class Config:
    """Typed settings values plus the problems found while reading them."""

    values: dict[str, Any]
    problems: list[str]
    path: Path | None = None

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str) -> Any:
        return self.values[key]

    def section(self, prefix: str) -> dict[str, Any]:
        """All values under ``prefix.`` with the prefix removed."""
        p = prefix + "."
        return {k[len(p):]: v for k, v in self.values.items() if k.startswith(p)}

    def with_overrides(self, **overrides: Any) -> Config:
        """A copy with some values replaced (keys with dots written as ``__``)."""
        vals = dict(self.values)
        for k, v in overrides.items():
            key = k.replace("__", ".")
            vals[key] = BY_KEY[key].coerce(v)
        return Config(vals, list(self.problems), self.path)


def defaults() -> Config:
    return Config({s.key: s.default for s in SETTINGS}, [])


def _flatten(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for k, v in data.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping) and key not in BY_KEY:
            yield from _flatten(v, key + ".")
        else:
            yield key, v


def parse(data: Mapping[str, Any], *, source: str = "config") -> Config:
    """Check a parsed TOML mapping; bad keys and values become problems, not errors."""
    cfg = defaults()
    for key, raw in _flatten(data):
        setting = BY_KEY.get(key)
        if setting is None:
            cfg.problems.append(f"{source}: unknown setting {key!r} ignored")
            continue
        try:
            cfg.values[key] = setting.coerce(raw)
        except ValueError as exc:
            cfg.problems.append(
                f"{source}: {key}: {exc}; using the default {setting.default!r}")
    return cfg


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return data_dir() / "kiosk.db"


def load(path: Path | None = None) -> Config:
    """Read the settings file; a missing default file is fine, a broken one is a problem."""
    explicit = path is not None
    path = Path(path) if path is not None else config_dir() / "config.toml"
    if not path.exists():
        cfg = defaults()
        if explicit:
            cfg.problems.append(f"{path}: no such settings file; using defaults")
        cfg.path = path
        return cfg
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        cfg = defaults()
        cfg.problems.append(f"{path}: cannot be read ({exc}); using defaults")
        cfg.path = path
        return cfg
    cfg = parse(data, source=str(path))
    cfg.path = path
    return cfg


def describe() -> str:
    """A TOML-ish listing of every setting with its docs, for the README and ``kiosk settings``."""
    lines = []
    for s in SETTINGS:
        bounds = []
        if s.min is not None:
            bounds.append(f">= {s.min:g}")
        if s.max is not None:
            bounds.append(f"<= {s.max:g}")
        if s.choices:
            bounds.append("one of " + ", ".join(s.choices))
        extra = f" ({'; '.join(bounds)})" if bounds else ""
        default = (repr(s.default).replace("'", '"').replace("True", "true")
                   .replace("False", "false"))
        lines.append(f"{s.key} = {default}  # {s.type.__name__}{extra}: {s.doc}")
    return "\n".join(lines)
