"""Inventory lookups against the warehouse service."""
import asyncio
from _awaitify_runtime import run_sync
import requests

WAREHOUSE = "https://warehouse.example.com/api"


async def async_stock_level(sku):
    """Units in stock for one SKU."""
    return (await asyncio.to_thread(requests.get, f"{WAREHOUSE}/stock/{sku}", timeout=5)).json()["units"]


def stock_level(sku):
    """Sync shim kept by awaitify: runs `async_stock_level` to completion."""
    return run_sync(async_stock_level(sku))


async def async_levels(skus):
    """Stock levels in SKU order."""
    return [await async_stock_level(sku) for sku in skus]


def levels(skus):
    """Sync shim kept by awaitify: runs `async_levels` to completion."""
    return run_sync(async_levels(skus))


async def async_distinct_levels(skus):
    """The set of distinct stock levels."""
    return {await async_stock_level(sku) for sku in skus}


def distinct_levels(skus):
    """Sync shim kept by awaitify: runs `async_distinct_levels` to completion."""
    return run_sync(async_distinct_levels(skus))


async def async_level_map(skus):
    """Map SKU -> stock level, skipping blanks."""
    return {sku: await async_stock_level(sku) for sku in skus if sku}


def level_map(skus):
    """Sync shim kept by awaitify: runs `async_level_map` to completion."""
    return run_sync(async_level_map(skus))


def normalised(skus):
    """Look-alike comprehension with no blocking call."""
    return [sku.strip().upper() for sku in skus]
