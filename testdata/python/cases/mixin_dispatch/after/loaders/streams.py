from loaders._awaitify_runtime import run_sync
import asyncio
import time


class SyncReadMixin:
    async def _async_read(self, n):
        await asyncio.sleep(0.01)
        return b"x" * n


class AsyncReadMixin:
    async def _read(self, n):
        await asyncio.sleep(0.01)
        return b"y" * n


class AsyncStream(AsyncReadMixin):
    async def read_exactly(self, n):
        data = await self._read(n)
        return data[:n]


class SyncStream(SyncReadMixin):
    async def async_read_exactly(self, n):
        return (await self._async_read(n))[:n]

    def read_exactly(self, n):
        """Sync shim kept by awaitify: runs `async_read_exactly` to completion."""
        return run_sync(SyncStream.async_read_exactly(self, n))
