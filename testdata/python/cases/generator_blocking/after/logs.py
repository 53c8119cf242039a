"""Scan application log files."""
import asyncio
from _awaitify_runtime import run_sync, sync_iter


async def async_read_lines(path):
    """Yield stripped lines from a log file."""
    with await asyncio.to_thread(open, path, encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\n")


def read_lines(path):
    """Sync shim kept by awaitify: runs `async_read_lines` to completion."""
    return sync_iter(async_read_lines(path))


async def async_count_errors(path):
    """Count lines mentioning ERROR."""
    errors = 0
    async for line in async_read_lines(path):
        if "ERROR" in line:
            errors += 1
    return errors


def count_errors(path):
    """Sync shim kept by awaitify: runs `async_count_errors` to completion."""
    return run_sync(async_count_errors(path))


async def async_all_lines(path):
    """Materialise every line of the file."""
    return [_item async for _item in async_read_lines(path)]


def all_lines(path):
    """Sync shim kept by awaitify: runs `async_all_lines` to completion."""
    return run_sync(async_all_lines(path))


def numbered(lines):
    """Look-alike generator over in-memory data."""
    for i, line in enumerate(lines, 1):
        yield f"{i}: {line}"


def render(lines):
    """Look-alike consumer of the pure generator."""
    return list(numbered(lines))
