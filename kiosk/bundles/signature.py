"""Ed25519 signatures over a bundle's manifest (``cryptography``): keys, signing, checking.

A signed bundle is the usual bundle zip plus one entry, ``manifest.sig``: a detached signature
over the exact bytes of ``manifest.json``. The manifest lists every file's sha256, so the
signature covers the whole content. Kiosks pin one or two public keys (``fleet.public_keys``,
two during a key rotation), written ``ed25519:<base64 of the 32 raw bytes>``.

The private key lives in a file of mode 0600 on the author only; nothing here logs it or puts
it in a bundle.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import stat
import zipfile
from collections.abc import Sequence
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from kiosk.bundles.safezip import MANIFEST, SIGNATURE, BundleRefused
from kiosk.reasons import Reason

PREFIX = "ed25519:"


class SigningKeyError(ValueError):
    """A key file or public key string that cannot be used; the message says why."""


def public_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PREFIX + base64.b64encode(raw).decode("ascii")


def key_id(public: str) -> str:
    """A short name for a public key: 16 hex digits of the sha256 of its raw bytes."""
    return hashlib.sha256(parse_public(public).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)).hexdigest()[:16]


def parse_public(text: str) -> Ed25519PublicKey:
    text = text.strip()
    if not text.startswith(PREFIX):
        raise SigningKeyError(f"public key {text[:20]!r}…: must start with {PREFIX!r}")
    try:
        raw = base64.b64decode(text[len(PREFIX):], validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError) as exc:
        raise SigningKeyError(f"public key {text[:20]!r}…: not 32 bytes of base64 ({exc})") from exc


def parse_public_list(text: str) -> list[str]:
    """``fleet.public_keys``: comma-separated, checked, at most two."""
    keys = [k.strip() for k in text.split(",") if k.strip()]
    for k in keys:
        parse_public(k)
    if len(keys) > 2:
        raise SigningKeyError(f"{len(keys)} public keys: pin one, or two during a rotation")
    return keys


def generate(path: Path) -> str:
    """Write a new private key to ``path`` (mode 0600, never overwritten); return the public."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise SigningKeyError(f"{path}: a key is already there; move it away to make a new one") \
            from exc
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
        f.flush()
        os.fsync(f.fileno())
    public = public_text(key.public_key())
    path.with_name(path.name + ".pub").write_text(public + "\n", encoding="ascii")
    return public


def load_private(path: Path) -> Ed25519PrivateKey:
    path = Path(path)
    try:
        mode = path.stat().st_mode
        data = path.read_bytes()
    except OSError as exc:
        raise SigningKeyError(f"{path}: cannot read the signing key "
                              f"({exc.strerror or exc})") from exc
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningKeyError(f"{path}: others may read the signing key (mode {mode & 0o777:o}); "
                        "chmod 600 it")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except ValueError as exc:
        raise SigningKeyError(f"{path}: not a PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path}: not an Ed25519 key")
    return key


def sign_manifest(key: Ed25519PrivateKey, manifest: bytes) -> bytes:
    """The ``manifest.sig`` entry for ``manifest``."""
    public = public_text(key.public_key())
    entry = {"algorithm": "ed25519", "key_id": key_id(public),
             "signature": base64.b64encode(key.sign(manifest)).decode("ascii")}
    return json.dumps(entry).encode("utf-8")


def read_signature(zf: zipfile.ZipFile) -> dict[str, str] | None:
    """The signature entry of a bundle, None if unsigned; BundleRefused if malformed."""
    try:
        raw = zf.read(SIGNATURE)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError) as exc:
        raise BundleRefused([Reason("bundle.damaged", f"{SIGNATURE}: damaged ({exc})")]) from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleRefused([Reason("bundle.bad_signature",
                                    f"{SIGNATURE}: not valid JSON ({exc})")]) from exc
    ok = isinstance(data, dict) and all(isinstance(data.get(k), str)
                                        for k in ("algorithm", "key_id", "signature"))
    if not ok or data["algorithm"] != "ed25519":
        raise BundleRefused([Reason("bundle.bad_signature", f"{SIGNATURE}: needs algorithm "
                                    "\"ed25519\", key_id and signature")])
    return {k: data[k] for k in ("algorithm", "key_id", "signature")}


def verify(zf: zipfile.ZipFile, trusted: Sequence[str]) -> dict[str, str]:
    """Check the bundle's signature against the pinned keys; the signature entry if good."""
    sig = read_signature(zf)
    if sig is None:
        raise BundleRefused([Reason("bundle.unsigned", f"unsigned bundle: {SIGNATURE} is "
                                    "missing, and this kiosk only accepts signed bundles "
                                    "(fleet.public_keys is set)")])
    keys = {key_id(k): parse_public(k) for k in trusted}
    key = keys.get(sig["key_id"])
    if key is None:
        raise BundleRefused([Reason("bundle.unknown_key",
                                    f"signed by an unknown key {sig['key_id']} (this kiosk "
                                    f"trusts {', '.join(sorted(keys)) or 'no key'})")])
    try:
        manifest = zf.read(MANIFEST)
        key.verify(base64.b64decode(sig["signature"], validate=True), manifest)
    except (InvalidSignature, binascii.Error, ValueError) as exc:
        raise BundleRefused([Reason("bundle.bad_signature",
                                    f"bad signature: {MANIFEST} does not match the signature "
                                    f"of key {sig['key_id']} (tampered?)")]) from exc
    except (KeyError, zipfile.BadZipFile, OSError) as exc:
        raise BundleRefused([Reason("bundle.damaged", f"{MANIFEST}: unreadable ({exc})")]) \
            from exc
    return sig
