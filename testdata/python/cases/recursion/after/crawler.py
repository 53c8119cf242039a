"""Recursive fetching and directory walking."""
import asyncio
from _awaitify_runtime import run_sync
import os
import time

import requests


async def async_fetch_with_retry(url, attempt=0, max_attempts=4):
    """GET url, retrying itself with exponential backoff."""
    try:
        return (await asyncio.to_thread(requests.get, url, timeout=5)).text
    except requests.RequestException:
        if attempt + 1 >= max_attempts:
            raise
        await asyncio.sleep(2 ** attempt)
        return await async_fetch_with_retry(url, attempt + 1, max_attempts)


def fetch_with_retry(url, attempt=0, max_attempts=4):
    """Sync shim kept by awaitify: runs `async_fetch_with_retry` to completion."""
    return run_sync(async_fetch_with_retry(url, attempt, max_attempts))


async def async_scan_dir(path):
    """Total bytes under a directory (mutually recursive with scan_entry)."""
    total = 0
    for name in await asyncio.to_thread(os.listdir, path):
        total += await async_scan_entry(os.path.join(path, name))
    return total


def scan_dir(path):
    """Sync shim kept by awaitify: runs `async_scan_dir` to completion."""
    return run_sync(async_scan_dir(path))


async def async_scan_entry(path):
    """Size of one entry; recurses back into scan_dir for directories."""
    if await asyncio.to_thread(os.path.isdir, path):
        return await async_scan_dir(path)
    return await asyncio.to_thread(os.path.getsize, path)


def scan_entry(path):
    """Sync shim kept by awaitify: runs `async_scan_entry` to completion."""
    return run_sync(async_scan_entry(path))


def factorial(n):
    """Look-alike recursion with no I/O."""
    return 1 if n <= 1 else n * factorial(n - 1)
