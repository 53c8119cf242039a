import asyncio
from rpc._awaitify_runtime import run_sync
import socket
import time


class Transport:
    def __init__(self, host):
        self.host = host

    async def async_send(self, payload):
        with await asyncio.to_thread(socket.create_connection, (self.host, 7000)) as sock:
            await asyncio.to_thread(sock.sendall, payload)

    def send(self, payload):
        """Sync shim kept by awaitify: runs `async_send` to completion."""
        return run_sync(Transport.async_send(self, payload))

    def encode(self, payload):
        """Look-alike: no I/O."""
        return payload.encode()


class Session:
    async def async_fetch(self, path):
        await asyncio.sleep(0.05)
        return path

    def fetch(self, path):
        """Sync shim kept by awaitify: runs `async_fetch` to completion."""
        return run_sync(Session.async_fetch(self, path))
