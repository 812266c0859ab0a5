"""The memory floor under ``bench_steady.py``'s figure: the libraries the visitor kiosk loads
and one painted fullscreen window, nothing of the kiosk's own.

Loads what ``kiosk run`` has in memory on the robot page (PySide6 widgets with the bundled CJK
fonts drawing a line of text, QtMultimedia with a player and an audio output, numpy, pyqtgraph
with one plot, sqlite-utils, asyncio with qasync, paho-mqtt), shows a fullscreen window on the
display it is given, waits for it to paint, and prints ``floor_pss_kb <n>`` and
``floor_uss_kb <n>`` on stdout. Run by ``bench_steady.py`` on the same Xvfb, right after the
kiosk, so the two figures are comparable.
"""

from __future__ import annotations

import sys
import time

import psutil


def main() -> int:
    from PySide6.QtWidgets import QLabel

    from kiosk.ui.app import make_application  # the same application attributes and fonts

    app = make_application()
    import asyncio  # noqa: F401  (loaded for its memory, as the kiosk does)

    import numpy as np
    import paho.mqtt.client  # noqa: F401
    import pyqtgraph as pg
    import qasync  # noqa: F401
    import sqlite_utils  # noqa: F401
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

    player, out = QMediaPlayer(), QAudioOutput()
    player.setAudioOutput(out)
    window = QLabel("模速空间（仪电） · 触摸屏幕，开始探索 · Touch to start")
    window.setStyleSheet("background: #0b1420; color: white; font-size: 48px;")
    plot = pg.PlotWidget(window)
    plot.plot(np.linspace(0, 1, 600), np.sin(np.linspace(0, 20, 600)))
    plot.setGeometry(100, 100, 800, 400)
    window.showFullScreen()
    end = time.monotonic() + 3.0
    while time.monotonic() < end:  # painted, flushed, settled
        app.processEvents()
        time.sleep(0.02)
    info = psutil.Process().memory_full_info()
    print(f"floor_pss_kb {info.pss // 1024}", flush=True)
    print(f"floor_uss_kb {info.uss // 1024}", flush=True)
    player.deleteLater()
    return 0


if __name__ == "__main__":
    sys.exit(main())
