"""Small web app touching a blocking lookup from awkward places."""
import asyncio
from _awaitify_runtime import run_sync
import functools
import threading

import requests

from framework import app  # third-party, not in this tree


async def async_fetch(url):
    """Blocking HTTP GET returning the body text."""
    return (await asyncio.to_thread(requests.get, url, timeout=5)).text


def fetch(url):
    """Sync shim kept by awaitify: runs `async_fetch` to completion."""
    return run_sync(async_fetch(url))


async def async_lookup(key):
    """Blocking lookup used as a sort key."""
    return await async_fetch(f"https://kv.example.com/{key}")


def lookup(key):
    """Sync shim kept by awaitify: runs `async_lookup` to completion."""
    return run_sync(async_lookup(key))


class Page:
    def __init__(self, url):
        # Constructors cannot be coroutines.
        self.body = fetch(url)

    @property
    def title(self):
        return fetch(self.body.split()[0])

    def __str__(self):
        return fetch("https://example.com/banner") + self.body


def with_default(body=fetch("https://example.com/default")):
    return body.upper()


@functools.lru_cache(maxsize=32)
def cached_fetch(url):
    return fetch(url)


@app.route("/")
def index():
    return fetch("https://example.com/index")


async def async_worker():
    await async_fetch("https://example.com/ping")


def worker():
    """Sync shim kept by awaitify: runs `async_worker` to completion."""
    return run_sync(async_worker())


async def async_run_all(urls, keys):
    getter = lambda u: fetch(u)  # noqa: E731
    thread = threading.Thread(target=worker)
    thread.start()
    bodies = list(map(fetch, urls))
    ordered = sorted(keys, key=lookup)
    await asyncio.to_thread(thread.join)
    return getter(urls[0]), bodies, ordered


def run_all(urls, keys):
    """Sync shim kept by awaitify: runs `async_run_all` to completion."""
    return run_sync(async_run_all(urls, keys))
