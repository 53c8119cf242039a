"""Synchronise remote records into the local store."""
from __future__ import annotations

import asyncio
from _awaitify_runtime import run_sync
import json
import urllib.request


class Client:
    """Remote records API."""

    def __init__(self, url):
        self.url = url

    async def async_list_records(self):
        """Download all remote records."""
        with await asyncio.to_thread(urllib.request.urlopen, self.url, timeout=10) as resp:
            return await asyncio.to_thread(json.load, resp)

    def list_records(self):
        """Sync shim kept by awaitify: runs `async_list_records` to completion."""
        return run_sync(Client.async_list_records(self))

    def endpoint(self):
        """Look-alike pure method."""
        return self.url


class Store:
    """Local JSON-lines file of records."""

    def __init__(self, path):
        self.path = path

    async def async_append(self, record):
        """Append one record to the file."""
        with await asyncio.to_thread(open, self.path, "a", encoding="utf-8") as fh:
            await asyncio.to_thread(fh.write, json.dumps(record) + "\n")

    def append(self, record):
        """Sync shim kept by awaitify: runs `async_append` to completion."""
        return run_sync(Store.async_append(self, record))


async def async_sync_all(client: Client, store: "Store") -> int:
    """Copy every remote record into the store; return how many."""
    records = await client.async_list_records()
    for record in records:
        await store.async_append(record)
    return len(records)


def sync_all(client: Client, store: "Store") -> int:
    """Sync shim kept by awaitify: runs `async_sync_all` to completion."""
    return run_sync(async_sync_all(client, store))


def describe(client: Client) -> str:
    """Look-alike: annotated parameter, pure method."""
    return f"syncing from {client.endpoint()}"
