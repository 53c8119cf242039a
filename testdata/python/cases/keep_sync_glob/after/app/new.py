"""New order export (should migrate)."""
import asyncio
from app._awaitify_runtime import run_sync
import time

import requests


async def async_export_orders(orders):
    """POST orders to the new order service in one batch."""
    await asyncio.to_thread(requests.post, "https://orders.example.com/batch", json=orders, timeout=30)
    await asyncio.sleep(0.2)


def export_orders(orders):
    """Sync shim kept by awaitify: runs `async_export_orders` to completion."""
    return run_sync(async_export_orders(orders))


async def async_run_export(orders):
    """Entry point used by the new scheduler."""
    await async_export_orders(orders)
    return len(orders)


def run_export(orders):
    """Sync shim kept by awaitify: runs `async_run_export` to completion."""
    return run_sync(async_run_export(orders))
