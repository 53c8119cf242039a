"""Download files over HTTP."""
import asyncio
from _awaitify_runtime import run_sync
import requests

__all__ = ["fetch", "async_fetch"]

CHUNK = 64 * 1024


async def _async_download(url):
    """Stream a URL into memory (private helper)."""
    resp = await asyncio.to_thread(requests.get, url, stream=True, timeout=30)
    resp.raise_for_status()
    return b"".join(resp.iter_content(CHUNK))


async def async_fetch(url):
    """Public API: download a URL and return its bytes."""
    # All callers go through here.
    return await _async_download(url)


def fetch(url):
    """Sync shim kept by awaitify: runs `async_fetch` to completion."""
    return run_sync(async_fetch(url))


def _chunk_count(size):
    """Look-alike private helper that does no I/O."""
    return -(-size // CHUNK)
