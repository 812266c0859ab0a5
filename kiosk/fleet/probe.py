"""A short look at the fleet link, for ``kiosk doctor``: connect with the kiosk's identity
(another client id, so the running agent stays connected), read the retained author status
and desired state, and say what was found. Blocking, a few seconds at most."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import queue
import secrets
import threading
import time
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from kiosk.fleet import protocol
from kiosk.fleet.config import FleetConfig


@dataclasses.dataclass
class LinkReport:
    connected: bool
    error: str = ""
    author: str = "unknown"          # online / offline / unknown (never seen)
    desired_revision: int | None = None
    desired_release: int | None = None
    agent: dict[str, Any] = dataclasses.field(default_factory=dict)  # the agent's own file


def probe(fc: FleetConfig, *, wait_s: float = 1.5) -> LinkReport:
    report = LinkReport(False)
    with contextlib.suppress(OSError, ValueError):  # no agent has run here yet
        report.agent = json.loads((Path(fc.data_dir) / "fleet" / "agent.json").read_text("utf-8"))
    got: queue.Queue[tuple[str, bytes]] = queue.Queue()
    up: queue.Queue[Any] = queue.Queue()
    subscribed = threading.Event()
    c = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5,
                    client_id=f"doctor-{fc.site}-{fc.kiosk_id}-{os.getpid()}-"
                              f"{secrets.token_hex(2)}")
    b = fc.broker
    if b.username:
        c.username_pw_set(b.username, b.password or None)
    if b.tls:
        c.tls_set(ca_certs=b.ca_file or None)
    c.on_connect = lambda _c, _u, _f, rc, _p: up.put(rc)
    c.on_subscribe = lambda *_a: subscribed.set()
    c.on_message = lambda _c, _u, m: got.put((m.topic, bytes(m.payload)))
    topics = [protocol.author_status_topic(fc.site), fc.topic("desired"),
              protocol.group_desired_topic(fc.site)]
    try:
        c.connect(b.host, b.port, 10)
    except OSError as exc:
        report.error = f"cannot reach the broker at {b.host}:{b.port} ({exc})"
        return report
    c.loop_start()
    try:
        try:
            rc = up.get(timeout=5)
        except queue.Empty:
            report.error = f"no answer from the broker at {b.host}:{b.port}"
            return report
        if rc.is_failure:
            report.error = f"the broker refused {b.username or 'anonymous'}: {rc}"
            return report
        report.connected = True
        c.subscribe([(t, 1) for t in topics])
        subscribed.wait(5)
        deadline = time.monotonic() + wait_s
        while (left := deadline - time.monotonic()) > 0:
            try:
                topic, payload = got.get(timeout=left)
            except queue.Empty:
                break
            try:
                if topic == topics[0] and payload:
                    report.author = protocol.AuthorStatus.decode(topic, payload).state
                elif payload:
                    d = protocol.Desired.decode(topic, payload)
                    if d.revision > (report.desired_revision or 0):
                        report.desired_revision = d.revision
                        report.desired_release = d.release.version if d.release else None
            except protocol.ProtocolError as exc:
                report.error = str(exc)
    finally:
        c.disconnect()
        c.loop_stop()
    return report
