"""Handlers that are already partly async."""
from _awaitify_runtime import run_sync
import asyncio
import json
import time


async def async_load(path):
    """Sync blocking helper still used by async code."""
    with await asyncio.to_thread(open, path, encoding="utf-8") as fh:
        return await asyncio.to_thread(json.load, fh)


def load(path):
    """Sync shim kept by awaitify: runs `async_load` to completion."""
    return run_sync(async_load(path))


async def handler(request):
    """Async handler that still blocks the event loop."""
    settings = await async_load(request["settings_path"])
    # Crude rate limit: blocks the whole loop today.
    await asyncio.sleep(1)
    return {"status": 200, "settings": settings}


async def ping(request):
    """Already correct: must stay byte-for-byte the same."""
    await asyncio.sleep(0.1)
    return {"status": 200, "body": "pong"}
