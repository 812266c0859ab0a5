"""The broker recipe refuses what the issue says it must: checked with real clients."""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from helpers.fleet import SITE, FleetBroker
from paho.mqtt.enums import CallbackAPIVersion

from kiosk.fleet import broker as recipe


class Client:
    """A plain MQTT 5 client under one identity, synchronous, for probing the ACL."""

    def __init__(self, b: FleetBroker, user: str | None, password: str | None = None) -> None:
        self.messages: queue.Queue[tuple[str, bytes]] = queue.Queue()
        self.acks: dict[int, Any] = {}
        self._acked = threading.Condition()
        self.c = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"probe-{user}",
                             protocol=mqtt.MQTTv5)
        if user is not None:
            self.c.username_pw_set(user, password if password is not None
                                   else b.passwords[user])
        connected: queue.Queue[Any] = queue.Queue()
        self.c.on_connect = lambda _c, _u, _f, rc, _p: connected.put(rc)
        self.c.on_message = lambda _c, _u, m: self.messages.put((m.topic, bytes(m.payload)))
        self.c.on_publish = self._on_publish
        self.c.connect("127.0.0.1", b.port, 10)
        self.c.loop_start()
        self.rc = connected.get(timeout=10)

    def _on_publish(self, _c: Any, _u: Any, mid: int, rc: Any, _p: Any) -> None:
        with self._acked:
            self.acks[mid] = rc
            self._acked.notify_all()

    def publish(self, topic: str, payload: bytes = b"{}", retain: bool = False) -> Any:
        """Publish with QoS 1 and return the broker's PUBACK reason code."""
        info = self.c.publish(topic, payload, qos=1, retain=retain)
        with self._acked:
            assert self._acked.wait_for(lambda: info.mid in self.acks, 10)
            return self.acks[info.mid]

    def subscribe(self, topic: str) -> None:
        done = threading.Event()
        self.c.on_subscribe = lambda *_a: done.set()
        self.c.subscribe(topic, qos=1)
        assert done.wait(10)

    def close(self) -> None:
        self.c.disconnect()
        self.c.loop_stop()


@pytest.fixture
def recipe_broker(broker: FleetBroker) -> FleetBroker:
    broker.add_kiosk("lobby")
    broker.add_kiosk("gcms")
    broker.add_kiosk("lobby", site="xuhui")  # same kiosk id, another branch
    broker.add_user("gw-titrator")  # the recipe's ACL has the gateways' blocks
    broker.start()
    return broker


def test_no_anonymous_and_no_wrong_password(recipe_broker: FleetBroker) -> None:
    anon = Client(recipe_broker, None)
    assert anon.rc.is_failure
    anon.close()
    wrong = Client(recipe_broker, recipe.kiosk_username(SITE, "lobby"), "guessed")
    assert wrong.rc.is_failure
    wrong.close()


def test_a_kiosk_writes_only_its_own_topics(recipe_broker: FleetBroker) -> None:
    lobby = Client(recipe_broker, recipe.kiosk_username(SITE, "lobby"))
    author = Client(recipe_broker, "author")
    assert not lobby.rc.is_failure
    own = "kiosk/v1/yidian/lobby"
    for leaf in ("status", "reported", "cmd/res", "events/touch", "stats"):
        assert not lobby.publish(f"{own}/{leaf}").is_failure, leaf
    refused = [f"{own}/desired", f"{own}/cmd", "kiosk/v1/yidian/gcms/reported",
               "kiosk/v1/yidian/gcms/status", "kiosk/v1/yidian/_group/desired",
               "kiosk/v1/yidian/gcms/stats", f"{own}/stats/ack", "kiosk/v1/xuhui/lobby/stats",
               "kiosk/v1/yidian/gcms/stats/ack",
               "kiosk/v1/yidian/_author/status", "kiosk/v1/xuhui/lobby/reported",
               "showroom/titrator/ph"]
    for topic in refused:
        rc = lobby.publish(topic, b'{"state": "lost"}', retain=True)
        assert rc.is_failure and rc.getName() == "Not authorized", topic
    # nothing of that reached a reader: the author sees only what lobby may write
    author.subscribe("kiosk/v1/#")
    author.subscribe("showroom/#")
    lobby.publish(f"{own}/reported", b'{"marker": 1}')
    seen = []
    while True:
        topic, payload = author.messages.get(timeout=10)
        seen.append(topic)
        if payload == b'{"marker": 1}':
            break
    assert not set(seen) & set(refused), seen
    lobby.close()
    author.close()


