"""Grab-bag of I/O helpers (historically star-imported)."""
import asyncio
from pkg._awaitify_runtime import run_sync
import shutil


async def async_read_text(path):
    """Return the contents of a text file."""
    with await asyncio.to_thread(open, path, encoding="utf-8") as fh:
        return await asyncio.to_thread(fh.read)


def read_text(path):
    """Sync shim kept by awaitify: runs `async_read_text` to completion."""
    return run_sync(async_read_text(path))


async def async_backup(path):
    """Copy a file next to itself with a .bak suffix."""
    await asyncio.to_thread(shutil.copy, path, path + ".bak")


def backup(path):
    """Sync shim kept by awaitify: runs `async_backup` to completion."""
    return run_sync(async_backup(path))


def strip_bom(text):
    """Look-alike: pure helper exported by the same star import."""
    return text.lstrip("\ufeff")
