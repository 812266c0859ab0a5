"""The wire protocol: round trips, and errors that name the topic and the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.fleet import protocol
from kiosk.fleet.protocol import (
    Command,
    CommandResult,
    Desired,
    Health,
    ProtocolError,
    Release,
    Reported,
    Status,
)
from kiosk.fleet.roster import Roster

SHA = "ab" * 32
T = "kiosk/v1/yidian/lobby/"


def release(version: int = 3) -> Release:
    return Release(version=version, sha256=SHA, size=1234, url="http://author:8765/releases/r.zip",
                   key_id="0123456789abcdef", signature="c2ln")


def test_messages_round_trip() -> None:
    st = Status("ready", boot_id="b1", name="大厅 Lobby", app_version="0.1.0", content_version=3)
    assert Status.decode(T + "status", protocol.encode(st)) == st
    rep = Reported(content_version=3, content_sha=SHA, phase="active", target_version=3,
                   desired_revision=9,
                   health=Health(uptime_s=12.5, free_disk_bytes=10**9, db_integrity="ok",
                                 feeds={"titrator": protocol.Feed("live", 0.2)},
                                 last_touch_s=30.0, mqtt_reconnects=2, last_error=""))
    assert Reported.decode(T + "reported", protocol.encode(rep)) == rep
    d = Desired(revision=9, release=release(), not_before=0.0, issued=1.0)
    assert Desired.decode(T + "desired", protocol.encode(d)) == d
    c = Command.make("yidian", "lobby", "identify", now=1000.0)
    assert c.expires == 1000.0 + protocol.DEFAULT_COMMAND_EXPIRY_S
    assert c.reply_to == T + "cmd/res"
    assert Command.decode(T + "cmd", protocol.encode(c)) == c
    r = CommandResult(c.id, True, data={"png": "iVBO"})
    assert CommandResult.decode(T + "cmd/res", protocol.encode(r)) == r


@pytest.mark.parametrize(("leaf", "cls", "payload", "field"), [
    ("status", Status, {"state": "sleeping"}, "state"),
    ("status", Status, {}, "state"),
    ("reported", Reported, {"phase": "active", "content_version": "3"}, "content_version"),
    ("reported", Reported, {"phase": "active", "health": {"feeds": {"gcms": {"age_s": 1}}}},
     "health.feeds.gcms.state"),
    ("desired", Desired, {"revision": 0}, "revision"),
    ("desired", Desired, {"revision": 2, "release": {"version": 1, "sha256": "xyz", "size": 1,
                                                     "url": "http://a/b", "key_id": "k",
                                                     "signature": "s"}}, "release.sha256"),
    ("desired", Desired, {"revision": 2, "release": {"version": 1, "sha256": SHA, "size": 1,
                                                     "url": "file:///etc/passwd", "key_id": "k",
                                                     "signature": "s"}}, "release.url"),
    ("cmd", Command, {"id": "1", "name": "format-disk", "expires": 1, "reply_to": "x"}, "name"),
])
def test_bad_messages_name_topic_and_field(leaf: str, cls: type, payload: dict[str, object],
                                           field: str) -> None:
    with pytest.raises(ProtocolError) as err:
        cls.decode(T + leaf, json.dumps(payload).encode())  # type: ignore[attr-defined]
    assert err.value.topic == T + leaf and err.value.field == field
    assert str(err.value).startswith(f"{T}{leaf}: {field}: ")


def test_not_json_and_bad_topics() -> None:
    with pytest.raises(ProtocolError, match="not valid JSON"):
        Status.decode(T + "status", b"\xff{")
    with pytest.raises(ProtocolError, match="not a kiosk/v1 topic"):
        protocol.parse_topic("showroom/titrator/ph")
    with pytest.raises(ProtocolError, match="kiosk"):
        protocol.parse_topic("kiosk/v1/yidian/Lobby!/status")
    with pytest.raises(ValueError, match=r"fleet\.site"):
        protocol.check_id("a/b", what="fleet.site")
    name = protocol.parse_topic(T + "cmd/res")
    assert (name.site, name.kiosk_id, name.leaf, name.key) == ("yidian", "lobby", "cmd/res",
                                                              "yidian/lobby")


def test_roster_tracks_state_and_tells_listeners() -> None:
    now = [100.0]
    roster = Roster(clock=lambda: now[0])
    seen: list[tuple[str, str]] = []
    unsubscribe = roster.subscribe(lambda e: seen.append((e.key, e.state)))
    roster.apply(T + "status", protocol.encode(Status("ready", name="大厅", content_version=2)))
    roster.apply(T + "reported", protocol.encode(Reported(content_version=2, phase="active")))
    roster.apply(T + "reported", b"{not json")  # ignored, logged
    now[0] = 160.0
    roster.apply(T + "status", protocol.encode(Status("lost")))
    e = roster.find("lobby")
    assert e is roster.find("大厅") is roster.find("yidian/lobby")
    assert (e.state, e.content_version, e.phase, e.last_seen) == ("lost", 2, "active", 100.0)
    assert e.lost_for(now=190.0) == 30.0
    assert seen == [("yidian/lobby", "ready"), ("yidian/lobby", "ready"), ("yidian/lobby", "lost")]
    unsubscribe()
    roster.apply(T + "status", protocol.encode(Status("ready")))
    assert len(seen) == 3 and roster.find("lobby").lost_for() is None
    with pytest.raises(KeyError, match="no kiosk"):
        roster.find("gallery")


def test_the_broker_password_never_shows_in_a_repr(tmp_path: Path) -> None:
    from kiosk import settings
    from kiosk.fleet.config import from_settings
    pw = tmp_path / "pw"
    pw.write_text("s3cret-Passw0rd\n", encoding="utf-8")
    cfg = settings.parse({"fleet": {"enabled": True, "site": "yidian", "kiosk_id": "lobby",
                                    "username": "yidian-lobby", "password_file": str(pw),
                                    "public_keys": "ed25519:" + "A" * 43 + "="}})
    fc = from_settings(cfg, data_dir=tmp_path)
    assert fc is not None and fc.broker.password == "s3cret-Passw0rd"
    assert "s3cret" not in repr(fc) and "s3cret" not in str(fc.broker)
