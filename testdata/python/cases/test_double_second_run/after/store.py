import asyncio
from _awaitify_runtime import run_sync


class Store:
    def __init__(self, path):
        self.path = path

    async def async_read(self):
        with await asyncio.to_thread(open, self.path) as f:
            return await asyncio.to_thread(f.read)

    def read(self):
        """Sync shim kept by awaitify: runs `async_read` to completion."""
        return run_sync(Store.async_read(self))


async def async_first_line(store):
    return (await store.async_read()).splitlines()[0]


def first_line(store):
    """Sync shim kept by awaitify: runs `async_first_line` to completion."""
    return run_sync(async_first_line(store))
