"""Helpers for the ops tests: a tiny real content folder and Python snippets in child processes."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parents[2]


SHOWROOM = """
[texts]
name = { zh = "测试展厅", en = "Test showroom" }
tagline = { zh = "仅用于测试", en = "For tests only" }
"""

EXHIBIT = """
position = 1
category = "instrument"
title = { zh = "测试仪器", en = "Test instrument" }
summary = { zh = "一台用于测试的仪器。", en = "An instrument for tests." }
body = { zh = "正文。", en = "Body." }
[[media]]
file = "hero.png"
caption = { zh = "图片", en = "Picture" }
"""


def make_content(root: Path, *, title_en: str = "Test instrument") -> Path:
    ex = root / "exhibits" / "test-instrument"
    ex.mkdir(parents=True)
    (root / "showroom.toml").write_text(SHOWROOM, encoding="utf-8")
    (ex / "exhibit.toml").write_text(EXHIBIT.replace("Test instrument", title_en),
                                     encoding="utf-8")
    Image.new("RGB", (64, 48), (20, 90, 160)).save(ex / "hero.png")
    return root


def py_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env.pop("NOTIFY_SOCKET", None)
    env.pop("WATCHDOG_USEC", None)
    env.update(extra)
    return env


def run_py(code: str, *, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a Python snippet in a fresh interpreter (hooks and os._exit must not hit pytest)."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=timeout, env=py_env(**env), cwd=REPO)


def popen_py(code: str, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=py_env(**env), cwd=REPO)
