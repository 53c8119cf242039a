"""A module whose author separated pages with form feeds."""
import asyncio
from _awaitify_runtime import run_sync
import time


async def async_poll():
    await asyncio.sleep(0.1)
    return True


def poll():
    """Sync shim kept by awaitify: runs `async_poll` to completion."""
    return run_sync(async_poll())


async def async_main():
    return await async_poll()


def main():
    """Sync shim kept by awaitify: runs `async_main` to completion."""
    return run_sync(async_main())
