"""Qt tests: one QApplication (pytest-qt's), offscreen, the bundled fonts loaded."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.pulse import PulseServer, Recorder

from kiosk import settings
from kiosk.content.seed import seed

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content seeded once; tests get their own copy."""
    root = tmp_path_factory.mktemp("seeded")
    seed(root / "kiosk.db", REPO / "content")
    return root


@pytest.fixture
def db_path(seeded_template: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(seeded_template, dst)
    return dst / "kiosk.db"


@pytest.fixture
def cfg() -> settings.Config:
    return settings.defaults().with_overrides(ui__transition_ms=0)


@pytest.fixture(scope="session", autouse=True)
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    """One private PulseAudio server with a null sink for the whole UI run: Qt connects to
    the sound server once, when QtMultimedia first loads, so it must exist before that."""
    server = PulseServer(tmp_path_factory.mktemp("pulse")).start()
    saved = {k: os.environ.get(k) for k in server.env}
    os.environ.update(server.env)
    yield server
    server.stop()
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture
def recorder(pulse: PulseServer) -> Iterator[Recorder]:
    """The null sink's monitor, recorded for one test."""
    with pulse.recorder() as rec:
        yield rec


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    return ["kiosk-tests"]


@pytest.fixture
def app(qapp):  # type: ignore[no-untyped-def]
    from kiosk.ui.app import make_application
    return make_application()


@pytest.fixture
def window_cfg(cfg: settings.Config) -> settings.Config:
    """The settings the ``window`` fixture runs on: a test module may override this fixture."""
    return cfg


@pytest.fixture
def window(app, qtbot, window_cfg, db_path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from kiosk.ui.app import build_window
    w = build_window(window_cfg, db_path, sync=True)
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.install_filters(app)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.remove_filters(app)
    w.allow_close = True
    w.close()


@pytest.fixture
def qloop(app):  # type: ignore[no-untyped-def]
    """A qasync loop over the test application, as in ``kiosk run``.

    Each ``run_until_complete`` ends ``QApplication.exec()``, which emits ``aboutToQuit``:
    tests that run it several times must keep admin mode from shutting down on it.
    """
    import asyncio

    import qasync
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    yield loop
    asyncio.set_event_loop(None)
    loop.close()
