import asyncio
from _awaitify_runtime import run_sync
import os


class HashMixin:
    async def async_hashed(self, name):
        # `exists` is no method of the mixin: the classes it is mixed into have it,
        # here through another base.
        if not await self.async_exists(name):
            raise ValueError(name)
        return name.upper()

    def hashed(self, name):
        """Sync shim kept by awaitify: runs `async_hashed` to completion."""
        return run_sync(HashMixin.async_hashed(self, name))


class FileStorage:
    async def async_exists(self, name):
        return await asyncio.to_thread(os.path.exists, name)

    def exists(self, name):
        """Sync shim kept by awaitify: runs `async_exists` to completion."""
        return run_sync(FileStorage.async_exists(self, name))


class StaticStorage(HashMixin, FileStorage):
    pass


async def async_build(names):
    s = StaticStorage()
    return [await s.async_hashed(n) for n in names]


def build(names):
    """Sync shim kept by awaitify: runs `async_build` to completion."""
    return run_sync(async_build(names))
