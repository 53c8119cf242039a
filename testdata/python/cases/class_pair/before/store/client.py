"""A client with its own async half: the sync class stays as it is."""
import asyncio
import time


class Client:
    def __init__(self, name):
        self.name = name

    def fetch(self, key):
        time.sleep(0.01)
        return f"{self.name}:{key}"

    def fetch_all(self, keys):
        return [self.fetch(k) for k in keys]


class AsyncClient:
    def __init__(self, name):
        self.name = name

    async def fetch(self, key):
        await asyncio.sleep(0.01)
        return f"{self.name}:{key}"

    async def fetch_all(self, keys):
        return [await self.fetch(k) for k in keys]
