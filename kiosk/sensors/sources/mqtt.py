"""The MQTT source (paho-mqtt 2.x): topics ``<prefix>/<instrument>/<quantity>``.

paho's network loop runs in its own thread (``loop_start``), so a busy GUI loop never stalls
the socket. The thread only parses; results queue up and are handed to the asyncio loop in
batches, one wake-up per batch rather than per message.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import math
import os
import secrets
import threading
from typing import Any

import numpy as np
import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from kiosk.sensors.frames import BadFrame, parse_payload
from kiosk.sensors.sources.base import Source

KEEPALIVE_S = 15  # a dead link (cable pulled) is noticed within ~1.5 × this
CONNACK_TIMEOUT_S = 10.0
MAX_PENDING = 500_000  # samples parsed but not yet taken by the loop; beyond this we drop

Item = tuple[str, "np.ndarray | float", "np.ndarray | float"] | BadFrame
READ_CHUNK = 65536


class _BufferedClient(mqtt.Client):
    """paho reads every packet with several tiny recv() calls and goes back to select() after
    each one; at thousands of messages a second that is what limits ingest. This reads big
    chunks and parses every whole packet buffered before select() again (about 2x faster).
    It relies on paho's internal ``_sock_recv``; without it the plain client is used."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rbuf = b""
        self._rpos = 0

    def _sock_recv(self, bufsize: int) -> bytes:
        if self._rpos >= len(self._rbuf):
            chunk = super()._sock_recv(READ_CHUNK)  # BlockingIOError when nothing waits
            if not chunk:
                return b""  # the broker closed the connection
            self._rbuf, self._rpos = chunk, 0
        end = min(self._rpos + bufsize, len(self._rbuf))
        out = self._rbuf[self._rpos:end]
        self._rpos = end
        return out

    def loop_read(self, max_packets: int = 1) -> mqtt.MQTTErrorCode:
        rc = super().loop_read(max_packets)
        while (rc == mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS and self._sock is not None
               and self._rpos < len(self._rbuf)):
            rc = super().loop_read(1)
        return rc


CLIENT_CLASS: type[mqtt.Client] = (_BufferedClient if hasattr(mqtt.Client, "_sock_recv")
                                   else mqtt.Client)


class MqttSource(Source):
    kind = "mqtt"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: collections.deque[Item] = collections.deque()
        self._pending_samples = 0
        self._lock = threading.Lock()
        self._drain_scheduled = False
        self.dropped = 0
        self.prefix = str(self.settings.get("topic_prefix", "showroom")).strip("/")

    @property
    def topic(self) -> str:
        return f"{self.prefix}/{self.instrument}/+"

    # --- paho thread -------------------------------------------------------------------
    def _on_message(self, loop: asyncio.AbstractEventLoop, msg: mqtt.MQTTMessage) -> None:
        item: Item
        try:
            head, _, quantity = msg.topic.rpartition("/")
            name = f"{self.instrument}.{quantity}"
            if head != f"{self.prefix}/{self.instrument}" or name not in self.channels:
                raise BadFrame("unknown_channel", f"topic {msg.topic[:80]!r}")
            try:  # fast path for the commonest payload, a plain number
                value = float(msg.payload)
            except ValueError:
                value = math.nan
            if math.isfinite(value):
                item = (name, self.wall(), value)
            else:  # the full parser classifies everything else
                t, v = parse_payload(bytes(msg.payload), now=self.wall())
                item = (name, t, v)
        except BadFrame as exc:
            item = exc
        with self._lock:
            n = 0 if not isinstance(item, tuple) else (
                1 if isinstance(item[2], float) else int(item[2].size))
            if self._pending_samples + n > MAX_PENDING:
                self.dropped += n
                return
            self._pending.append(item)
            self._pending_samples += n
            if self._drain_scheduled:
                return
            self._drain_scheduled = True
        with contextlib.suppress(RuntimeError):  # loop closed while the kiosk shuts down
            loop.call_soon_threadsafe(self._drain)

    # --- asyncio loop ------------------------------------------------------------------
    def _drain(self) -> None:
        with self._lock:
            items = list(self._pending)
            self._pending.clear()
            self._pending_samples = 0
            self._drain_scheduled = False
        groups: dict[str, tuple[list[np.ndarray | float], list[np.ndarray | float]]] = {}
        for item in items:
            if isinstance(item, BadFrame):
                self.count_bad(item)
            else:
                ts, vs = groups.setdefault(item[0], ([], []))
                ts.append(item[1])
                vs.append(item[2])
        for name, (ts, vs) in groups.items():
            self.emit(name, _join(ts), _join(vs))

    def _client(self) -> mqtt.Client:
        client = CLIENT_CLASS(CallbackAPIVersion.VERSION2,
                             client_id=f"kiosk-{self.instrument}-{os.getpid()}-"
                                       f"{secrets.token_hex(3)}",
                             clean_session=True)
        user = str(self.settings.get("username", ""))
        if user:
            client.username_pw_set(user, str(self.settings.get("password", "")) or None)
        if self.settings.get("tls"):
            client.tls_set(ca_certs=str(self.settings.get("ca_file", "")) or None)
        return client

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        client = self._client()
        up = asyncio.Event()
        ended: asyncio.Future[str] = loop.create_future()

        def finish(msg: str) -> None:
            if not ended.done():
                ended.set_result(msg)

        def on_connect(c: mqtt.Client, _u: Any, _f: Any, rc: Any, _p: Any) -> None:
            if rc.is_failure:
                loop.call_soon_threadsafe(finish, f"broker refused: {rc}")
                return
            c.subscribe(self.topic, qos=0)

        def on_subscribe(_c: mqtt.Client, _u: Any, _mid: Any, codes: Any, _p: Any) -> None:
            # connected counts from SUBACK: from then on nothing published is missed
            if any(rc.is_failure for rc in codes):
                loop.call_soon_threadsafe(finish, f"subscription to {self.topic} refused")
            else:
                loop.call_soon_threadsafe(up.set)

        def on_disconnect(_c: mqtt.Client, _u: Any, _f: Any, rc: Any, _p: Any) -> None:
            loop.call_soon_threadsafe(finish, f"disconnected: {rc}")

        client.on_connect = on_connect
        client.on_disconnect = on_disconnect
        client.on_subscribe = on_subscribe
        client.on_message = lambda _c, _u, msg: self._on_message(loop, msg)
        host, port = str(self.settings.get("host")), int(self.settings.get("port", 1883))
        await asyncio.to_thread(client.connect, host, port, KEEPALIVE_S)
        client.loop_start()
        try:
            waiter = asyncio.ensure_future(up.wait())
            both: set[asyncio.Future[Any]] = {waiter, ended}
            done, _ = await asyncio.wait(both, timeout=CONNACK_TIMEOUT_S,
                                         return_when=asyncio.FIRST_COMPLETED)
            waiter.cancel()
            if ended.done():
                raise ConnectionError(ended.result())
            if not done:
                raise TimeoutError(f"no answer from the broker at {host}:{port}")
            self.set_connected(True)
            msg = await ended
            raise ConnectionError(msg)
        finally:
            client.disconnect()
            await asyncio.to_thread(client.loop_stop)
            self._drain()


def _join(parts: list[np.ndarray | float]) -> np.ndarray:
    """One float64 array from plain floats and arrays, in order (plain floats: fast path)."""
    if all(isinstance(p, float) for p in parts):
        return np.array(parts, dtype=np.float64)
    return np.concatenate([np.atleast_1d(np.asarray(p, dtype=np.float64)) for p in parts])
