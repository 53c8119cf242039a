"""Sizes of files, in a Django project. `size` becomes async (its stat runs through
sync_to_async); `checked_size` is kept sync by request and calls `size`'s shim, and the
async `total` calls `checked_size`: a shim run inside the event loop's thread, whose
coroutine sends work back through asgiref. The sync API is called twice in a row."""

import os

from django.conf import settings  # a Django project: shims run through async_to_sync


def size(path):
    return os.path.getsize(path)


def checked_size(path):  # awaitify: keep-sync
    return size(path) if path else 0


def total(paths):
    existing = [p for p in paths if os.path.exists(p)]
    return sum(checked_size(p) for p in existing)


DEBUG = settings.configured
