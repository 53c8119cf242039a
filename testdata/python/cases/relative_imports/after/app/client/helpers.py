"""File helpers for the client."""
import asyncio
from app._awaitify_runtime import run_sync


async def async_load(path):
    """Read a local manifest file."""
    with await asyncio.to_thread(open, path, encoding="utf-8") as fh:
        return await asyncio.to_thread(fh.read)


def load(path):
    """Sync shim kept by awaitify: runs `async_load` to completion."""
    return run_sync(async_load(path))


def normalise(name):
    """Look-alike: pure string helper."""
    return name.strip().lower()
