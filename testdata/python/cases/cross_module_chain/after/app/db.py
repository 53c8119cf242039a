"""Thin wrapper over the user HTTP backend."""
import asyncio
from app._awaitify_runtime import run_sync
import requests

BASE_URL = "https://users.internal.example.com"


async def async_fetch_row(user_id):
    """Fetch the raw user record."""
    resp = await asyncio.to_thread(requests.get, f"{BASE_URL}/users/{user_id}", timeout=5)
    resp.raise_for_status()
    return resp.json()


def fetch_row(user_id):
    """Sync shim kept by awaitify: runs `async_fetch_row` to completion."""
    return run_sync(async_fetch_row(user_id))


def table_name():
    """Look-alike: pure function in the same module."""
    return "users"
