"""File-based locks, decorated via the contextlib module."""
import asyncio
from _awaitify_runtime import run_sync, sync_context
import contextlib
import os


@contextlib.asynccontextmanager
async def async_lock_file(path):
    """Hold an exclusive lock file for the duration of the block."""
    fh = await asyncio.to_thread(open, path + ".lock", "x", encoding="utf-8")
    try:
        await asyncio.to_thread(fh.write, str(os.getpid()))
        yield fh
    finally:
        await asyncio.to_thread(fh.close)


def lock_file(path):
    """Sync shim kept by awaitify: runs `async_lock_file` to completion."""
    return sync_context(async_lock_file(path))


async def async_rotate_log(path):
    """Rotate a log file while holding its lock."""
    async with async_lock_file(path):
        await asyncio.to_thread(os.replace, path, path + ".1")


def rotate_log(path):
    """Sync shim kept by awaitify: runs `async_rotate_log` to completion."""
    return run_sync(async_rotate_log(path))


@contextlib.contextmanager
def chdir_noop(path):
    """Look-alike context manager with no blocking work."""
    yield path
