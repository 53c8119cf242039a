"""Sizes of files, in a Django project. `size` becomes async (its stat runs through
sync_to_async); `checked_size` is kept sync by request and calls `size`'s shim, and the
async `total` calls `checked_size`: a shim run inside the event loop's thread, whose
coroutine sends work back through asgiref. The sync API is called twice in a row."""

from asgiref.sync import sync_to_async
from files._awaitify_runtime import run_sync
import os

from django.conf import settings  # a Django project: shims run through async_to_sync


async def async_size(path):
    return await sync_to_async(os.path.getsize)(path)


def size(path):
    """Sync shim kept by awaitify: runs `async_size` to completion."""
    return run_sync(async_size(path))


def checked_size(path):  # awaitify: keep-sync
    return size(path) if path else 0


async def async_total(paths):
    existing = [p for p in paths if await sync_to_async(os.path.exists)(p)]
    return sum(checked_size(p) for p in existing)


def total(paths):
    """Sync shim kept by awaitify: runs `async_total` to completion."""
    return run_sync(async_total(paths))


DEBUG = settings.configured
