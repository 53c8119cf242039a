"""AWT202 and AWT203: shims and nested event loops inside async code."""
import asyncio

from _awaitify_runtime import run_sync


async def async_fetch(uid):
    await asyncio.sleep(0)
    return uid


def fetch(uid):
    """Sync shim kept by awaitify: runs `async_fetch` to completion."""
    return run_sync(async_fetch(uid))


async def handler(uid):
    a = fetch(uid)                               # AWT202: await async_fetch
    b = run_sync(async_fetch(uid))               # AWT203
    c = asyncio.run(async_fetch(uid))            # AWT203
    d = await async_fetch(uid)                   # fine
    return a, b, c, d


def main():
    return asyncio.run(async_fetch(1)), fetch(2)  # sync code: fine
