"""The fleet part of the settings, typed and checked once (``[fleet]`` in config.toml)."""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

from kiosk import settings
from kiosk.bundles import signature
from kiosk.fleet import protocol
from kiosk.fleet.link import BrokerSettings


class FleetConfigError(ValueError):
    """``[fleet]`` is switched on but cannot work; the message names the setting."""


@dataclasses.dataclass(frozen=True)
class FleetConfig:
    site: str
    kiosk_id: str
    name: str
    broker: BrokerSettings
    public_keys: tuple[str, ...]
    author: bool
    key_file: Path
    http_host: str
    http_port: int
    http_url: str
    failure_limit: int
    wave_timeout_s: float
    will_delay_s: int
    report_every_s: float
    data_dir: Path

    @property
    def key(self) -> str:
        return f"{self.site}/{self.kiosk_id}"

    def topic(self, leaf: str) -> str:
        return protocol.kiosk_topic(self.site, self.kiosk_id, leaf)

    def releases_dir(self) -> Path:
        return self.data_dir / "fleet" / "releases"

    def downloads_dir(self) -> Path:
        return self.data_dir / "fleet" / "downloads"


def _password(path: str) -> str:
    if not path:
        return ""
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise FleetConfigError(f"fleet.password_file: {path}: cannot be read "
                               f"({exc.strerror or exc})") from exc


def from_settings(cfg: settings.Config, *, data_dir: Path | None = None) -> FleetConfig | None:
    """The fleet settings, None when ``fleet.enabled`` is false; FleetConfigError if unusable."""
    f = cfg.section("fleet")
    if not f["enabled"]:
        return None
    try:
        site = protocol.check_id(f["site"], what="fleet.site")
        kiosk_id = protocol.check_id(f["kiosk_id"], what="fleet.kiosk_id")
        keys = tuple(signature.parse_public_list(f["public_keys"]))
    except ValueError as exc:
        raise FleetConfigError(str(exc)) from exc
    if f["public_keys"] == "" and not f["author"]:
        raise FleetConfigError("fleet.public_keys: a kiosk in a fleet must pin the author's "
                               "public key (see `kiosk fleet keygen`)")
    ddir = Path(data_dir) if data_dir is not None else settings.data_dir()
    broker = BrokerSettings(host=f["broker_host"], port=f["broker_port"],
                            username=f["username"], password=_password(f["password_file"]),
                            tls=f["tls"], ca_file=f["ca_file"], keepalive_s=f["keepalive_s"])
    url = f["http_url"].rstrip("/") or f"http://{socket.gethostname()}:{f['http_port']}"
    return FleetConfig(site=site, kiosk_id=kiosk_id, name=f["name"], broker=broker,
                       public_keys=keys, author=f["author"],
                       key_file=Path(f["key_file"]) if f["key_file"]
                       else ddir / "fleet" / "author.key",
                       http_host=f["http_host"], http_port=f["http_port"], http_url=url,
                       failure_limit=f["failure_limit"], wave_timeout_s=f["wave_timeout_s"],
                       will_delay_s=f["will_delay_s"], report_every_s=f["report_every_s"],
                       data_dir=ddir)
