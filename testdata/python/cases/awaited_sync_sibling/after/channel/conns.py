from channel._awaitify_runtime import run_sync
import asyncio
import selectors
import socket
from typing import Union


class BlockingConn:
    def __init__(self, sock: socket.socket):
        self.sock = sock

    async def async_wait(self, timeout=None):
        sel = selectors.DefaultSelector()
        sel.register(self.sock, selectors.EVENT_READ)
        return bool(await asyncio.to_thread(sel.select, timeout))

    def wait(self, timeout=None):
        """Sync shim kept by awaitify: runs `async_wait` to completion."""
        return run_sync(BlockingConn.async_wait(self, timeout))

    def fileno(self):
        """Look-alike: same receiver, no I/O."""
        return self.sock.fileno()


class AsyncConn:
    async def wait(self, timeout=None):
        await asyncio.sleep(0)
        return True

    def fileno(self):
        return -1


class Listener:
    def __init__(self, conn: Union[BlockingConn, AsyncConn]):
        self.conn = conn

    async def next_event(self):
        if await self.conn.wait(1.0):
            return self.conn.fileno()
        return None


async def async_drain(conn: BlockingConn):
    while await conn.async_wait(0):
        pass


def drain(conn: BlockingConn):
    """Sync shim kept by awaitify: runs `async_drain` to completion."""
    return run_sync(async_drain(conn))
