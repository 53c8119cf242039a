import asyncio
from fetcher._awaitify_runtime import run_sync
import requests

from fetcher.retrying import retry, with_retries


@with_retries
async def async_download(url):
    resp = await asyncio.to_thread(requests.get, url, timeout=5)
    resp.raise_for_status()
    return resp.content


@with_retries
def download(url):
    """Sync shim kept by awaitify: runs `async_download` to completion."""
    return run_sync(async_download(url))


@retry(5)
async def async_head(url):
    return (await asyncio.to_thread(requests.head, url, timeout=5)).headers


@retry(5)
def head(url):
    """Sync shim kept by awaitify: runs `async_head` to completion."""
    return run_sync(async_head(url))


@with_retries
def parse_size(header):
    """Look-alike: decorated the same way but does no I/O."""
    return int(header.split("/")[-1])


async def async_mirror(urls):
    return [await async_download(u) for u in urls]


def mirror(urls):
    """Sync shim kept by awaitify: runs `async_mirror` to completion."""
    return run_sync(async_mirror(urls))
