import asyncio
from _awaitify_runtime import run_sync
import time


async def async_page(name):
    await asyncio.sleep(0.01)
    return name.title()


def page(name):
    """Sync shim kept by awaitify: runs `async_page` to completion."""
    return run_sync(async_page(name))
