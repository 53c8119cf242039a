"""A pair whose sync half reaches migrated code from outside: it is not used as a pair."""
import asyncio
import time


class Pool:
    def get(self):
        time.sleep(0.01)
        return "conn"


class AsyncPool:
    async def get(self):
        await asyncio.sleep(0.01)
        return "conn"


def borrow(pool: Pool):
    return pool.get()
