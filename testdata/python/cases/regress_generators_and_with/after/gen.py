import asyncio
from _awaitify_runtime import run_sync, sync_context, sync_iter
import contextlib
import time


async def async_items(n):
    for i in range(n):
        await asyncio.sleep(0.01)
        yield i


def items(n):
    """Sync shim kept by awaitify: runs `async_items` to completion."""
    return sync_iter(async_items(n))


@contextlib.asynccontextmanager
async def async_locked(name):
    await asyncio.sleep(0.01)
    yield name


def locked(name):
    """Sync shim kept by awaitify: runs `async_locked` to completion."""
    return sync_context(async_locked(name))


async def async_consume(n):
    it = items(n)
    total = 0
    for x in it:
        total += x
    with locked("a") as a, contextlib.suppress(KeyError):
        total += len(a)
    return total


def consume(n):
    """Sync shim kept by awaitify: runs `async_consume` to completion."""
    return run_sync(async_consume(n))
