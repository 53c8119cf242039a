"""Iterate over messages arriving on a socket."""
import asyncio
from _awaitify_runtime import run_sync, sync_next
import socket


class MessageStream:
    """Yields newline-terminated messages from a connected socket."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buffer = b""

    def __iter__(self):
        return self

    async def __anext__(self):
        while b"\n" not in self.buffer:
            chunk = await asyncio.to_thread(self.sock.recv, 1024)
            if not chunk:
                # Peer closed the connection.
                raise StopAsyncIteration
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode("utf-8")

    def __next__(self):
        """Sync shim kept by awaitify: runs `__anext__` to completion."""
        return sync_next(self.__anext__())

    def __aiter__(self):
        return self


async def async_consume(host, port):
    """Print every message until the server hangs up."""
    sock = await asyncio.to_thread(socket.create_connection, (host, port))
    async for message in MessageStream(sock):
        print("got", message)
    sock.close()


def consume(host, port):
    """Sync shim kept by awaitify: runs `async_consume` to completion."""
    return run_sync(async_consume(host, port))


def word_lengths(words):
    """Look-alike loop over a plain list."""
    return [len(w) for w in words]
