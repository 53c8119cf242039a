"""Shared utilities."""
import asyncio
from app._awaitify_runtime import run_sync
import time


async def async_retry(attempt, base_delay=0.5):
    """Sleep before the given retry attempt (exponential backoff)."""
    await asyncio.sleep(base_delay * 2 ** attempt)


def retry(attempt, base_delay=0.5):
    """Sync shim kept by awaitify: runs `async_retry` to completion."""
    return run_sync(async_retry(attempt, base_delay))


def clamp(value, low, high):
    """Look-alike: pure helper in the same module."""
    return max(low, min(value, high))
