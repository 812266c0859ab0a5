"""Core tests: content, media, bundles, sensors, analysis, ops. They must not need Qt."""

from __future__ import annotations

import sys

import pytest


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # `make test` runs tests/core alone; there, importing PySide6 anywhere is a failure
    only_core = all("tests/core" in str(a) or "tests\\core" in str(a) for a in session.config.args)
    if only_core and "PySide6" in sys.modules:
        session.exitstatus = 1
        print("\nFAILED: a core module imported PySide6 (the core must know no screen)",
              file=sys.stderr)
