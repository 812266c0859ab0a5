"""The fleet's wire protocol: topics under ``kiosk/v1/<site>/<kiosk-id>/`` and their JSON messages.

Every message is a small JSON object (bytes of releases travel over HTTP, never here). Decoding
checks every field and raises :class:`ProtocolError` naming the topic and the field, so a bad
message from one kiosk is logged and dropped, never a crash. Unknown extra fields are ignored
(a newer kiosk may add some); a missing or mistyped field is an error.

Topics (``<k>`` = ``kiosk/v1/<site>/<kiosk-id>``):

- ``<k>/status``     retained, by the kiosk; Last Will ``lost`` with a Will Delay
- ``<k>/reported``   retained, by the kiosk: content, rollout phase, health
- ``<k>/desired``    retained, by the author only: the release this kiosk should show
- ``kiosk/v1/<site>/_group/desired``  retained, by the author: the site's default
- ``<k>/cmd``        not retained, by the author; ``<k>/cmd/res`` the kiosk's answer
- ``<k>/events/...`` not retained, by the kiosk (free-form notices)
- ``<k>/stats``      not retained (QoS 1), by the kiosk: one visitor aggregate per hour
- ``<k>/stats/ack``  retained, by the author: the newest hour it has stored for that kiosk
- ``kiosk/v1/<site>/_author/status``  retained, by the author, with a Will ``offline``
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from typing import Any

from kiosk.stats.hourly import HOUR, HourAggregate

NAMESPACE = "kiosk/v1"
GROUP = "_group"
AUTHOR = "_author"

STATUS_STATES = ("ready", "disconnected", "lost")
AUTHOR_STATES = ("online", "offline")
PHASES = ("idle", "downloading", "verifying", "staged", "active", "failed")
COMMANDS = ("screenshot", "identify", "restart", "reload", "attract")
DEFAULT_COMMAND_EXPIRY_S = 120.0
MAX_PAYLOAD = 4 * 1024 * 1024  # a screenshot answer is the biggest message (base64 PNG)

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")   # an exhibit's slug (content/loader.py)
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
STATS_SCHEMA = 1          # the hourly aggregate's layout; a newer one is refused, not guessed
STATS_COUNTS = ("page", "language", "swipe", "chart", "narration", "qr")
STATS_MAX_KEYS = 1000     # exhibits or distinct visit lengths in one hour


class ProtocolError(ValueError):
    """A message that does not follow the protocol; says which topic and which field."""

    def __init__(self, topic: str, field: str, problem: str) -> None:
        self.topic, self.field, self.problem = topic, field, problem
        where = f"{topic}: {field}: " if field else f"{topic}: "
        super().__init__(where + problem)


# --- names and topics -------------------------------------------------------------------------

def check_id(value: str, *, what: str = "id") -> str:
    """A site or kiosk id: lower-case letters, digits, ``-`` and ``_`` (no MQTT wildcards)."""
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise ValueError(f"{what} {value!r}: use 1-63 lower-case letters, digits, '-' or '_', "
                         "starting with a letter or digit")
    return value


def kiosk_topic(site: str, kiosk_id: str, leaf: str) -> str:
    return f"{NAMESPACE}/{site}/{kiosk_id}/{leaf}"


def group_desired_topic(site: str) -> str:
    return f"{NAMESPACE}/{site}/{GROUP}/desired"


def author_status_topic(site: str) -> str:
    return f"{NAMESPACE}/{site}/{AUTHOR}/status"


@dataclasses.dataclass(frozen=True)
class TopicName:
    site: str
    kiosk_id: str  # "_group" or "_author" for those topics
    leaf: str      # "status", "reported", "desired", "cmd", "cmd/res", "events/..."

    @property
    def key(self) -> str:
        return f"{self.site}/{self.kiosk_id}"


def parse_topic(topic: str) -> TopicName:
    """Split a fleet topic; ProtocolError if it is not one."""
    parts = topic.split("/")
    if len(parts) < 5 or f"{parts[0]}/{parts[1]}" != NAMESPACE:
        raise ProtocolError(topic, "", f"not a {NAMESPACE} topic")
    site, kiosk, leaf = parts[2], parts[3], "/".join(parts[4:])
    if not _ID_RE.match(site):
        raise ProtocolError(topic, "site", f"{site!r} is not a valid site id")
    if kiosk not in (GROUP, AUTHOR) and not _ID_RE.match(kiosk):
        raise ProtocolError(topic, "kiosk", f"{kiosk!r} is not a valid kiosk id")
    return TopicName(site, kiosk, leaf)


# --- field checks -----------------------------------------------------------------------------

class _Fields:
    """Typed access to a decoded JSON object, with errors that name topic and field."""

    def __init__(self, topic: str, data: Any, prefix: str = "") -> None:
        if not isinstance(data, dict):
            raise ProtocolError(topic, prefix.rstrip("."), "must be a JSON object")
        self.topic, self.data, self.prefix = topic, data, prefix

    def _fail(self, name: str, problem: str) -> ProtocolError:
        return ProtocolError(self.topic, self.prefix + name, problem)

    def _raw(self, name: str, default: Any) -> Any:
        if name not in self.data or self.data[name] is None:
            if default is _REQUIRED:
                raise self._fail(name, "missing")
            return default
        return self.data[name]

    def text(self, name: str, default: Any = None, *, choices: tuple[str, ...] = ()) -> Any:
        v = self._raw(name, _REQUIRED if default is None else default)
        if not isinstance(v, str):
            raise self._fail(name, f"expected text, got {type(v).__name__}")
        if choices and v not in choices:
            raise self._fail(name, f"{v!r} is not one of {', '.join(choices)}")
        return v

    def integer(self, name: str, default: Any = None, *, minimum: int | None = 0) -> Any:
        v = self._raw(name, _REQUIRED if default is None else default)
        if isinstance(v, bool) or not isinstance(v, int):
            raise self._fail(name, f"expected a whole number, got {v!r}")
        if minimum is not None and v < minimum:
            raise self._fail(name, f"{v} is below {minimum}")
        return v

    def number(self, name: str, default: Any = None) -> Any:
        v = self._raw(name, _REQUIRED if default is None else default)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v:
            raise self._fail(name, f"expected a number, got {v!r}")
        return float(v)

    def flag(self, name: str, default: bool = False) -> bool:
        v = self._raw(name, default)
        if not isinstance(v, bool):
            raise self._fail(name, f"expected true or false, got {v!r}")
        return v

    def optional_int(self, name: str) -> int | None:
        return None if self.data.get(name) is None else self.integer(name)

    def sha(self, name: str) -> str:
        v = self.text(name)
        if not _SHA_RE.match(v):
            raise self._fail(name, "expected 64 lower-case hex digits")
        return v

    def mapping(self, name: str) -> dict[str, Any]:
        v = self._raw(name, {})
        if not isinstance(v, dict):
            raise self._fail(name, "must be a JSON object")
        return v

    def sub(self, name: str) -> _Fields:
        return _Fields(self.topic, self._raw(name, _REQUIRED), self.prefix + name + ".")


_REQUIRED = object()


def loads(topic: str, payload: bytes) -> Any:
    if len(payload) > MAX_PAYLOAD:
        raise ProtocolError(topic, "", f"payload of {len(payload):,} bytes is over the limit")
    try:
        return json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProtocolError(topic, "", f"not valid JSON ({exc})") from exc


def encode(message: Any) -> bytes:
    """Compact UTF-8 JSON of a message dataclass."""
    return json.dumps(dataclasses.asdict(message), ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


# --- messages ---------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Status:
    """``<k>/status``: is the kiosk there. ``lost`` comes from the broker (the Will)."""

    state: str
    boot_id: str = ""
    name: str = ""          # what curators call it, e.g. "大厅 Lobby"
    app_version: str = ""
    content_version: int | None = None
    ts: float = 0.0

    @classmethod
    def decode(cls, topic: str, payload: bytes) -> Status:
        f = _Fields(topic, loads(topic, payload))
        return cls(state=f.text("state", choices=STATUS_STATES), boot_id=f.text("boot_id", ""),
                   name=f.text("name", ""), app_version=f.text("app_version", ""),
                   content_version=f.optional_int("content_version"), ts=f.number("ts", 0.0))


@dataclasses.dataclass(frozen=True)
class Feed:
    state: str          # live / stale / offline / replay ...
    age_s: float | None = None


@dataclasses.dataclass(frozen=True)
class Health:
    uptime_s: float = 0.0
    free_disk_bytes: int = 0
    db_integrity: str = "unknown"   # "ok" or the problem
    feeds: dict[str, Feed] = dataclasses.field(default_factory=dict)
    last_touch_s: float | None = None  # seconds since the last visitor touch
    mqtt_reconnects: int = 0
    last_error: str = ""

    @classmethod
    def from_fields(cls, f: _Fields) -> Health:
        feeds = {}
        for name, raw in f.mapping("feeds").items():
            g = _Fields(f.topic, raw, f"{f.prefix}feeds.{name}.")
            age = raw.get("age_s") if isinstance(raw, dict) else None
            feeds[str(name)] = Feed(g.text("state"), None if age is None else g.number("age_s"))
        touch = f.data.get("last_touch_s")
        return cls(uptime_s=f.number("uptime_s", 0.0),
                   free_disk_bytes=f.integer("free_disk_bytes", 0),
                   db_integrity=f.text("db_integrity", "unknown"), feeds=feeds,
                   last_touch_s=None if touch is None else f.number("last_touch_s"),
                   mqtt_reconnects=f.integer("mqtt_reconnects", 0),
                   last_error=f.text("last_error", ""))


@dataclasses.dataclass(frozen=True)
class Reported:
    """``<k>/reported``: what the kiosk shows and how its rollout and health are."""

    content_version: int | None = None
    content_sha: str = ""
    phase: str = "idle"
    reason: str = ""               # why ``failed`` (or why a release was refused), English
    reason_code: str = ""          # its ``kiosk.reasons`` code: screens translate by it
    target_version: int | None = None  # the release the phase is about
    desired_revision: int | None = None
    health: Health = dataclasses.field(default_factory=Health)
    ts: float = 0.0

    @classmethod
    def decode(cls, topic: str, payload: bytes) -> Reported:
        f = _Fields(topic, loads(topic, payload))
        health = Health.from_fields(f.sub("health")) if "health" in f.data else Health()
        return cls(content_version=f.optional_int("content_version"),
                   content_sha=f.text("content_sha", ""), phase=f.text("phase", choices=PHASES),
                   reason=f.text("reason", ""), reason_code=f.text("reason_code", ""),
                   target_version=f.optional_int("target_version"),
                   desired_revision=f.optional_int("desired_revision"), health=health,
                   ts=f.number("ts", 0.0))


@dataclasses.dataclass(frozen=True)
class Release:
    """A signed bundle on the author's HTTP server."""

    version: int
    sha256: str       # of the whole zip file
    size: int
    url: str
    key_id: str       # which pinned public key signed it
    signature: str    # base64 Ed25519 signature over the bundle's manifest.json
    rollback: bool = False

    @classmethod
    def from_fields(cls, f: _Fields) -> Release:
        url = f.text("url")
        if not url.startswith(("http://", "https://")):
            raise f._fail("url", f"{url[:80]!r} is not an http(s) URL")
        return cls(version=f.integer("version", minimum=1), sha256=f.sha("sha256"),
                   size=f.integer("size", minimum=1), url=url, key_id=f.text("key_id"),
                   signature=f.text("signature"), rollback=f.flag("rollback"))


