"""Minimal urllib-based HTTP client."""
import asyncio
from _awaitify_runtime import run_sync
import urllib.request


class HttpClient:
    """GETs paths relative to a base URL."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    async def async_fetch(self, path="/"):
        """Return the decoded body of base + path."""
        with await asyncio.to_thread(urllib.request.urlopen, self.base + path, timeout=10) as resp:
            return (await asyncio.to_thread(resp.read)).decode("utf-8")

    def fetch(self, path="/"):
        """Sync shim kept by awaitify: runs `async_fetch` to completion."""
        return run_sync(HttpClient.async_fetch(self, path))

    def url(self, path="/"):
        """Look-alike method: string building only."""
        return self.base + path
