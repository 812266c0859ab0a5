"""A real PulseAudio server with a null sink, private to one test run, and a recorder of its
monitor. No Qt here: the bench uses it too.

Seven agents run tests at once on this machine: the server lives under a private runtime dir
(``PULSE_RUNTIME_PATH``, ``PULSE_SERVER`` pointing at its own socket), never the default one,
and is stopped by its PID. Set the environment *before* QtMultimedia first loads in the
process: Qt's PulseAudio connection is made once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import IO

import numpy as np

SINK = "kiosk_null"
RATE = 48_000


def _die_with_parent() -> None:
    """Child side: end when the test process ends, even killed (no orphaned sound server)."""
    import ctypes
    import signal

    ctypes.CDLL(None).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


class PulseServer:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.runtime = self.root / "runtime"
        self.socket = self.runtime / "native"
        self.proc: subprocess.Popen[bytes] | None = None
        self._keepalive: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {
            "PULSE_RUNTIME_PATH": str(self.runtime),
            "PULSE_STATE_PATH": str(self.root / "state"),
            "PULSE_SERVER": f"unix:{self.socket}",
            "PULSE_SINK": SINK,
            # never autospawn a server on the default socket
            "PULSE_CLIENTCONFIG": str(self.root / "client.conf"),
        }

    def start(self, timeout: float = 15.0) -> PulseServer:
        exe = shutil.which("pulseaudio")
        if exe is None:
            raise RuntimeError("pulseaudio is not installed (make system-deps)")
        self.runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        (self.root / "state").mkdir(exist_ok=True)
        (self.root / "client.conf").write_text("autospawn = no\n")
        env = {**os.environ, **self.env, "HOME": str(self.root)}
        self._log = open(self.root / "pulse.log", "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [exe, "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
             "--disallow-exit", "--log-target=stderr", "--log-level=error",
             "-L", f"module-null-sink sink_name={SINK} rate={RATE} channels=2",
             "-L", f"module-native-protocol-unix socket={self.socket} auth-anonymous=1",
             "--system=false"],
            env=env, stdout=subprocess.DEVNULL, stderr=self._log, preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("pulseaudio exited: "
                                   + (self.root / "pulse.log").read_text(errors="replace"))
            res = subprocess.run(["pactl", "info"], env=env, capture_output=True, check=False)
            if res.returncode == 0:
                subprocess.run(["pactl", "set-default-sink", SINK], env=env, check=False,
                               capture_output=True)
                self._warm_up(env)
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("pulseaudio did not answer in time")

    def _warm_up(self, env: dict[str, str]) -> None:
        # A fresh null sink holds back its first stream for one to two seconds, and so does
        # an idle one whose monitor has just been opened. A real card does neither, so the
        # sink is kept running with a stream of zeros (silence: it adds nothing to the
        # recorded level) and the first stream is played once here.
        self._keepalive = subprocess.Popen(
            ["pacat", "--playback", "--raw", "--format=s16le", f"--rate={RATE}",
             "--channels=1", "--latency-msec=20", "/dev/zero"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent)
        silence = self.root / "silence.raw"
        silence.write_bytes(b"\0" * RATE)
        with Recorder(self) as rec:
            subprocess.run(["pacat", "--playback", "--raw", "--format=s16le", f"--rate={RATE}",
                            "--channels=1", str(silence)], env=env, check=False,
                           capture_output=True)
            del rec

    def stop(self) -> None:
        if self._keepalive is not None and self._keepalive.poll() is None:
            self._keepalive.terminate()
            self._keepalive.wait(5)
        self._keepalive = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def recorder(self) -> Recorder:
        return Recorder(self)


class Recorder:
    """parec on the null sink's monitor, mono s16 at 48 kHz, read live into memory with the
    arrival time of every chunk (``first_sound_at`` is when sound first reached the sink)."""

    def __init__(self, server: PulseServer):
        self.server = server
        self.proc: subprocess.Popen[bytes] | None = None
        self._chunks: list[tuple[float, bytes]] = []
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> Recorder:
        env = {**os.environ, **self.server.env}
        self.proc = subprocess.Popen(
            ["parec", "-d", f"{SINK}.monitor", "--raw", "--format=s16le", f"--rate={RATE}",
             "--channels=1", "--latency-msec=10"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent)
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        # an idle null sink's monitor sends nothing: wait until parec's stream exists instead
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            res = subprocess.run(["pactl", "list", "short", "source-outputs"], env=env,
                                 capture_output=True, text=True, check=False)
            if f"{SINK}.monitor" in res.stdout or res.stdout.strip():
                return self
            time.sleep(0.02)
        raise RuntimeError("parec did not connect to the null sink's monitor")

    def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while True:
            data = os.read(fd, 960 * 2)
            if not data:
                return
            with self._lock:
                self._chunks.append((time.monotonic(), data))

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
        if self._thread is not None:
            self._thread.join(5)
        if self.proc is not None and self.proc.stdout is not None:
            self.proc.stdout.close()
        self.proc = None

    def __enter__(self) -> Recorder:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def samples(self, since: float = 0.0) -> np.ndarray:
        """Everything recorded from monotonic time ``since`` on, as floats in [-1, 1]."""
        with self._lock:
            parts = [d for t, d in self._chunks if t >= since]
        raw = b"".join(parts)
        raw = raw[: len(raw) // 2 * 2]
        return np.frombuffer(raw, "<i2").astype(np.float64) / 32768.0

    def rms(self, since: float = 0.0) -> float:
        s = self.samples(since)
        return float(np.sqrt(np.mean(s * s))) if s.size else 0.0

    def recent_rms(self, seconds: float = 0.3) -> float:
        return self.rms(time.monotonic() - seconds)

    def first_sound_at(self, since: float, threshold: float = 0.01) -> float | None:
        """Arrival time of the first chunk after ``since`` holding a sample above threshold."""
        with self._lock:
            chunks = [(t, d) for t, d in self._chunks if t >= since]
        for t, d in chunks:
            a = np.frombuffer(d[: len(d) // 2 * 2], "<i2")
            if a.size and np.abs(a).max() / 32768.0 > threshold:
                return t
        return None
