"""Bad releases are refused, named in ``reported`` and change nothing; older ones too."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import zipfile
from pathlib import Path

import pytest
from helpers.bundles import dump_at, rewrite_zip
from helpers.fleet import (
    FleetBroker,
    fleet_of,
    running,
    set_title,
    title_of,
    until,
    write_keys,
)

from kiosk.bundles import signature
from kiosk.bundles.importer import import_bundle
from kiosk.bundles.safezip import BundleRefused
from kiosk.fleet import protocol, release
from kiosk.fleet.author import Author

FAULTS = ("flipped", "truncated", "tampered", "unknown-key", "unsigned")


def _bad_release(kind: str, good: Path, folder: Path, other_key: Path, base_url: str,
                 version: int) -> protocol.Release:
    """A release file on the author's server that is wrong in one way, and its desired."""
    out = folder / f"bad-{kind}.zip"
    if kind == "flipped":  # the author announced the good file; one byte changed on the way
        rel = release.describe(good, base_url=base_url)
        data = bytearray(good.read_bytes())
        data[len(data) // 2] ^= 0x01
        out.write_bytes(bytes(data))
    elif kind == "truncated":
        rel = release.describe(good, base_url=base_url)
        out.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "tampered":  # the content changed and its manifest fixed, the signature kept
        with zipfile.ZipFile(good) as zf:
            toml = zf.read("exhibits/exhibit-001/exhibit.toml").replace(b"Exhibit 1", b"Fake 1")
        rewrite_zip(good, out, replace={"exhibits/exhibit-001/exhibit.toml": toml},
                    fix_manifest=True)
        rel = dataclasses.replace(release.describe(out, base_url=base_url))
    elif kind == "unknown-key":
        with zipfile.ZipFile(good) as zf:
            manifest = zf.read("manifest.json")
        key = signature.load_private(other_key)
        rewrite_zip(good, out, replace={"manifest.sig": signature.sign_manifest(key, manifest)})
        rel = release.describe(out, base_url=base_url)
    else:  # unsigned, announced with the good release's signature
        rewrite_zip(good, out, drop={"manifest.sig"})
        rel = release.describe(good, base_url=base_url)
        rel = dataclasses.replace(rel, sha256=release.file_sha256(out),
                                  size=out.stat().st_size)
    if kind in ("flipped", "truncated"):
        return dataclasses.replace(rel, url=f"{base_url}/releases/{out.name}")
    return dataclasses.replace(rel, version=version, url=f"{base_url}/releases/{out.name}")


async def _desire(author: Author, key: str, rel: protocol.Release) -> None:
    await author._set_desired([f"{protocol.NAMESPACE}/{key}/desired"], rel)


def test_bad_releases_refused_everywhere(broker: FleetBroker, tmp_path: Path,
                                         template_db: Path, keys: tuple[Path, str]) -> None:
    author, faulty = fleet_of(broker, tmp_path, template_db, keys, FAULTS)
    agents = dict(zip(FAULTS, faulty, strict=True))
    other_key, _ = write_keys(tmp_path / "other", "intruder.key")
    before = dump_at(template_db)

    async def main() -> None:
        async with running(author, *agents.values()):
            await until(lambda: sum(e.online for e in author.roster.entries()) == len(FAULTS),
                        what="kiosks online")
            set_title(author.db_path, "exhibit-001", "Changed")
            good = await author.make_release()
            good_path = author.config.releases_dir() / release.release_name(good.version)
            for kind, agent in agents.items():
                rel = _bad_release(kind, good_path, author.config.releases_dir(), other_key,
                                   author.http_url, good.version)
                await _desire(author, agent.config.key, rel)
            await until(lambda: all(author.roster.find(k).phase == "failed" for k in FAULTS),
                        what="every kiosk refused")
            reasons = {k: author.roster.find(k).reason for k in FAULTS}
            assert "sha256 differs" in reasons["flipped"]
            assert "truncated" in reasons["truncated"]
            assert "bad signature" in reasons["tampered"]
            assert "unknown key" in reasons["unknown-key"]
            assert "unsigned" in reasons["unsigned"]
            codes = {k: author.roster.find(k).reason_code for k in FAULTS}
            assert codes == {"flipped": "release.sha256", "truncated": "release.truncated",
                             "tampered": "bundle.bad_signature",
                             "unknown-key": "bundle.unknown_key", "unsigned": "bundle.unsigned"}
            from kiosk.reasons import code_of
            assert code_of(author.roster.find("tampered").reason) == "bundle.bad_signature"
            for agent in agents.values():
                assert dump_at(agent.db_path) == before  # nothing changed
                assert agent.content.version is None
            # the good release still goes through afterwards, level-triggered
            for agent in agents.values():
                await _desire(author, agent.config.key, good)
            await until(lambda: all(a.phase == "active" and a.content.version == good.version
                                    for a in agents.values()), what="the good release")
            assert all(title_of(a.db_path, "exhibit-001") == "Changed" for a in agents.values())
    asyncio.run(main())


def test_older_release_refused_unless_signed_rollback(broker: FleetBroker, tmp_path: Path,
                                                      template_db: Path,
                                                      keys: tuple[Path, str]) -> None:
    author, (agent,) = fleet_of(broker, tmp_path, template_db, keys, ["lobby"])

    async def main() -> None:
        async with running(author, agent):
            await until(lambda: len(author.roster) == 1, what="the kiosk")
            set_title(author.db_path, "exhibit-001", "First")
            r1 = await author.publish()
            await r1.wait(30)
            set_title(author.db_path, "exhibit-001", "Second")
            r2 = await author.publish()
            await r2.wait(30)
            assert (r1.wave, r2.wave, agent.content.version) == ("done", "done", 2)
            await _desire(author, agent.config.key, r1.release)  # back to 1, not a rollback
            await until(lambda: agent.phase == "failed", what="refusal")
            assert "older than release 2" in agent.reason
            assert title_of(agent.db_path, "exhibit-001") == "Second"
            set_title(author.db_path, "exhibit-001", "First")
            r3 = await author.publish(rollback=True)  # a signed rollback is the way back
            await r3.wait(30)
            assert r3.wave == "done" and title_of(agent.db_path, "exhibit-001") == "First"
    asyncio.run(main())


def test_usb_import_needs_a_signature_once_keys_are_pinned(
        tmp_path: Path, template_db: Path, keys: tuple[Path, str],
        capsys: pytest.CaptureFixture[str]) -> None:
    from helpers.fleet import clone_db
    db = clone_db(template_db, tmp_path / "kiosk" / "kiosk.db")
    src = clone_db(template_db, tmp_path / "src" / "kiosk.db")
    set_title(src, "exhibit-001", "From USB")
    _, signed = release.build(src, tmp_path / "out", key=signature.load_private(keys[0]),
                              version=4, base_url="http://x")
    unsigned = rewrite_zip(signed, tmp_path / "unsigned.zip", drop={"manifest.sig"})
    before = dump_at(db)
    with pytest.raises(BundleRefused, match="unsigned bundle"):
        import_bundle(db, unsigned, public_keys=[keys[1]])
    _, other = write_keys(tmp_path / "o", "o.key")
    with pytest.raises(BundleRefused, match="unknown key"):
        import_bundle(db, signed, public_keys=[other])
    assert dump_at(db) == before
    result = import_bundle(db, signed, public_keys=[other, keys[1]])  # two keys: a rotation
    assert result.release is not None and result.release.version == 4
    assert title_of(db, "exhibit-001") == "From USB"
    # `kiosk import` (the USB path) reads the pinned keys from the settings
    conf = tmp_path / "config.toml"
    conf.write_text(f'[fleet]\npublic_keys = "{keys[1]}"\n', encoding="utf-8")
    from kiosk import cli
    assert cli.main(["import", str(unsigned), "--db", str(db), "--config", str(conf)]) == 2
    assert "unsigned bundle" in capsys.readouterr().err
    import_bundle(db, unsigned)  # no keys pinned: a standalone kiosk imports as before
    assert os.stat(keys[0]).st_mode & 0o777 == 0o600
