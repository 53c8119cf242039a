import asyncio
from legacy._awaitify_runtime import run_sync
import time


async def async_pause():
    # Written in a latin-1 editor long ago: café (an invalid UTF-8 byte, in a comment,
    # which CPython accepts)
    await asyncio.sleep(0.001)
    return "paused"


def pause():
    """Sync shim kept by awaitify: runs `async_pause` to completion."""
    return run_sync(async_pause())
