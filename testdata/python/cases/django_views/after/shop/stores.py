"""A session-store-like family: one backend blocks on a file, the other reads the ORM.
The family changes together (calls through the base must stay awaitable), and each
member's body uses what fits it: a thread for the file, the ORM's own twin."""

from asgiref.sync import sync_to_async
from shop._awaitify_runtime import run_sync
import os

from shop.models import Product


class Store:
    async def async_load(self, key):
        raise NotImplementedError

    def load(self, key):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(Store.async_load(self, key))


class FileStore(Store):
    def __init__(self, directory):
        self.directory = directory

    async def async_load(self, key):
        with await sync_to_async(open)(os.path.join(self.directory, key)) as f:
            return await sync_to_async(f.read)()

    def load(self, key):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(FileStore.async_load(self, key))


class DbStore(Store):
    async def async_load(self, key):
        return (await Product.objects.aget(name=key)).name

    def load(self, key):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(DbStore.async_load(self, key))


async def async_load_all(stores: list[Store], key):
    return [await store.async_load(key) for store in stores]


def load_all(stores: list[Store], key):
    """Sync shim kept by awaitify: runs `async_load_all` to completion."""
    return run_sync(async_load_all(stores, key))
