"""Backend calls shared by handlers."""
import asyncio
from app._awaitify_runtime import run_sync
import requests

API = "https://backend.example.com"


async def async_load_user(user_id):
    """Fetch one user."""
    return (await asyncio.to_thread(requests.get, f"{API}/users/{user_id}", timeout=5)).json()


def load_user(user_id):
    """Sync shim kept by awaitify: runs `async_load_user` to completion."""
    return run_sync(async_load_user(user_id))


def load_orders(user_id):
    """Fetch a user's orders."""
    return requests.get(f"{API}/users/{user_id}/orders", timeout=5).json()
