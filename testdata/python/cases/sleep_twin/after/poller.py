"""Poll a job queue until work shows up."""
import asyncio
from _awaitify_runtime import run_sync
import time

POLL_INTERVAL = 0.5


async def _async_backoff(attempt):
    """Wait a little longer after each empty poll."""
    # Linear backoff, capped at five seconds.
    delay = min(POLL_INTERVAL * attempt, 5.0)
    await asyncio.sleep(delay)


async def async_wait_for_job(queue, max_attempts=10):
    """Return the first job in the queue, or None after max_attempts polls."""
    for attempt in range(1, max_attempts + 1):
        if queue:
            return queue.pop(0)
        await _async_backoff(attempt)
    return None


def wait_for_job(queue, max_attempts=10):
    """Sync shim kept by awaitify: runs `async_wait_for_job` to completion."""
    return run_sync(async_wait_for_job(queue, max_attempts))


def queue_size(queue):
    """Look-alike that never blocks: must stay untouched."""
    return len(queue)
