import asyncio
from _awaitify_runtime import run_sync
import os
import threading
import time

_lock = threading.Lock()


async def async_fetch(key):
    await asyncio.sleep(0.01)  # the network
    return key.upper()


def fetch(key):
    """Sync shim kept by awaitify: runs `async_fetch` to completion."""
    return run_sync(async_fetch(key))


async def async_cached(key):
    # A threading lock in code that becomes async: waiting for it blocks the loop.
    with _lock:
        return await async_fetch(key)


def cached(key):
    """Sync shim kept by awaitify: runs `async_cached` to completion."""
    return run_sync(async_cached(key))


async def relative(path):
    # A cheap string operation lint reports (flake8-async parity); migrate leaves it.
    return os.path.relpath(path, "/srv")
