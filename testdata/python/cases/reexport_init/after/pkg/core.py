"""Weather API access."""
import asyncio
from pkg._awaitify_runtime import run_sync
import requests

API = "https://api.weather.example.com/v1"


async def async_fetch(city):
    """Current conditions for a city."""
    resp = await asyncio.to_thread(requests.get, f"{API}/current", params={"q": city}, timeout=5)
    return resp.json()


def fetch(city):
    """Sync shim kept by awaitify: runs `async_fetch` to completion."""
    return run_sync(async_fetch(city))


def units():
    """Look-alike re-export that does no I/O."""
    return "metric"
