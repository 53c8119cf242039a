"""Names the migration needs are already taken here."""
import asyncio as _asyncio
from _awaitify_runtime import run_sync as _awaitify_run_sync
import time


def run_sync(job):
    """This module's own run_sync: unrelated to awaitify's."""
    return job()


async def async_wait(asyncio):
    await _asyncio.sleep(asyncio)
    return asyncio


def wait(asyncio):
    """Sync shim kept by awaitify: runs `async_wait` to completion."""
    return _awaitify_run_sync(async_wait(asyncio))


async def async_main():
    return run_sync(lambda: 1) + await async_wait(0.01)


def main():
    """Sync shim kept by awaitify: runs `async_main` to completion."""
    return _awaitify_run_sync(async_main())


if __name__ == "__main__":
    _asyncio.run(async_main())
