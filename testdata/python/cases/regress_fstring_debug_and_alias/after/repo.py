import asyncio
from _awaitify_runtime import run_sync
import time


async def async_fetch():
    await asyncio.sleep(0.01)
    return 1


def fetch():
    """Sync shim kept by awaitify: runs `async_fetch` to completion."""
    return run_sync(async_fetch())


async def async_show():
    return f"{fetch()=} and {await async_fetch()}"


def show():
    """Sync shim kept by awaitify: runs `async_show` to completion."""
    return run_sync(async_show())


class Store:
    async def async_load(self):
        await asyncio.sleep(0.01)
        return "loaded"

    def load(self):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(Store.async_load(self))

    get = load

    async def async_both(self):
        return self.get(), await self.async_load()

    def both(self):
        """Sync shim kept by awaitify: runs `async_both` to completion."""
        return run_sync(Store.async_both(self))
