"""Local blob storage."""
import asyncio
from app._awaitify_runtime import run_sync
import hashlib
import os

ROOT = "/var/lib/blobs"


async def async_save(data: bytes) -> str:
    """Store a blob and return its content address."""
    digest = hashlib.sha256(data).hexdigest()
    with await asyncio.to_thread(open, os.path.join(ROOT, digest), "wb") as fh:
        await asyncio.to_thread(fh.write, data)
    return digest


def save(data: bytes) -> str:
    """Sync shim kept by awaitify: runs `async_save` to completion."""
    return run_sync(async_save(data))


def address(data: bytes) -> str:
    """Look-alike: computes the address without writing."""
    return hashlib.sha256(data).hexdigest()
