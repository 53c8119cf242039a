"""A base class whose public method calls a private hook that one backend overrides with
a blocking implementation (the shape of Django's database `creation` backends)."""
import asyncio
from store._awaitify_runtime import run_sync
import time

LOG = []


class Creation:
    async def async_destroy(self, name):
        await self._async_destroy(name)
        LOG.append(f"destroyed {name}")
        return name

    def destroy(self, name):
        """Sync shim kept by awaitify: runs `async_destroy` to completion."""
        return run_sync(Creation.async_destroy(self, name))

    async def _async_destroy(self, name):
        LOG.append(f"nothing to remove for {name}")


class FileCreation(Creation):
    async def _async_destroy(self, name):
        await asyncio.sleep(0.001)  # stands for os.remove on the database file
        LOG.append(f"removed {name}.db")


class MemoryCreation(Creation):
    pass
