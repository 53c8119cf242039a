import asyncio
from pkg._awaitify_runtime import run_sync
import socket


async def async_connect_attempts(hosts, port=5432):
    for host in hosts:
        try:
            return await asyncio.to_thread(socket.create_connection, (host, port), timeout=3)
        except OSError:
            continue
    raise OSError("no host reachable")


def connect_attempts(hosts, port=5432):
    """Sync shim kept by awaitify: runs `async_connect_attempts` to completion."""
    return run_sync(async_connect_attempts(hosts, port))


def format_hosts(hosts):
    """Look-alike: re-exported the same way, pure."""
    return ",".join(hosts)
