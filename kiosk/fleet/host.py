"""What the fleet agent needs from the kiosk it runs in: the seam between the core and the screen.

The agent (``kiosk.fleet.agent``) knows no Qt. A real kiosk passes a host implemented by the UI
(``kiosk.ui.fleet_host``); ``kiosk fleet serve`` and the tests' headless agents pass
``HeadlessHost``. Every method is called on the asyncio loop; none may block it.
"""

from __future__ import annotations

from typing import Any, Protocol


class Host(Protocol):
    """The kiosk as the agent sees it."""

    def visitor_idle(self) -> bool:
        """True while the attract loop shows (no visitor's finger on the screen)."""
        ...

    async def content_applied(self) -> None:
        """Reload the content just imported and return once its first page has painted.

        Raises if the new content cannot be shown; the agent then rolls back.
        """
        ...

    async def screenshot(self) -> bytes:
        """A PNG of the screen as visitors see it now."""
        ...

    async def identify(self, name: str, seconds: float) -> None:
        """Show the kiosk's name full screen for ``seconds`` (returns at once)."""
        ...

    async def command(self, name: str) -> None:
        """Carry out ``restart``, ``reload`` or ``attract``."""
        ...

    def health(self) -> dict[str, Any]:
        """The screen's share of ``reported.health``: feeds, last visitor touch, last error."""
        ...


class HeadlessHost:
    """A kiosk without a screen: always idle, no screenshot (``kiosk fleet serve``, tests)."""

    def __init__(self) -> None:
        self.commands: list[str] = []
        self.applied = 0

    def visitor_idle(self) -> bool:
        return True

    async def content_applied(self) -> None:
        self.applied += 1

    async def screenshot(self) -> bytes:
        raise NotImplementedError("a headless agent has no screen")

    async def identify(self, name: str, seconds: float) -> None:
        self.commands.append(f"identify:{name}")

    async def command(self, name: str) -> None:
        self.commands.append(name)

    def health(self) -> dict[str, Any]:
        return {}