@dataclasses.dataclass(frozen=True)
class Desired:
    """``<k>/desired`` and ``<site>/_group/desired``: level-triggered, the highest revision wins."""

    revision: int
    release: Release | None = None
    not_before: float = 0.0   # epoch seconds; apply no earlier
    issued: float = 0.0

    @classmethod
    def decode(cls, topic: str, payload: bytes) -> Desired:
        f = _Fields(topic, loads(topic, payload))
        release = (Release.from_fields(f.sub("release"))
                   if f.data.get("release") is not None else None)
        return cls(revision=f.integer("revision", minimum=1), release=release,
                   not_before=f.number("not_before", 0.0), issued=f.number("issued", 0.0))


@dataclasses.dataclass(frozen=True)
class Command:
    """``<k>/cmd``: the same fields travel as MQTT 5 properties and in the payload (bridges)."""

    id: str
    name: str
    expires: float                 # epoch seconds; never executed after
    reply_to: str
    args: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def make(cls, site: str, kiosk_id: str, name: str, *, args: dict[str, Any] | None = None,
             expiry_s: float = DEFAULT_COMMAND_EXPIRY_S, command_id: str = "",
             now: float | None = None) -> Command:
        import secrets
        if name not in COMMANDS:
            raise ValueError(f"unknown command {name!r} (one of {', '.join(COMMANDS)})")
        return cls(id=command_id or secrets.token_hex(8), name=name,
                   expires=(time.time() if now is None else now) + expiry_s,
                   reply_to=kiosk_topic(site, kiosk_id, "cmd/res"), args=dict(args or {}))

    @classmethod
    def decode(cls, topic: str, payload: bytes) -> Command:
        f = _Fields(topic, loads(topic, payload))
        return cls(id=f.text("id"), name=f.text("name", choices=COMMANDS),
                   expires=f.number("expires"), reply_to=f.text("reply_to"),
                   args=f.mapping("args"))


