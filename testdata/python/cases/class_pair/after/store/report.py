from store._awaitify_runtime import run_sync
from store.client import AsyncClient
from store.client import Client


async def async_summary(keys):
    # Built here and only called: migrated code builds the async client instead.
    client = AsyncClient("main")
    first = await client.fetch(keys[0])
    rest = await client.fetch_all(keys[1:])
    return [first, *rest]


def summary(keys):
    """Sync shim kept by awaitify: runs `async_summary` to completion."""
    return run_sync(async_summary(keys))


async def async_one(key):
    return await AsyncClient("direct").fetch(key)


def one(key):
    """Sync shim kept by awaitify: runs `async_one` to completion."""
    return run_sync(async_one(key))
