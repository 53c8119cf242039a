"""CSV export helpers, decorated via `from contextlib import contextmanager`."""
import asyncio
import contextlib
from _awaitify_runtime import run_sync, sync_context
from contextlib import contextmanager


@contextlib.asynccontextmanager
async def async_open_export(path):
    """Open an export file and write the CSV header."""
    with await asyncio.to_thread(open, path, "w", encoding="utf-8", newline="") as fh:
        await asyncio.to_thread(fh.write, "id,name\n")
        yield fh


def open_export(path):
    """Sync shim kept by awaitify: runs `async_open_export` to completion."""
    return sync_context(async_open_export(path))


async def async_export_users(path, users):
    """Write all users as CSV rows."""
    async with async_open_export(path) as out:
        for user in users:
            # One row per user.
            out.write(f"{user['id']},{user['name']}\n")


def export_users(path, users):
    """Sync shim kept by awaitify: runs `async_export_users` to completion."""
    return run_sync(async_export_users(path, users))


@contextmanager
def tagged(tag):
    """Look-alike: pure context manager."""
    yield f"<{tag}>"
