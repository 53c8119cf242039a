"""A store whose writes go through a retry helper that takes the work as a function."""
import asyncio
import inspect
from jobs._awaitify_runtime import run_sync
import time


class Store:
    def __init__(self):
        self.rows = []

    async def _async_with_retries(self, func, attempts=3):
        for _ in range(attempts):
            try:
                return ((await _awaitify_r) if inspect.isawaitable(_awaitify_r := func()) else _awaitify_r)
            except OSError:
                continue
        raise OSError("gave up")

    async def async_insert(self, row):
        async def _async_do_insert():
            await asyncio.sleep(0.01)
            self.rows.append(row)
            return len(self.rows)

        def _do_insert():
            """Sync shim kept by awaitify: runs `_async_do_insert` to completion."""
            return run_sync(_async_do_insert())

        return await self._async_with_retries(_async_do_insert)

    def insert(self, row):
        """Sync shim kept by awaitify: runs `async_insert` to completion."""
        return run_sync(Store.async_insert(self, row))

    async def _async_flush(self):
        await asyncio.sleep(0.01)
        return len(self.rows)

    def _flush(self):
        """Sync shim kept by awaitify: runs `_async_flush` to completion."""
        return run_sync(Store._async_flush(self))

    async def async_flush(self):
        return await self._async_with_retries(self._async_flush)

    def flush(self):
        """Sync shim kept by awaitify: runs `async_flush` to completion."""
        return run_sync(Store.async_flush(self))


def apply(fn, value):
    return fn(value)


def double(x):
    return x * 2


def compute(x):
    # Look-alike: a pure function passed as a value; nothing here blocks.
    return apply(double, x)
