"""A pair whose sync half reaches migrated code from outside: it is not used as a pair."""
from store._awaitify_runtime import run_sync
import asyncio
import time


class Pool:
    async def async_get(self):
        await asyncio.sleep(0.01)
        return "conn"

    def get(self):
        """Sync shim kept by awaitify: runs `async_get` to completion."""
        return run_sync(Pool.async_get(self))


class AsyncPool:
    async def get(self):
        await asyncio.sleep(0.01)
        return "conn"


async def async_borrow(pool: Pool):
    return await pool.async_get()


def borrow(pool: Pool):
    """Sync shim kept by awaitify: runs `async_borrow` to completion."""
    return run_sync(async_borrow(pool))
