"""Real components for the sensor tests: an open broker of their own and a publisher on it."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from helpers.net import free_port, wait_port
from kiosk import settings


class Broker:
    def __init__(self, exe: str, folder: Path) -> None:
        self.exe = exe
        self.port = free_port()
        self.conf = folder / "mosquitto.conf"
        self.conf.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
            "max_queued_messages 0\n", encoding="utf-8")
        self.log = folder / "mosquitto.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([self.exe, "-c", str(self.conf)],
                                         stdout=subprocess.DEVNULL, stderr=log)
        wait_port(self.port)

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()  # SIGKILL: the broker dies without saying goodbye
            self.proc.wait(timeout=10)
            self.proc = None


class Publisher:
    """A plain paho client publishing on the broker, as an instrument gateway would."""

    def __init__(self, port: int) -> None:
        self.client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=f"test-pub-{port}")
        self.client.connect("127.0.0.1", port, 30)
        self.client.loop_start()

    def publish(self, topic: str, payload: bytes | str | float, *, qos: int = 0) -> None:
        info = self.client.publish(topic, payload, qos=qos)
        if qos:
            info.wait_for_publish(10)

    def flush(self) -> None:
        """Wait until everything sent so far is through the broker (a QoS 1 round trip)."""
        self.client.publish("showroom/_flush", b"1", qos=1).wait_for_publish(10)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def config(**instruments: dict[str, object]) -> settings.Config:
    """Settings with the given instruments configured and the others switched off."""
    data = {inst: {"source": "none"} for inst in settings.INSTRUMENTS}
    data.update(instruments)  # type: ignore[arg-type]
    cfg = settings.parse({"sensors": data})
    assert not cfg.problems, cfg.problems
    return cfg


@contextlib.asynccontextmanager
async def running(hub):  # type: ignore[no-untyped-def]
    await hub.start()
    try:
        yield hub
    finally:
        await hub.stop()