def test_a_kiosk_reads_only_its_own_commands(recipe_broker: FleetBroker) -> None:
    lobby = Client(recipe_broker, recipe.kiosk_username(SITE, "lobby"))
    gcms = Client(recipe_broker, recipe.kiosk_username(SITE, "gcms"))
    author = Client(recipe_broker, "author")
    gateway = Client(recipe_broker, "gw-titrator")
    lobby.subscribe("kiosk/v1/yidian/gcms/cmd")  # not its own: nothing must arrive
    lobby.subscribe("kiosk/v1/yidian/lobby/cmd")
    lobby.subscribe("showroom/#")
    gcms.subscribe("kiosk/v1/yidian/gcms/cmd")
    assert not author.publish("kiosk/v1/yidian/gcms/cmd", b"for gcms").is_failure
    assert gcms.messages.get(timeout=10) == ("kiosk/v1/yidian/gcms/cmd", b"for gcms")
    assert not author.publish("kiosk/v1/yidian/lobby/cmd", b"for lobby").is_failure
    assert not gateway.publish("showroom/titrator/ph", b"7.0").is_failure
    assert gateway.publish("showroom/gcms/tic", b"1").is_failure  # another instrument's
    got = [lobby.messages.get(timeout=10), lobby.messages.get(timeout=10)]
    assert sorted(got) == [("kiosk/v1/yidian/lobby/cmd", b"for lobby"),
                           ("showroom/titrator/ph", b"7.0")]
    for c in (lobby, gcms, author, gateway):
        c.close()


def test_statistics_a_kiosk_sends_its_own_the_author_reads_all(
        recipe_broker: FleetBroker) -> None:
    lobby = Client(recipe_broker, recipe.kiosk_username(SITE, "lobby"))
    gcms = Client(recipe_broker, recipe.kiosk_username(SITE, "gcms"))
    author = Client(recipe_broker, "author")
    author.subscribe("kiosk/v1/yidian/+/stats")
    for topic in ("kiosk/v1/yidian/gcms/stats", "kiosk/v1/yidian/gcms/stats/ack",
                  "kiosk/v1/yidian/lobby/stats/ack"):
        lobby.subscribe(topic)  # only its own acknowledgement may arrive
    assert not gcms.publish("kiosk/v1/yidian/gcms/stats", b"gcms hour").is_failure
    assert lobby.publish("kiosk/v1/yidian/gcms/stats", b"forged").getName() == "Not authorized"
    assert not lobby.publish("kiosk/v1/yidian/lobby/stats", b"lobby hour").is_failure
    got = sorted([author.messages.get(timeout=10), author.messages.get(timeout=10)])
    assert got == [("kiosk/v1/yidian/gcms/stats", b"gcms hour"),
                   ("kiosk/v1/yidian/lobby/stats", b"lobby hour")]
    assert not author.publish("kiosk/v1/yidian/gcms/stats/ack", b"g", retain=True).is_failure
    assert not author.publish("kiosk/v1/yidian/lobby/stats/ack", b"l", retain=True).is_failure
    assert lobby.messages.get(timeout=10) == ("kiosk/v1/yidian/lobby/stats/ack", b"l")
    assert author.messages.empty() and lobby.messages.empty()
    for c in (lobby, gcms, author):
        c.close()


def test_the_recipe_acl_has_the_author_block_add_kiosk_prints() -> None:
    from helpers.fleet import RECIPE
    text = (RECIPE / "kiosk.acl").read_text(encoding="utf-8")
    assert recipe.author_acl() in text
    assert recipe.gateway_acl("gw-titrator", "titrator") in text
    # the commented example kiosk block is what `kiosk fleet add-kiosk` prints
    example = "".join(f"#   {line}\n" for line in recipe.kiosk_acl(SITE, "lobby").splitlines())
    assert example in text
    conf = (RECIPE / "mosquitto.conf").read_text(encoding="utf-8")
    assert "allow_anonymous false" in conf and "\nallow_anonymous true" not in conf


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A private CA and a server certificate for 127.0.0.1 (cryptography, no openssl)."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("kiosk test CA")).issuer_name(
        name("kiosk test CA")).public_key(ca_key.public_key()).serial_number(1)
        .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder().subject_name(name("127.0.0.1")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(2)
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    folder.mkdir(parents=True)
    paths = folder / "ca.crt", folder / "server.crt", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


def test_the_recipes_tls_listener(tmp_path: Path, template_db: Path,
                                  keys: tuple[Path, str]) -> None:
    import asyncio

    from helpers.fleet import clone_db, fleet_config, running, until

    from kiosk.fleet.agent import Agent
    from kiosk.fleet.host import HeadlessHost
    ca, cert, key = _certificates(tmp_path / "certs")
    b = FleetBroker(tmp_path, name="tls", tls=(ca, cert, key))
    b.add_kiosk("lobby")
    b.start()
    try:
        db = clone_db(template_db, tmp_path / "lobby" / "kiosk.db")
        good = Agent(fleet_config(b, tmp_path / "lobby", kiosk_id="lobby", public_keys=[keys[1]],
                                  tls=True, ca_file=str(ca)), HeadlessHost(), db_path=db)
        untrusting = Agent(fleet_config(b, tmp_path / "other", kiosk_id="lobby",
                                        public_keys=[keys[1]], tls=True), HeadlessHost(),
                           db_path=db)

        async def main() -> None:
            async with running(good):
                await until(lambda: good.link.connected, what="a TLS connection")
            async with running(untrusting):  # the system CAs do not know our CA
                await until(lambda: "CERTIFICATE_VERIFY_FAILED" in untrusting.link.last_error,
                            what="a refused certificate")
                assert not untrusting.link.connected
        asyncio.run(main())
    finally:
        b.kill()
