import asyncio
from _awaitify_runtime import run_sync
import os
import time


async def async_biggest(paths):
    await asyncio.sleep(0.01)  # a rate limit
    return sorted(paths, key=lambda p: os.path.getsize(p))


def biggest(paths):
    """Sync shim kept by awaitify: runs `async_biggest` to completion."""
    return run_sync(async_biggest(paths))


async def async_total(paths):
    await asyncio.sleep(0.01)
    return sum([await asyncio.to_thread(os.path.getsize, p) for p in paths])


def total(paths):
    """Sync shim kept by awaitify: runs `async_total` to completion."""
    return run_sync(async_total(paths))