@dataclasses.dataclass(frozen=True)
class CommandResult:
    """``<k>/cmd/res``: ``ok`` false with ``error``; a screenshot's PNG is base64 in ``data``."""

    id: str
    ok: bool
    error: str = ""
    data: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def decode(cls, topic: str, payload: bytes) -> CommandResult:
        f = _Fields(topic, loads(topic, payload))
        return cls(id=f.text("id"), ok=f.flag("ok"), error=f.text("error", ""),
                   data=f.mapping("data"))


@dataclasses.dataclass(frozen=True)
class AuthorStatus:
    """``<site>/_author/status``: retained; the broker writes ``offline`` (the Will)."""

    state: str
    author_id: str = ""
    revision: int | None = None
    release_version: int | None = None
    ts: float = 0.0

    @classmethod
    def decode(cls, topic: str, payload: bytes) -> AuthorStatus:
        f = _Fields(topic, loads(topic, payload))
        return cls(state=f.text("state", choices=AUTHOR_STATES), author_id=f.text("author_id", ""),
                   revision=f.optional_int("revision"),
                   release_version=f.optional_int("release_version"), ts=f.number("ts", 0.0))


def _counts(f: _Fields, name: str, *, key: re.Pattern[str] | None = None,
            numbers: bool = False) -> dict[str, Any]:
    """A JSON object of non-negative counts (or seconds) keyed by slug, language or length."""
    raw = f.mapping(name)
    if len(raw) > STATS_MAX_KEYS:
        raise f._fail(name, f"{len(raw)} entries, at most {STATS_MAX_KEYS}")
    out: dict[str, Any] = {}
    for k, v in raw.items():
        where = f"{name}.{k}"
        if key is not None and not key.match(k):
            raise f._fail(where, "not a valid key")
        if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or v < 0 \
                or (not numbers and not isinstance(v, int)):
            raise f._fail(where, f"expected a {'number' if numbers else 'whole number'} "
                                 f"of at least 0, got {v!r}")
        out[k] = float(v) if numbers else int(v)
    return out


