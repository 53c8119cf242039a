"""Shared client behaviour."""
import asyncio
from clients._awaitify_runtime import run_sync
import requests


class BaseClient:
    """Base for all API clients."""

    base_url = "https://api.example.com"

    async def async_get_json(self, path):
        """GET a path relative to base_url and decode JSON."""
        resp = await asyncio.to_thread(requests.get, self.base_url + path, timeout=10)
        resp.raise_for_status()
        return resp.json()

    def get_json(self, path):
        """Sync shim kept by awaitify: runs `async_get_json` to completion."""
        return run_sync(BaseClient.async_get_json(self, path))

    def url_for(self, path):
        """Look-alike inherited method that does no I/O."""
        return self.base_url + path
