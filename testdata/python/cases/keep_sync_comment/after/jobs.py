"""Background job helpers."""
import asyncio
from _awaitify_runtime import run_sync
import time


def legacy():  # awaitify: keep-sync
    """Old cron-driven pause; must remain synchronous."""
    time.sleep(2)
    return "done"


def nightly_cleanup():
    """Only reaches blocking work through legacy()."""
    result = legacy()
    return f"cleanup {result}"


def cron_entry():
    """Calls the kept-sync chain one level up."""
    return nightly_cleanup()


async def async_modern_wait(seconds):
    """Not marked: this one must migrate."""
    await asyncio.sleep(seconds)


def modern_wait(seconds):
    """Sync shim kept by awaitify: runs `async_modern_wait` to completion."""
    return run_sync(async_modern_wait(seconds))


async def async_mixed():
    """Calls both: migrates because of modern_wait, legacy() stays a sync call."""
    legacy()
    await async_modern_wait(1)


def mixed():
    """Sync shim kept by awaitify: runs `async_mixed` to completion."""
    return run_sync(async_mixed())
