import asyncio
from _awaitify_runtime import run_sync
import os
import sys
import tempfile


class _Buffer:
    def __init__(self, mode="w+b"):
        self.parts = []


SpoolFile = _Buffer if os.name == "nt" else tempfile.TemporaryFile


class Output:
    def __init__(self, out=None):
        self._out = out or open(os.devnull, "w")

    async def async_write(self, s):
        await asyncio.to_thread(self._out.write, s)

    def write(self, s):
        """Sync shim kept by awaitify: runs `async_write` to completion."""
        return run_sync(Output.async_write(self, s))


async def async_spooled():
    return await asyncio.to_thread(SpoolFile, mode="w+")


def spooled():
    """Sync shim kept by awaitify: runs `async_spooled` to completion."""
    return run_sync(async_spooled())


async def async_emit(s):
    await Output().async_write(s)


def emit(s):
    """Sync shim kept by awaitify: runs `async_emit` to completion."""
    return run_sync(async_emit(s))
