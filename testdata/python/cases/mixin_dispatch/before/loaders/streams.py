import asyncio
import time


class SyncReadMixin:
    def _read(self, n):
        time.sleep(0.01)
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
    def read_exactly(self, n):
        return self._read(n)[:n]
