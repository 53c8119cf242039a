"""Import CSV files into a list of rows."""
import asyncio
from _awaitify_runtime import run_sync
import atexit
import csv
import time


async def async_import_all(paths):
    """Read every CSV file and return all rows."""

    async def async_read_one(path):
        # Inner helper doing the blocking read.
        with await asyncio.to_thread(open, path, newline="", encoding="utf-8") as fh:
            return list(csv.reader(fh))

    rows = []
    for path in paths:
        rows.extend(await async_read_one(path))
    return rows


def import_all(paths):
    """Sync shim kept by awaitify: runs `async_import_all` to completion."""
    return run_sync(async_import_all(paths))


def register_flush(buffer, path):
    """Flush the buffer to disk at interpreter exit."""

    async def async_flush():
        # Called by atexit, which cannot await.
        await asyncio.sleep(0.1)
        with await asyncio.to_thread(open, path, "w", encoding="utf-8") as fh:
            await asyncio.to_thread(fh.writelines, buffer)

    def flush():
        """Sync shim kept by awaitify: runs `async_flush` to completion."""
        return run_sync(async_flush())

    atexit.register(flush)
    return flush


def count_columns(rows):
    """Look-alike with a pure nested helper."""

    def width(row):
        return len(row)

    return max((width(r) for r in rows), default=0)
