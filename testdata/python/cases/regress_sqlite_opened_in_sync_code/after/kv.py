import asyncio
from _awaitify_runtime import run_sync
import sqlite3


class Store:
    def __init__(self, path=":memory:"):
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT, v TEXT)")

    async def async_put(self, k, v):
        await asyncio.to_thread(self.conn.execute, "INSERT INTO kv VALUES (?, ?)", (k, v))
        await asyncio.to_thread(self.conn.commit)

    def put(self, k, v):
        """Sync shim kept by awaitify: runs `async_put` to completion."""
        return run_sync(Store.async_put(self, k, v))

    async def async_get(self, k):
        return (await asyncio.to_thread((await asyncio.to_thread(self.conn.execute, "SELECT v FROM kv WHERE k = ?", (k,))).fetchone))[0]

    def get(self, k):
        """Sync shim kept by awaitify: runs `async_get` to completion."""
        return run_sync(Store.async_get(self, k))


class WideStore(Store):
    """A connect call written one argument per line, with a trailing comma."""

    def __init__(self, path=":memory:"):
        self.conn = sqlite3.connect(
            path,
            isolation_level=None, check_same_thread=False,
        )
        self.conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT, v TEXT)")