@dataclasses.dataclass(frozen=True)
class StatsHour:
    """``<k>/stats``: one hour's visitor aggregate (``kiosk.stats.hourly``), never raw events.

    Checked field by field, and for consistency: the visit lengths and the languages each add
    up to the visits. ``schema`` is the layout's version: a newer one is refused by name.
    """

    aggregate: HourAggregate
    name: str = ""            # the kiosk's display name, for the author's screens
    ts: float = 0.0

    def encode(self) -> bytes:
        body = {"schema": STATS_SCHEMA, "name": self.name, "ts": self.ts,
                **dataclasses.asdict(self.aggregate)}
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def decode(cls, topic: str, payload: bytes, *, now: float | None = None) -> StatsHour:
        f = _Fields(topic, loads(topic, payload))
        schema = f.integer("schema", minimum=1)
        if schema > STATS_SCHEMA:
            raise f._fail("schema", f"layout {schema} is newer than this author understands "
                                    f"({STATS_SCHEMA}): update the author")
        hour = f.integer("hour", minimum=0)
        if hour % HOUR:
            raise f._fail("hour", f"{hour} is not the start of an hour (a multiple of 3600)")
        if hour > (time.time() if now is None else now):
            raise f._fail("hour", f"{hour} is in the future")
        visits = f.integer("visits")
        lengths_raw = _counts(f, "lengths", key=re.compile(r"^[0-9]{1,6}$"))
        lengths = {int(k): n for k, n in lengths_raw.items()}
        if sum(lengths.values()) > visits:
            raise f._fail("lengths", f"{sum(lengths.values())} visit lengths for {visits} "
                                     "visits")
        languages = _counts(f, "languages", key=_LANG_RE)
        if sum(languages.values()) != visits:
            raise f._fail("languages", f"{sum(languages.values())} languages for {visits} "
                                       "visits")
        exhibit_visits = _counts(f, "exhibit_visits", key=_SLUG_RE)
        for slug, n in exhibit_visits.items():
            if n > visits:
                raise f._fail(f"exhibit_visits.{slug}", f"{n} is more than the {visits} visits")
        counts = _counts(f, "counts")
        unknown = sorted(set(counts) - set(STATS_COUNTS))
        if unknown:  # an interaction this author does not know: left out, not refused
            counts = {k: v for k, v in counts.items() if k in STATS_COUNTS}
        agg = HourAggregate(
            hour=hour, visits=visits, visit_s=f.number("visit_s"),
            median_visit_s=f.number("median_visit_s"), lengths=dict(sorted(lengths.items())),
            exhibit_visits=exhibit_visits,
            exhibit_s=_counts(f, "exhibit_s", key=_SLUG_RE, numbers=True),
            languages=languages, counts={k: counts.get(k, 0) for k in STATS_COUNTS})
        for name in ("visit_s", "median_visit_s"):
            if getattr(agg, name) < 0:
                raise f._fail(name, "is below 0")
        return cls(agg, name=f.text("name", ""), ts=f.number("ts", 0.0))


@dataclasses.dataclass(frozen=True)
class StatsAck:
    """``<k>/stats/ack``: retained, by the author: every hour up to ``through`` is stored."""

    through: int = 0          # an hour start (epoch seconds); 0 = nothing stored yet
    ts: float = 0.0

    @classmethod
    def decode(cls, topic: str, payload: bytes) -> StatsAck:
        f = _Fields(topic, loads(topic, payload))
        through = f.integer("through", minimum=0)
        if through % HOUR:
            raise f._fail("through", f"{through} is not the start of an hour")
        return cls(through=through, ts=f.number("ts", 0.0))
