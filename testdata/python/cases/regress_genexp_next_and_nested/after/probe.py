import asyncio
from _awaitify_runtime import run_sync
import os


async def async_size(path):
    return await asyncio.to_thread(os.path.getsize, path)


def size(path):
    """Sync shim kept by awaitify: runs `async_size` to completion."""
    return run_sync(async_size(path))


async def async_first_big(paths):
    return next(iter([await async_size(p) for p in paths if p]))


def first_big(paths):
    """Sync shim kept by awaitify: runs `async_first_big` to completion."""
    return run_sync(async_first_big(paths))


async def async_total(groups):
    return sum([sum([await async_size(p) for p in g]) for g in groups])


def total(groups):
    """Sync shim kept by awaitify: runs `async_total` to completion."""
    return run_sync(async_total(groups))
