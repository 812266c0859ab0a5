"""Fetch a release over HTTP (aiohttp) into ``<sha256>.part``, resuming with ``Range`` requests.

A dropped connection resumes where it stopped; a file that is complete but wrong (sha256 or
size) is deleted and refused, never kept. The finished file is renamed to ``<sha256>.zip`` only
once verified, so a ``kill -9`` leaves at worst a ``.part`` to resume.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import random
import re
from collections.abc import Callable
from pathlib import Path

import aiohttp

log = logging.getLogger(__name__)

CHUNK = 1 << 16
_RANGE_RE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")


class DownloadRefused(Exception):
    """The release file is wrong (truncated, altered, too big): do not try it again.
    ``code`` (a ``kiosk.reasons`` code) says which."""

    def __init__(self, message: str, code: str = "release.size") -> None:
        super().__init__(message)
        self.code = code


class DownloadInterrupted(Exception):
    """The transfer broke off (network, server restart): try again later, resuming."""


def _hash_file(path: Path) -> hashlib._Hash:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest


async def _fetch_once(session: aiohttp.ClientSession, url: str, part: Path, size: int,
                      progress: Callable[[int], None] | None) -> None:
    have = part.stat().st_size if part.exists() else 0
    if have > size:
        part.unlink()
        have = 0
    if have == size:
        return
    headers = {"Range": f"bytes={have}-"} if have else {}
    timeout = aiohttp.ClientTimeout(total=None, connect=10, sock_read=30)
    try:
        async with session.get(url, headers=headers, timeout=timeout) as resp:
            if resp.status == 416:  # we asked beyond its end: the server's file is shorter
                raise DownloadRefused(f"truncated: the server's file is shorter than the "
                                      f"{size:,} bytes of the release", "release.truncated")
            if resp.status == 404:
                raise DownloadInterrupted(f"{url}: not on the server (404)")
            if resp.status not in (200, 206):
                raise DownloadInterrupted(f"{url}: HTTP {resp.status}")
            total = size
            if resp.status == 206:
                m = _RANGE_RE.match(resp.headers.get("Content-Range", ""))
                if m is None or int(m.group(1)) != have:
                    raise DownloadInterrupted(f"{url}: unexpected Content-Range "
                                              f"{resp.headers.get('Content-Range')!r}")
                if m.group(3) != "*":
                    total = int(m.group(3))
                mode = "ab"
            else:  # no Range support (or a fresh start): from the beginning
                have, mode = 0, "wb"
                if resp.content_length is not None:
                    total = resp.content_length
            if total < size:
                raise DownloadRefused(f"truncated: the server's file has {total:,} bytes, the "
                                      f"release {size:,}", "release.truncated")
            if total > size:
                raise DownloadRefused(f"the server's file has {total:,} bytes, the release "
                                      f"{size:,} (not this release)")
            with open(part, mode) as out:
                async for chunk in resp.content.iter_chunked(CHUNK):
                    if have + len(chunk) > size:
                        raise DownloadRefused(f"the server sent more than the {size:,} bytes "
                                              "of the release")
                    out.write(chunk)
                    have += len(chunk)
                    if progress is not None:
                        progress(have)
                out.flush()
                os.fsync(out.fileno())
    except (aiohttp.ClientError, TimeoutError, ConnectionError) as exc:
        raise DownloadInterrupted(f"{url}: {exc.__class__.__name__}: {exc}") from exc
    if have < size:
        raise DownloadInterrupted(f"{url}: the transfer stopped at {have:,} of {size:,} bytes")


async def fetch(url: str, folder: Path, *, sha256: str, size: int,
                session: aiohttp.ClientSession | None = None,
                progress: Callable[[int], None] | None = None, attempts: int = 8,
                backoff_s: float = 0.5) -> Path:
    """Download and verify; the path of ``<sha256>.zip``. DownloadRefused if the bytes are bad."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / f"{sha256}.zip"
    if done.exists():
        return done
    part = folder / f"{sha256}.part"
    own = session is None
    sess = session or aiohttp.ClientSession()
    try:
        for attempt in range(attempts):
            try:
                await _fetch_once(sess, url, part, size, progress)
                break
            except DownloadInterrupted as exc:
                if attempt == attempts - 1:
                    raise
                delay = random.uniform(0, backoff_s * 2 ** attempt)
                log.warning("fleet: download interrupted (%s); again in %.1f s", exc, delay)
                await asyncio.sleep(delay)
    finally:
        if own:
            await sess.close()
    digest = await asyncio.to_thread(_hash_file, part)
    if digest.hexdigest() != sha256:
        part.unlink(missing_ok=True)
        raise DownloadRefused("sha256 differs from the release's (damaged or altered in "
                              "transit)", "release.sha256")
    os.replace(part, done)
    return done


def prune(folder: Path, *, keep: set[str]) -> None:
    """Delete downloads other than ``keep`` (sha256 names)."""
    for p in Path(folder).glob("*"):
        if p.stem not in keep and p.suffix in (".zip", ".part"):
            p.unlink(missing_ok=True)
