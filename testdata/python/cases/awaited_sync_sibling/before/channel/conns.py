import asyncio
import selectors
import socket
from typing import Union


class BlockingConn:
    def __init__(self, sock: socket.socket):
        self.sock = sock

    def wait(self, timeout=None):
        sel = selectors.DefaultSelector()
        sel.register(self.sock, selectors.EVENT_READ)
        return bool(sel.select(timeout))

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


def drain(conn: BlockingConn):
    while conn.wait(0):
        pass
