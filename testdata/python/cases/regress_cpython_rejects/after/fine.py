import asyncio
from _awaitify_runtime import run_sync
import time


async def async_wait():
    await asyncio.sleep(1)


def wait():
    """Sync shim kept by awaitify: runs `async_wait` to completion."""
    return run_sync(async_wait())
