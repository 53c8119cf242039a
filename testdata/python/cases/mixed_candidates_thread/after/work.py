import asyncio
from _awaitify_runtime import run_sync
import time

from tmp import NamedTemporaryFile, SpoolFile


async def async_slow_step():
    await asyncio.sleep(0.01)


def slow_step():
    """Sync shim kept by awaitify: runs `async_slow_step` to completion."""
    return run_sync(async_slow_step())


async def async_build(lines):
    await async_slow_step()
    with NamedTemporaryFile(mode="w+") as f:
        await asyncio.to_thread(f.write, "\n".join(lines))
        await asyncio.to_thread(f.flush)
        await asyncio.to_thread(f.seek, 0)
        return await asyncio.to_thread(f.read)


def build(lines):
    """Sync shim kept by awaitify: runs `async_build` to completion."""
    return run_sync(async_build(lines))


async def async_spooled(text):
    await async_slow_step()
    with await asyncio.to_thread(SpoolFile, mode="w+") as f:
        return type(f).__name__ != ""


def spooled(text):
    """Sync shim kept by awaitify: runs `async_spooled` to completion."""
    return run_sync(async_spooled(text))
