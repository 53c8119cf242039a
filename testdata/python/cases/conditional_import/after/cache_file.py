"""JSON file cache with an optional fast decoder."""
import asyncio
from _awaitify_runtime import run_sync
try:
    import simplejson as json
except ImportError:  # pragma: no cover - depends on environment
    import json

CACHE_PATH = "/tmp/app-cache.json"


def decode(text):
    """Look-alike: json.loads is pure whichever module we got."""
    return json.loads(text)


async def async_read_cache(path=CACHE_PATH):
    """Load the cache file (blocking open)."""
    with await asyncio.to_thread(open, path, encoding="utf-8") as fh:
        return decode(await asyncio.to_thread(fh.read))


def read_cache(path=CACHE_PATH):
    """Sync shim kept by awaitify: runs `async_read_cache` to completion."""
    return run_sync(async_read_cache(path))


async def async_wait_for_cache(path=CACHE_PATH, attempts=5):
    """Poll until the cache file can be read."""
    import time  # imported lazily to keep start-up fast

    for _ in range(attempts):
        try:
            return await async_read_cache(path)
        except FileNotFoundError:
            await asyncio.sleep(0.5)
    return {}


def wait_for_cache(path=CACHE_PATH, attempts=5):
    """Sync shim kept by awaitify: runs `async_wait_for_cache` to completion."""
    return run_sync(async_wait_for_cache(path, attempts))
