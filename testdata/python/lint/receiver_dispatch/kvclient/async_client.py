import asyncio

from kvclient.commands import AsyncFileMixin, CoreCommands
from kvclient.sync_client import Client


class AsyncClient(CoreCommands, AsyncFileMixin):
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def execute_command(self, *args):
        self.writer.write(" ".join(args).encode())
        await self.writer.drain()
        return await self.reader.read(1024)

    async def get_many(self, keys):
        # The shared `get` calls this class's `execute_command`: nothing blocks.
        return [await self.get(k) for k in keys]

    async def config(self, path):
        # The async mixin's `_read_file` comes first in this class's MRO.
        return await self._read_file(path)


async def warm(client: AsyncClient):
    await client.set("a", "1")
    return await client.get_or_default("b", "0")


async def legacy(client: Client):
    # The sync client's `execute_command` really blocks: reported, with its chain.
    return client.get_or_default("a", "0")


async def mistyped(client: Client):
    # Annotated with the sync client but awaited: the value must be awaitable, so the
    # annotation is what is wrong; no chain through the sync client is printed.
    return await client.get("a")


class TracedAsyncClient(AsyncClient):
    async def get_twice(self, key):
        # `super().get` runs on this instance: its `execute_command` is the async one.
        first = super().get(key)
        return await first


async def read_config(client: AsyncClient, path):
    # The value awaited from a plain method is not that method's return value.
    reply = await client.get(path)
    return reply.decode()
