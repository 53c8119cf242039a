import asyncio
from netio._awaitify_runtime import run_sync
from netio import waiting


async def async_read_when_ready(sock, timeout=1.0):
    if await waiting.async_wait(sock.fileno(), timeout):
        return sock.recv(4096)
    return b""


def read_when_ready(sock, timeout=1.0):
    """Sync shim kept by awaitify: runs `async_read_when_ready` to completion."""
    return run_sync(async_read_when_ready(sock, timeout))


async def async_read_fast(sock):
    if await asyncio.to_thread(waiting.wait2, sock.fileno(), 0.5):
        return sock.recv(4096)
    return b""


def read_fast(sock):
    """Sync shim kept by awaitify: runs `async_read_fast` to completion."""
    return run_sync(async_read_fast(sock))


def peek(sock):
    """Look-alike: calls the non-blocking global."""
    return waiting.check(sock.fileno(), 0)
