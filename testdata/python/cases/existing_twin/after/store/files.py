import asyncio
from store._awaitify_runtime import run_sync
import os
import socket


class FileStore:
    def exists(self, key):
        return os.path.exists(key)

    async def aexists(self, key):
        # The humans' twin delegates to the sync version.
        return self.exists(key)

    async def async_describe(self, key):
        return f"{key}: {await self.aexists(key)}"

    def describe(self, key):
        """Sync shim kept by awaitify: runs `async_describe` to completion."""
        return run_sync(FileStore.async_describe(self, key))


def sendall(sock: socket.socket, data):
    sock.sendall(data)


async def async_sendall(sock: socket.socket, data):
    await asyncio.to_thread(sock.sendall, data)


async def async_publish(store: FileStore, sock: socket.socket, key):
    if await store.aexists(key):
        await async_sendall(sock, key.encode())


def publish(store: FileStore, sock: socket.socket, key):
    """Sync shim kept by awaitify: runs `async_publish` to completion."""
    return run_sync(async_publish(store, sock, key))
