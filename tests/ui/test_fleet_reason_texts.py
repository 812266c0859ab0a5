"""Every coded reason the fleet and release checks can give has its zh/en gist for screens."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.ui.texts import TEXTS

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
SOURCES = ["bundles/signature.py", "bundles/importer.py", "fleet/apply.py", "fleet/agent.py",
           "fleet/download.py"]
CODE = re.compile(r'"((?:bundle|release)\.[a-z0-9_]+)"')


def test_every_fleet_reason_code_has_both_languages() -> None:
    codes = set()
    for name in SOURCES:
        codes |= set(CODE.findall((KIOSK / name).read_text(encoding="utf-8")))
    assert {"bundle.unsigned", "bundle.unknown_key", "bundle.bad_signature", "bundle.older",
            "release.sha256", "release.truncated", "release.self_check"} <= codes
    missing = sorted(c for c in codes if f"reason.{c}" not in TEXTS)
    assert not missing, missing
    for c in codes:
        zh, en = TEXTS[f"reason.{c}"]
        assert zh and en and zh != en
