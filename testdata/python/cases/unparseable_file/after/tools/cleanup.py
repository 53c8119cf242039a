"""Remove stale temp files (valid module)."""
import asyncio
from tools._awaitify_runtime import run_sync
import os
import time

MAX_AGE = 24 * 3600


async def async_remove_stale(directory):
    """Delete files older than MAX_AGE, pausing between deletes."""
    removed = 0
    for name in await asyncio.to_thread(os.listdir, directory):
        path = os.path.join(directory, name)
        if time.time() - await asyncio.to_thread(os.path.getmtime, path) > MAX_AGE:
            await asyncio.to_thread(os.remove, path)
            removed += 1
            # Be gentle with the network filesystem.
            await asyncio.sleep(0.05)
    return removed


def remove_stale(directory):
    """Sync shim kept by awaitify: runs `async_remove_stale` to completion."""
    return run_sync(async_remove_stale(directory))
