import asyncio
from fetcher._awaitify_runtime import run_sync
import functools
import time


def with_retries(func):
    @functools.wraps(func)
    async def async_wrapper(*args, **kwargs):
        for attempt in range(3):
            try:
                return func(*args, **kwargs)
            except ConnectionError:
                if attempt == 2:
                    raise
                await asyncio.sleep(0.5 * (attempt + 1))

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        """Sync shim kept by awaitify: runs `async_wrapper` to completion."""
        return run_sync(async_wrapper(*args, **kwargs))
    return wrapper
