import asyncio
from jobs._awaitify_runtime import run_sync
import time

from jobs.decorators import Counted, as_text, register, retry, timed, traced


@retry
async def async_poll_queue(delay):
    await asyncio.sleep(delay)
    return "polled"


@retry
def poll_queue(delay):
    """Sync shim kept by awaitify: runs `async_poll_queue` to completion."""
    return run_sync(async_poll_queue(delay))


@traced("flush")
async def async_flush_buffers():
    await asyncio.sleep(0.1)


@traced("flush")
def flush_buffers():
    """Sync shim kept by awaitify: runs `async_flush_buffers` to completion."""
    return run_sync(async_flush_buffers())


async def async_heartbeat():
    await asyncio.sleep(1)
    return True


@register
def heartbeat():
    """Sync shim kept by awaitify: runs `async_heartbeat` to completion."""
    return run_sync(async_heartbeat())


@timed
async def async_backoff(attempt):
    await asyncio.sleep(2 ** attempt)


@timed
def backoff(attempt):
    """Sync shim kept by awaitify: runs `async_backoff` to completion."""
    return run_sync(async_backoff(attempt))


@as_text
def slow_count(n):
    time.sleep(n)
    return n


@Counted
async def async_sync_clock():
    await asyncio.sleep(0.01)


@Counted
def sync_clock():
    """Sync shim kept by awaitify: runs `async_sync_clock` to completion."""
    return run_sync(async_sync_clock())


async def async_run_all():
    await async_sync_clock()
    await async_poll_queue(0.5)
    await async_flush_buffers()
    await async_heartbeat()
    await async_backoff(1)
    return slow_count(3)


def run_all():
    """Sync shim kept by awaitify: runs `async_run_all` to completion."""
    return run_sync(async_run_all())
