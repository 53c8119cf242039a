"""Aggregate information about a list of files."""
import asyncio
from _awaitify_runtime import run_sync
import os


async def async_size(path):
    """Size of a file in bytes."""
    return await asyncio.to_thread(os.path.getsize, path)


def size(path):
    """Sync shim kept by awaitify: runs `async_size` to completion."""
    return run_sync(async_size(path))


async def async_exists(path):
    """True when the path exists."""
    return await asyncio.to_thread(os.path.exists, path)


def exists(path):
    """Sync shim kept by awaitify: runs `async_exists` to completion."""
    return run_sync(async_exists(path))


async def async_read(path):
    """Whole text of a file."""
    with await asyncio.to_thread(open, path, encoding="utf-8") as fh:
        return await asyncio.to_thread(fh.read)


def read(path):
    """Sync shim kept by awaitify: runs `async_read` to completion."""
    return run_sync(async_read(path))


async def async_total_size(paths):
    return sum([await async_size(p) for p in paths])


def total_size(paths):
    """Sync shim kept by awaitify: runs `async_total_size` to completion."""
    return run_sync(async_total_size(paths))


async def async_any_exists(paths):
    return any([await async_exists(p) for p in paths])


def any_exists(paths):
    """Sync shim kept by awaitify: runs `async_any_exists` to completion."""
    return run_sync(async_any_exists(paths))


async def async_concatenate(paths):
    return "".join([await async_read(p) for p in paths])


def concatenate(paths):
    """Sync shim kept by awaitify: runs `async_concatenate` to completion."""
    return run_sync(async_concatenate(paths))


async def async_first_lines(paths):
    """Materialise a named generator expression."""
    lines = [(await async_read(p)).splitlines()[0] for p in paths]
    return list(lines)


def first_lines(paths):
    """Sync shim kept by awaitify: runs `async_first_lines` to completion."""
    return run_sync(async_first_lines(paths))


def name_lengths(paths):
    """Look-alike: genexp over a pure call."""
    return sum(len(os.path.basename(p)) for p in paths)
