"""What every QtMultimedia object of the kiosk needs, whichever screen part makes it."""

from __future__ import annotations

from PySide6.QtCore import QObject


def settle_disconnect_notify(*objects: QObject) -> None:
    """Let PySide learn, on the GUI thread, that ``objects`` have no Python ``disconnectNotify``.

    QtMultimedia's FFmpeg renderer threads connect to a player, its audio output and its video
    sink, and disconnect when they tear down (at the end of a media, on a stop, a new source or
    the player's deletion); Qt then calls ``disconnectNotify`` on those objects from the
    renderer's thread while it holds one of Qt's connection locks. The first such call on a
    PySide object looks for a Python override and so needs the GIL: a deadlock when the GUI
    thread, holding the GIL, connects a signal at that moment (seen under load: the GUI thread
    stuck in ``QObjectPrivate::connectImpl``, the renderer in ``PyGILState_Ensure``), and a
    crash (SIGSEGV in the renderer thread) when the wrapper is being freed. After one
    disconnect made here, PySide remembers that there is no override, and the renderer's calls
    never touch Python again (40 of 40 runs of the sound test clean, against 4 crashes in 25
    before).
    """
    for obj in objects:
        obj.destroyed.connect(_nothing)
        obj.destroyed.disconnect(_nothing)


def _nothing() -> None:
    pass
