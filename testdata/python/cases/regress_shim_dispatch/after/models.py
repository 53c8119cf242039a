import asyncio
from _awaitify_runtime import run_sync
import time


class A:
    async def async_load(self):
        await asyncio.sleep(0.01)
        return "A"

    def load(self):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(A.async_load(self))

    async def _async_fetch(self):
        await asyncio.sleep(0.01)
        return "A._fetch"

    def _fetch(self):
        """Sync shim kept by awaitify: runs `_async_fetch` to completion."""
        return run_sync(A._async_fetch(self))

    @classmethod
    async def async_create(cls):
        await asyncio.sleep(0.01)
        return cls

    @classmethod
    def create(cls):
        """Sync shim kept by awaitify: runs `async_create` to completion."""
        return run_sync(A.async_create.__func__(cls))


class B(A):
    async def async_load(self):
        await asyncio.sleep(0.01)
        return "B"

    def load(self):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(B.async_load(self))

    async def _async_fetch(self):
        return "B._fetch"

    def _fetch(self):
        """Sync shim kept by awaitify: runs `_async_fetch` to completion."""
        return run_sync(B._async_fetch(self))

    @property
    def base_value(self):
        return super().load()

    @classmethod
    async def async_create(cls):
        return await super().async_create()

    @classmethod
    def create(cls):
        """Sync shim kept by awaitify: runs `async_create` to completion."""
        return run_sync(B.async_create.__func__(cls))


async def async_explicit(b):
    return await A.async_load(b)


def explicit(b):
    """Sync shim kept by awaitify: runs `async_explicit` to completion."""
    return run_sync(async_explicit(b))


def callbacks(objs):
    return [o._fetch for o in objs]


def make_local():
    class Local:
        @staticmethod
        async def async_ping():
            await asyncio.sleep(0.01)
            return "pong"

        @staticmethod
        def ping():
            """Sync shim kept by awaitify: runs `async_ping` to completion."""
            return run_sync(__class__.async_ping())

    return Local
