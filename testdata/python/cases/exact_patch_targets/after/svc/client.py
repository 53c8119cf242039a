import asyncio
from svc._awaitify_runtime import run_sync
import ssl
import time

import requests


class Client:
    def __init__(self, base):
        self.base = base

    async def async_options(self, path):
        return await asyncio.to_thread(requests.options, self.base + path, timeout=5)

    def options(self, path):
        """Sync shim kept by awaitify: runs `async_options` to completion."""
        return run_sync(Client.async_options(self, path))

    def run(self, job):
        time.sleep(0.1)
        return job

    async def async_fetch(self, path):
        return (await asyncio.to_thread(requests.get, self.base + path, timeout=5)).text

    def fetch(self, path):
        """Sync shim kept by awaitify: runs `async_fetch` to completion."""
        return run_sync(Client.async_fetch(self, path))


def harden(ctx: ssl.SSLContext):
    ctx.options = ctx.options | ssl.OP_NO_TLSv1


def configure(settings):
    settings.options = {"verbose": True}
    return settings


async def async_probe(client: Client):
    return await client.async_options("/health")


def probe(client: Client):
    """Sync shim kept by awaitify: runs `async_probe` to completion."""
    return run_sync(async_probe(client))
