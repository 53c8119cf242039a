"""Read metrics from the local agent over HTTP."""
import asyncio
from _awaitify_runtime import run_sync
import requests

AGENT = "http://localhost:9100"


async def async_get_data():
    """All metrics as a dict."""
    return (await asyncio.to_thread(requests.get, f"{AGENT}/metrics", timeout=2)).json()


def get_data():
    """Sync shim kept by awaitify: runs `async_get_data` to completion."""
    return run_sync(async_get_data())


async def async_get_count():
    """Number of samples collected so far."""
    return int((await asyncio.to_thread(requests.get, f"{AGENT}/count", timeout=2)).text)


def get_count():
    """Sync shim kept by awaitify: runs `async_get_count` to completion."""
    return run_sync(async_get_count())


async def async_is_ready():
    """True when the agent reports ready."""
    return (await asyncio.to_thread(requests.get, f"{AGENT}/ready", timeout=2)).ok


def is_ready():
    """Sync shim kept by awaitify: runs `async_is_ready` to completion."""
    return run_sync(async_is_ready())


async def async_get_factory():
    """Return a formatter chosen by the agent's config."""
    style = (await asyncio.to_thread(requests.get, f"{AGENT}/style", timeout=2)).text
    return str.upper if style == "loud" else str.lower


def get_factory():
    """Sync shim kept by awaitify: runs `async_get_factory` to completion."""
    return run_sync(async_get_factory())


async def async_summarise():
    """Exercise every awkward call position."""
    pairs = (await async_get_data()).items()
    cpu = (await async_get_data())["key"]
    label = (await async_get_factory())("metrics")
    delta = -await async_get_count()
    following = await async_get_count() + 1
    waiting = not await async_is_ready()
    x = await async_get_count() ** 2
    return pairs, cpu, label, delta, following, waiting, x


def summarise():
    """Sync shim kept by awaitify: runs `async_summarise` to completion."""
    return run_sync(async_summarise())


async def async_latest():
    """Return the raw result directly."""
    return await async_get_data()


def latest():
    """Sync shim kept by awaitify: runs `async_latest` to completion."""
    return run_sync(async_latest())


def local_total(values):
    """Look-alike: same shapes on a pure call."""
    return -len(values) + len(values) ** 2
