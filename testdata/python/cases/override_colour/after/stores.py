"""Pluggable key/value stores."""
import asyncio
import functools
from _awaitify_runtime import run_sync
import sqlite3


class BaseStore:
    """Interface for stores; the base returns an empty snapshot."""

    async def async_load(self):
        """Return all stored items."""
        return {}

    def load(self):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(BaseStore.async_load(self))

    def name(self):
        """Look-alike: not overridden by any blocking subclass."""
        return type(self).__name__


class SqliteStore(BaseStore):
    """Reads items from a SQLite table."""

    def __init__(self, path):
        self.path = path

    async def async_load(self):
        conn = await asyncio.to_thread(functools.partial(sqlite3.connect, check_same_thread=False), self.path)
        try:
            return dict(await asyncio.to_thread((await asyncio.to_thread(conn.execute, "SELECT key, value FROM items")).fetchall))
        finally:
            await asyncio.to_thread(conn.close)

    def load(self):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(SqliteStore.async_load(self))


class MemoryStore(BaseStore):
    """Pure in-memory store; its load must still become async."""

    def __init__(self, items):
        self.items = items

    async def async_load(self):
        # No I/O here, but it overrides BaseStore.load.
        return dict(self.items)

    def load(self):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(MemoryStore.async_load(self))


async def async_use(store: BaseStore):
    """Called through the base type: could be any subclass."""
    return await store.async_load()


def use(store: BaseStore):
    """Sync shim kept by awaitify: runs `async_use` to completion."""
    return run_sync(async_use(store))


def label(store: BaseStore):
    """Look-alike: name() is pure in every class."""
    return store.name()
