"""Stock keeping on the Django ORM and cache. The supplier's API blocks, so what calls it
becomes async, and the ORM and cache calls inside become Django's own async twins."""

import asyncio
from asgiref.sync import sync_to_async
from shop._awaitify_runtime import run_sync
import time

from django.core.cache import cache

from shop.models import Order, Product


async def async_supplier_quote(name):
    await asyncio.sleep(0.01)  # the supplier's API
    return 10


def supplier_quote(name):
    """Sync shim kept by awaitify: runs `async_supplier_quote` to completion."""
    return run_sync(async_supplier_quote(name))


async def async_restock(name):
    # A custom manager's chain, then a model instance's save.
    product = await sync_to_async(Product.objects.get)(name=name)
    product.stock += await async_supplier_quote(name)
    await sync_to_async(product.save)()
    return product.stock


def restock(name):
    """Sync shim kept by awaitify: runs `async_restock` to completion."""
    return run_sync(async_restock(name))


async def async_available(prefix):
    await async_supplier_quote(prefix)
    return await sync_to_async(Product.objects.in_stock().filter(name__startswith=prefix).count)()


def available(prefix):
    """Sync shim kept by awaitify: runs `async_available` to completion."""
    return run_sync(async_available(prefix))


async def async_cached_available(prefix):
    total = await sync_to_async(cache.get)(prefix)
    if total is None:
        total = await async_available(prefix)
        await sync_to_async(cache.set)(prefix, total, 60)
    return total


def cached_available(prefix):
    """Sync shim kept by awaitify: runs `async_cached_available` to completion."""
    return run_sync(async_cached_available(prefix))


async def async_order(name, quantity):
    await async_supplier_quote(name)
    product = await sync_to_async(Product.objects.get)(name=name)
    await sync_to_async(Order.objects.create)(product=product, quantity=quantity)
    return await sync_to_async(Order.objects.filter(product=product).exists)()


def order(name, quantity):
    """Sync shim kept by awaitify: runs `async_order` to completion."""
    return run_sync(async_order(name, quantity))
