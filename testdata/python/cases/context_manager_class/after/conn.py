"""Line-based TCP connection to the cache daemon."""
import asyncio
from _awaitify_runtime import run_sync
import socket


class Conn:
    """Context manager owning one TCP connection."""

    def __init__(self, host, port=11211):
        self.host = host
        self.port = port
        self.sock = None

    async def __aenter__(self):
        self.sock = await asyncio.to_thread(socket.create_connection, (self.host, self.port), timeout=5)
        return self

    def __enter__(self):
        """Sync shim kept by awaitify: runs `__aenter__` to completion."""
        return run_sync(self.__aenter__())

    async def __aexit__(self, exc_type, exc, tb):
        # Always close, even when the body raised.
        self.sock.close()
        return False

    def __exit__(self, exc_type, exc, tb):
        """Sync shim kept by awaitify: runs `__aexit__` to completion."""
        return run_sync(self.__aexit__(exc_type, exc, tb))

    async def async_command(self, line):
        """Send one command and return the first reply chunk."""
        await asyncio.to_thread(self.sock.sendall, line.encode("ascii") + b"\r\n")
        return (await asyncio.to_thread(self.sock.recv, 4096)).decode("ascii")

    def command(self, line):
        """Sync shim kept by awaitify: runs `async_command` to completion."""
        return run_sync(Conn.async_command(self, line))


async def async_get_stats(host):
    """Ask the daemon for its stats."""
    async with Conn(host) as c:
        return await c.async_command("stats")


def get_stats(host):
    """Sync shim kept by awaitify: runs `async_get_stats` to completion."""
    return run_sync(async_get_stats(host))


def address(host):
    """Look-alike: builds a Conn but never enters it."""
    conn = Conn(host)
    return f"{conn.host}:{conn.port}"
