import asyncio
from _awaitify_runtime import run_sync
from abc import ABC, abstractmethod


class Store(ABC):
    @abstractmethod
    async def async_read(self):
        """Return the stored text."""
        raise NotImplementedError

    def read(self):
        """Sync shim kept by awaitify: runs `async_read` to completion."""
        return run_sync(self.async_read())

    async def async_first_line(self):
        return (await self.async_read()).splitlines()[0]

    def first_line(self):
        """Sync shim kept by awaitify: runs `async_first_line` to completion."""
        return run_sync(Store.async_first_line(self))


class FileStore(Store):
    def __init__(self, path):
        self.path = path

    async def async_read(self):
        with await asyncio.to_thread(open, self.path) as f:
            return await asyncio.to_thread(f.read)

    def read(self):
        """Sync shim kept by awaitify: runs `async_read` to completion."""
        return run_sync(FileStore.async_read(self))
