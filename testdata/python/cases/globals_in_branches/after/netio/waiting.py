import asyncio
from netio._awaitify_runtime import run_sync
import select
import sys


async def async_wait_select(fileno, timeout):
    ready, _, _ = await asyncio.to_thread(select.select, [fileno], [], [], timeout)
    return bool(ready)


def wait_select(fileno, timeout):
    """Sync shim kept by awaitify: runs `async_wait_select` to completion."""
    return run_sync(async_wait_select(fileno, timeout))


async def async_wait_poll(fileno, timeout):
    poller = select.poll()
    poller.register(fileno, select.POLLIN)
    return bool(await asyncio.to_thread(poller.poll, timeout * 1000))


def wait_poll(fileno, timeout):
    """Sync shim kept by awaitify: runs `async_wait_poll` to completion."""
    return run_sync(async_wait_poll(fileno, timeout))


def no_wait(fileno, timeout):
    """Look-alike: same signature, never blocks."""
    return True


if sys.platform == "win32":
    wait = wait_select
    async_wait = async_wait_select
else:
    wait = wait_poll
    async_wait = async_wait_poll

try:
    from ._speedups import fast_wait as wait2
except ImportError:
    wait2 = wait_select
    async_wait2 = async_wait_select

check = no_wait
