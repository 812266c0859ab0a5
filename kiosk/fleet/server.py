"""The author's release server: plain static files over HTTP (aiohttp), with Range requests.

Nothing here is special: nginx, or any static server pointed at the releases folder, serves
the same URLs (``/releases/<file>``) just as well. Integrity comes from the sha256 and the
signature, not from the server.
"""

from __future__ import annotations

import logging
from pathlib import Path

from aiohttp import web

log = logging.getLogger(__name__)


class ReleaseServer:
    def __init__(self, releases_dir: Path, *, host: str = "0.0.0.0", port: int = 8765) -> None:
        self.releases_dir = Path(releases_dir)
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None
        self.bytes_served = 0

    def app(self) -> web.Application:
        self.releases_dir.mkdir(parents=True, exist_ok=True)
        app = web.Application()
        # aiohttp's static route answers Range and If-Range itself (206 / 416)
        app.router.add_static("/releases", self.releases_dir, show_index=False,
                              follow_symlinks=False)
        app.router.add_get("/healthz", self._health)
        return app

    async def _health(self, _request: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        if self.port == 0:  # tests ask for any free port
            server = site._server
            sockets = getattr(server, "sockets", None) or []
            if sockets:
                self.port = int(sockets[0].getsockname()[1])
        log.info("fleet: serving releases from %s on %s:%s", self.releases_dir, self.host,
                 self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
