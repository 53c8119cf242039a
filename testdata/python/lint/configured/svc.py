"""AWT110: calls the project declared blocking; configuration selects and ignores rules."""
import asyncio

import legacy
from thrift_client import Client


async def quote(item):
    client = Client("pricing")
    price = client.call("quote", item)           # AWT110, suggests call_async
    legacy.fetch(item)                           # AWT110
    for i in range(3):                           # AWT303 ignored by configuration
        await asyncio.sleep(i)
    return price
