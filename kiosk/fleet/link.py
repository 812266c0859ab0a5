"""One MQTT 5 connection for the fleet (paho-mqtt 2.x), reconnecting with full-jitter backoff.

paho's network loop runs in its own thread (``loop_start``), as the sensor source does: qasync's
Windows proactor loop has no ``add_reader``. Messages are handed to the asyncio loop with
``call_soon_threadsafe``; publishing is thread-safe in paho and returns an awaitable PUBACK.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import random
import ssl
from collections.abc import Awaitable, Callable
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

log = logging.getLogger(__name__)

CONNACK_TIMEOUT_S = 10.0
BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = 30.0


@dataclasses.dataclass(frozen=True)
class Message:
    topic: str
    payload: bytes
    retain: bool
    response_topic: str = ""
    correlation: bytes = b""
    expiry_s: int | None = None


@dataclasses.dataclass(frozen=True)
class Will:
    topic: str
    payload: bytes
    delay_s: int = 0


@dataclasses.dataclass(frozen=True)
class BrokerSettings:
    host: str = "127.0.0.1"
    port: int = 1883
    username: str = ""
    password: str = ""
    tls: bool = False
    ca_file: str = ""
    keepalive_s: int = 15

    def __repr__(self) -> str:  # the password never reaches a log line
        return (f"BrokerSettings(host={self.host!r}, port={self.port}, "
                f"username={self.username!r}, tls={self.tls})")


class _TrackingContext(ssl.SSLContext):
    """A client TLS context that remembers its last socket, so a failed handshake's socket
    can be closed (paho does not close it)."""

    last: ssl.SSLSocket | None = None

    @classmethod
    def make(cls, ca_file: str) -> _TrackingContext:
        ctx = cls(ssl.PROTOCOL_TLS_CLIENT)  # verifies the certificate and the host name
        if ca_file:
            ctx.load_verify_locations(cafile=ca_file)
        else:
            ctx.load_default_certs()
        return ctx

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        self.last = super().wrap_socket(*args, **kwargs)
        return self.last

    def close_last(self) -> None:
        if self.last is not None:
            with contextlib.suppress(OSError):
                self.last.close()
            self.last = None


class Link:
    """A fleet client: ``await link.run()`` forever; ``on_up`` runs after each (re)connect."""

    def __init__(self, broker: BrokerSettings, *, client_id: str, subscriptions: list[str],
                 on_message: Callable[[Message], None],
                 on_up: Callable[[], Awaitable[None]] | None = None,
                 will: Will | None = None, backoff_base_s: float = BACKOFF_BASE_S,
                 backoff_cap_s: float = BACKOFF_CAP_S) -> None:
        self.broker = broker
        self.client_id = client_id
        self.subscriptions = list(subscriptions)
        self.on_message = on_message
        self.on_up = on_up
        self.will = will
        self.backoff_base_s, self.backoff_cap_s = backoff_base_s, backoff_cap_s
        self.connected = False
        self.connects = 0          # successful connections so far (reconnects = connects - 1)
        self.last_error = ""
        self._client: mqtt.Client | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._up_event = asyncio.Event()
        self._acks: dict[int, asyncio.Future[bool]] = {}

    @property
    def reconnects(self) -> int:
        return max(0, self.connects - 1)

    async def wait_up(self, timeout: float | None = None) -> None:
        await asyncio.wait_for(self._up_event.wait(), timeout)

    # --- publishing (any thread) ----------------------------------------------------------
    def publish_nowait(self, topic: str, payload: bytes, *, retain: bool = False, qos: int = 1,
                       response_topic: str = "", correlation: bytes = b"",
                       expiry_s: int | None = None) -> mqtt.MQTTMessageInfo | None:
        client = self._client
        if client is None or not self.connected:
            return None
        props = None
        if response_topic or correlation or expiry_s is not None:
            props = Properties(PacketTypes.PUBLISH)
            if response_topic:
                props.ResponseTopic = response_topic
            if correlation:
                props.CorrelationData = correlation
            if expiry_s is not None:
                props.MessageExpiryInterval = max(1, int(expiry_s))
        return client.publish(topic, payload, qos=qos, retain=retain, properties=props)

    async def publish(self, topic: str, payload: bytes, *, retain: bool = False, qos: int = 1,
                      timeout: float = 10.0, **kw: Any) -> bool:
        """Publish and wait for the broker's PUBACK: False when not connected, when the link
        drops first, or when the broker refuses it (an ACL)."""
        info = self.publish_nowait(topic, payload, retain=retain, qos=qos, **kw)
        if info is None or info.rc != mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS:
            return False
        if qos == 0:
            return True
        fut: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._acks[info.mid] = fut  # before the ack can be handled: it is queued to this loop
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            return False
        finally:
            self._acks.pop(info.mid, None)

    def _acked(self, mid: int, ok: bool) -> None:
        fut = self._acks.pop(mid, None)
        if fut is not None and not fut.done():
            fut.set_result(ok)

    def _fail_acks(self) -> None:
        for fut in self._acks.values():
            if not fut.done():
                fut.set_result(False)
        self._acks.clear()

    # --- the connection ---------------------------------------------------------------------
    def _make_client(self, loop: asyncio.AbstractEventLoop,
                     ended: asyncio.Future[str], up: asyncio.Event) -> mqtt.Client:
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=self.client_id,
                             protocol=mqtt.MQTTv5)
        b = self.broker
        if b.username:
            client.username_pw_set(b.username, b.password or None)
        if b.tls:
            client.tls_set_context(_TrackingContext.make(b.ca_file))
        if self.will is not None:
            wprops = Properties(PacketTypes.WILLMESSAGE)
            if self.will.delay_s:
                wprops.WillDelayInterval = int(self.will.delay_s)
            client.will_set(self.will.topic, self.will.payload, qos=1, retain=True,
                            properties=wprops)

        def finish(msg: str) -> None:
            if not ended.done():
                ended.set_result(msg)

        def on_connect(c: mqtt.Client, _u: Any, _f: Any, rc: ReasonCode, _p: Any) -> None:
            if rc.is_failure:
                loop.call_soon_threadsafe(finish, f"broker refused the connection: {rc}")
                return
            if self.subscriptions:
                c.subscribe([(t, 1) for t in self.subscriptions])
            else:
                loop.call_soon_threadsafe(up.set)

        def on_subscribe(_c: mqtt.Client, _u: Any, _m: Any, codes: list[ReasonCode],
                         _p: Any) -> None:
            bad = [t for t, rc in zip(self.subscriptions, codes, strict=False) if rc.is_failure]
            if bad:
                loop.call_soon_threadsafe(finish, f"subscription refused: {', '.join(bad)}")
            else:
                loop.call_soon_threadsafe(up.set)

        def on_disconnect(_c: mqtt.Client, _u: Any, _f: Any, rc: ReasonCode, _p: Any) -> None:
            loop.call_soon_threadsafe(finish, f"disconnected: {rc}")

        def on_message(_c: mqtt.Client, _u: Any, msg: mqtt.MQTTMessage) -> None:
            p = getattr(msg, "properties", None)
            m = Message(msg.topic, bytes(msg.payload), bool(msg.retain),
                        response_topic=getattr(p, "ResponseTopic", "") or "",
                        correlation=bytes(getattr(p, "CorrelationData", b"") or b""),
                        expiry_s=getattr(p, "MessageExpiryInterval", None))
            with contextlib.suppress(RuntimeError):  # the loop closed while shutting down
                loop.call_soon_threadsafe(self.on_message, m)

        def on_publish(_c: mqtt.Client, _u: Any, mid: int, rc: ReasonCode, _p: Any) -> None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._acked, mid, not rc.is_failure)

        client.on_publish = on_publish
        client.on_connect = on_connect
        client.on_subscribe = on_subscribe
        client.on_disconnect = on_disconnect
        client.on_message = on_message
        return client

    async def _session(self) -> None:
        """One connection, until it drops (raises ConnectionError) or is cancelled."""
        loop = asyncio.get_running_loop()
        ended: asyncio.Future[str] = loop.create_future()
        up = asyncio.Event()
        client = self._make_client(loop, ended, up)
        cprops = Properties(PacketTypes.CONNECT)
        # the session must outlive the Will Delay, else the broker sends the Will at once
        cprops.SessionExpiryInterval = (self.will.delay_s + 5) if self.will else 0
        b = self.broker
        try:
            await asyncio.to_thread(client.connect, b.host, b.port, b.keepalive_s,
                                    clean_start=True, properties=cprops)
        except (OSError, ssl.SSLError) as exc:
            ctx = getattr(client, "_ssl_context", None)
            if isinstance(ctx, _TrackingContext):
                ctx.close_last()  # paho leaves a failed handshake's socket open
            raise ConnectionError(f"cannot reach the broker at {b.host}:{b.port} ({exc})") \
                from exc
        client.loop_start()
        self._client = client
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(_first(up, ended), CONNACK_TIMEOUT_S)
            if ended.done():
                raise ConnectionError(ended.result())
            if not up.is_set():
                raise ConnectionError(f"no answer from the broker at {b.host}:{b.port}")
            self.connected = True
            self.connects += 1
            self._up_event.set()
            log.info("fleet: connected to %s:%s as %s", b.host, b.port, self.client_id)
            if self.on_up is not None:
                await self.on_up()
            raise ConnectionError(await ended)
        finally:
            self.connected = False
            self._up_event.clear()
            self._client = None
            self._fail_acks()
            await asyncio.shield(asyncio.to_thread(self._close, client))

    @staticmethod
    def _close(client: mqtt.Client) -> None:
        try:
            client.disconnect()
        finally:
            client.loop_stop()

    async def run(self) -> None:
        """Stay connected forever; full-jitter exponential backoff between attempts."""
        attempt = 0
        while True:
            before = self.connects
            try:
                await self._session()
            except ConnectionError as exc:
                self.last_error = str(exc)
                log.warning("fleet: %s", exc)
            if self.connects > before:
                attempt = 0
            delay = random.uniform(0, min(self.backoff_cap_s, self.backoff_base_s * 2 ** attempt))
            attempt = min(attempt + 1, 16)
            await asyncio.sleep(delay)

    async def close(self, *, last: tuple[str, bytes] | None = None) -> None:
        """Say goodbye: publish ``last`` (retained) and disconnect cleanly (no Will)."""
        client = self._client
        if client is not None and self.connected and last is not None:
            info = client.publish(last[0], last[1], qos=1, retain=True)
            await asyncio.to_thread(info.wait_for_publish, 5.0)


async def _first(up: asyncio.Event, ended: asyncio.Future[str]) -> None:
    """Return when the subscriptions are in place or the connection ended, whichever first."""
    waiter: asyncio.Future[Any] = asyncio.ensure_future(up.wait())
    both: list[asyncio.Future[Any]] = [waiter, ended]
    try:
        await asyncio.wait(both, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()


async def cancel_all(tasks: list[asyncio.Future[Any]], timeout: float = 15.0) -> None:
    """Cancel and wait; a task that does not end in ``timeout`` is logged, not waited for."""
    for t in tasks:
        t.cancel()
    if not tasks:
        return
    _done, stuck = await asyncio.wait(tasks, timeout=timeout)
    for t in stuck:
        log.error("fleet: a task did not stop within %s s: %r", timeout, t)
