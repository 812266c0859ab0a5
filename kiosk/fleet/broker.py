"""The broker recipe's identities: ACL blocks for kiosks, the author, gateways and bridges.

``packaging/mosquitto/`` holds the configuration; ``kiosk fleet add-kiosk`` prints these
blocks; the tests build their broker's ACL file from the very same functions. One identity per
kiosk: a kiosk writes only its own ``status``, ``reported``, ``cmd/res``, ``events`` and
``stats`` (its hourly visitor aggregates), and reads only its own ``desired``, ``cmd`` and
``stats/ack``, its site's ``_group`` and ``_author`` topics, and the instruments'
``showroom/#``. Only the author writes ``desired`` and ``cmd``; only an
instrument gateway writes ``showroom/<instrument>/#``.
"""

from __future__ import annotations

import secrets

from kiosk.fleet.protocol import AUTHOR, GROUP, NAMESPACE, check_id

INSTRUMENT_PREFIX = "showroom"


def kiosk_username(site: str, kiosk_id: str) -> str:
    return f"{check_id(site, what='site')}-{check_id(kiosk_id, what='kiosk id')}"


def kiosk_acl(site: str, kiosk_id: str, *, username: str | None = None) -> str:
    user = username or kiosk_username(site, kiosk_id)
    own = f"{NAMESPACE}/{site}/{kiosk_id}"
    return "\n".join([
        f"user {user}",
        f"topic write {own}/status",
        f"topic write {own}/reported",
        f"topic write {own}/cmd/res",
        f"topic write {own}/events/#",
        f"topic write {own}/stats",
        f"topic read {own}/desired",
        f"topic read {own}/cmd",
        f"topic read {own}/stats/ack",
        f"topic read {NAMESPACE}/{site}/{GROUP}/#",
        f"topic read {NAMESPACE}/{site}/{AUTHOR}/status",
        f"topic read {INSTRUMENT_PREFIX}/#",
    ]) + "\n"


def author_acl(username: str = "author", *, sites: tuple[str, ...] = ()) -> str:
    """The author reads and writes the fleet topics of its sites (all sites by default)."""
    lines = [f"user {username}"]
    lines += [f"topic readwrite {NAMESPACE}/{s}/#" for s in sites] or \
        [f"topic readwrite {NAMESPACE}/#"]
    lines.append(f"topic read {INSTRUMENT_PREFIX}/#")
    return "\n".join(lines) + "\n"


def gateway_acl(username: str, instrument: str) -> str:
    return f"user {username}\ntopic write {INSTRUMENT_PREFIX}/{check_id(instrument)}/#\n"


def bridge_acl(username: str, site: str) -> str:
    """The branch broker's identity on the head-office broker: its site's prefix only."""
    return f"user {username}\ntopic readwrite {NAMESPACE}/{check_id(site)}/#\n"


def new_password() -> str:
    return secrets.token_urlsafe(18)


def settings_block(site: str, kiosk_id: str, *, broker_host: str, broker_port: int,
                   public_keys: str, password_file: str, name: str = "") -> str:
    """The ``[fleet]`` block of the new kiosk's config.toml."""
    return "\n".join([
        "[fleet]",
        "enabled = true",
        f'site = "{site}"',
        f'kiosk_id = "{kiosk_id}"',
        f'name = "{name or kiosk_id}"',
        f'broker_host = "{broker_host}"',
        f"broker_port = {broker_port}",
        f'username = "{kiosk_username(site, kiosk_id)}"',
        f'password_file = "{password_file}"',
        f'public_keys = "{public_keys}"',
    ]) + "\n"
