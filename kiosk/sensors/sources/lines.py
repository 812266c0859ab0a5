"""Line feeds over TCP (client) and serial: ``channel,value[,unix_time]`` per line, UTF-8."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from kiosk.sensors.frames import BadFrame, LineSplitter, decode, parse_line
from kiosk.sensors.sources.base import Source

CONNECT_TIMEOUT_S = 10.0
READ_CHUNK = 65536


class LineSource(Source):
    """Shared parsing: a chunk of bytes in, samples grouped per channel out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._splitter = LineSplitter()

    def feed(self, data: bytes) -> None:
        lines, too_long = self._splitter.feed(data)
        for _ in range(too_long):
            self.count_bad(BadFrame("too_large", "line over 64 KiB"))
        now = self.wall()
        groups: dict[str, tuple[list[float], list[float]]] = {}
        for raw in lines:
            try:
                sample = parse_line(decode(raw), instrument=self.instrument,
                                    known=self.channels, now=now)
            except BadFrame as exc:
                self.count_bad(exc)
                continue
            if sample is not None:
                ts, vs = groups.setdefault(sample[0], ([], []))
                ts.append(sample[1])
                vs.append(sample[2])
        for name, (ts, vs) in groups.items():
            self.emit(name, np.array(ts), np.array(vs))

    def reset(self) -> None:
        self._splitter = LineSplitter()  # a new link starts mid-stream: no half line carried


class TcpSource(LineSource):
    kind = "tcp"

    async def run(self) -> None:
        host, port = str(self.settings.get("host")), int(self.settings.get("port", 0))
        self.reset()
        async with asyncio.timeout(CONNECT_TIMEOUT_S):  # not wait_for: it can eat a cancel
            reader, writer = await asyncio.open_connection(host, port)
        try:
            self.set_connected(True)
            while data := await reader.read(READ_CHUNK):
                self.feed(data)
        finally:
            writer.close()
            with contextlib.suppress(OSError, asyncio.CancelledError):
                await writer.wait_closed()


class SerialSource(LineSource):
    """pyserial reads block, so a small thread reads and hands chunks to the loop; this works
    the same on Windows (COM ports) and Linux, unlike fd readers."""

    kind = "serial"
    READ_TIMEOUT_S = 0.05

    async def run(self) -> None:
        import serial  # pyserial; imported here so other sources do not need it

        port = str(self.settings.get("serial_port", ""))
        if not port:
            raise OSError(f"{self.instrument}: serial_port is not set")
        self.reset()
        loop = asyncio.get_running_loop()
        ser = await asyncio.to_thread(serial.serial_for_url, port,
                                      baudrate=int(self.settings.get("baud", 115200)),
                                      timeout=self.READ_TIMEOUT_S)
        ended: asyncio.Future[str] = loop.create_future()
        stop = threading.Event()

        def finish(msg: str) -> None:
            if not ended.done():
                ended.set_result(msg)

        def read_loop(call: Callable[..., Any]) -> None:
            try:
                while not stop.is_set():
                    data = ser.read(READ_CHUNK)
                    if data:
                        call(self.feed, data)
                msg = ""
            except (serial.SerialException, OSError) as exc:
                msg = f"{type(exc).__name__}: {exc}"
            if not stop.is_set():
                call(finish, msg or "port closed")

        reader = threading.Thread(target=read_loop, args=(loop.call_soon_threadsafe,),
                                  name=f"serial-{self.instrument}", daemon=True)
        try:
            self.set_connected(True)
            reader.start()
            msg = await ended
            raise OSError(msg)
        finally:
            stop.set()
            if reader.is_alive():
                reader.join(timeout=2.0)  # at most one read timeout
            ser.close()
