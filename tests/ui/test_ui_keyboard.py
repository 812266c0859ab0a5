"""The on-screen keyboard (Qt Virtual Keyboard) opens for an admin text field under a real X
server and never covers the field being typed in; visitors never see it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SCRIPT = r'''
import json, sys, time
from kiosk import settings
from kiosk.ui.keyboard import choose_input_method
choose_input_method("onscreen")
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from kiosk.ui.app import build_window, make_application
app = make_application()
w = build_window(settings.defaults().with_overrides(ui__transition_ms=0), sys.argv[1], sync=True)
w.set_size(1920, 1080)
w.show()

def spin(cond, s=10.0):
    end = time.monotonic() + s
    while time.monotonic() < end and not cond():
        app.processEvents()
        time.sleep(0.01)
    return cond()

spin(lambda: w.isExposed() if hasattr(w, "isExposed") else w.windowHandle().isExposed())
im = QGuiApplication.inputMethod()
out = {"module": __import__("os").environ.get("QT_IM_MODULE")}
w.show_page("home")
spin(lambda: False, 0.3)
out["visitor_visible"] = im.isVisible()
w.admin.active = True
w.stack.setCurrentWidget(w.admin.shell)
w.admin.shell.show_screen("messages")
field = w.admin.shell.messages.text_en
w.activateWindow()
field.setFocus(Qt.FocusReason.MouseFocusReason)
im.show()
out["admin_visible"] = spin(im.isVisible)
spin(lambda: False, 0.5)
kb = im.keyboardRectangle().toAlignedRect()
rect = QRect(field.mapToGlobal(field.rect().topLeft()), field.size())
out["keyboard"] = [kb.x(), kb.y(), kb.width(), kb.height()]
out["field"] = [rect.x(), rect.y(), rect.width(), rect.height()]
out["overlap"] = not rect.intersected(kb).isEmpty()
out["margin"] = w.central_layout.contentsMargins().bottom()
print(json.dumps(out), flush=True)
w.allow_close = True
w.close()
w.admin.shutdown()
__import__("os")._exit(0)  # the keyboard's QML engine does not survive interpreter teardown
'''


@pytest.fixture
def xvfb(tmp_path: Path) -> Iterator[str]:
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb not installed (make system-deps)")
    r, wfd = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(wfd), "-screen", "0", "1920x1080x24",
                             "-nolisten", "tcp"], pass_fds=(wfd,), stderr=subprocess.DEVNULL)
    os.close(wfd)
    with os.fdopen(r) as f:
        display = ":" + f.readline().strip()
    yield display
    proc.terminate()
    proc.wait(10)


def test_keyboard_opens_in_admin_and_keeps_the_field_visible(xvfb, db_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if k not in ("QT_IM_MODULE", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=xvfb, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(REPO),
               QT_LOGGING_RULES="qt.multimedia*=false", XDG_RUNTIME_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(db_path)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["module"] == "qtvirtualkeyboard"
    assert out["visitor_visible"] is False
    assert out["admin_visible"] is True
    kb = out["keyboard"]
    assert kb[2] >= 1000 and kb[3] >= 200  # a real keyboard across the bottom
    assert out["overlap"] is False, out
    assert out["margin"] > 0  # the screens were laid out above it
