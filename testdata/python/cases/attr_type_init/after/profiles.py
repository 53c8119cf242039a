"""Profile service client with a small local cache."""
import asyncio
from _awaitify_runtime import run_sync
import requests


class ProfileClient:
    """Fetches user profiles over HTTP, caching them in memory."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.session = requests.Session()
        self.cache = {}

    async def async_fetch_profile(self, user_id):
        """Fetch a profile, using the cache when possible."""
        cached = self.cache.get(user_id)
        if cached is not None:
            return cached
        # Cache miss: go to the network.
        resp = await asyncio.to_thread(self.session.get, f"{self.base_url}/profiles/{user_id}", timeout=5)
        profile = resp.json()
        self.cache[user_id] = profile
        return profile

    def fetch_profile(self, user_id):
        """Sync shim kept by awaitify: runs `async_fetch_profile` to completion."""
        return run_sync(ProfileClient.async_fetch_profile(self, user_id))

    def cached_profile(self, user_id):
        """Look-alike: dict.get on the cache only, never blocks."""
        return self.cache.get(user_id, {})

    def cache_keys(self):
        """Look-alike: pure access to the cache attribute."""
        return sorted(self.cache.keys())
