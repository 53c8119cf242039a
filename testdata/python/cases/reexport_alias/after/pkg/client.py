from pkg._awaitify_runtime import run_sync
from .conninfo import connect_attempts, async_connect_attempts, format_hosts


async def async_open_primary(hosts):
    sock = await async_connect_attempts(hosts)
    return sock


def open_primary(hosts):
    """Sync shim kept by awaitify: runs `async_open_primary` to completion."""
    return run_sync(async_open_primary(hosts))


def describe(hosts):
    return "hosts=" + format_hosts(hosts)
