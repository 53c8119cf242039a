"""Views on the ORM. `price_view` calls a blocking pricing service, so it becomes an async
view. A raw cursor, an atomic block and a queryset iterated with `for` have no async twin
here: the functions holding them stay sync, and the async view reaches them through
thread-sensitive sync_to_async."""

import asyncio
from asgiref.sync import sync_to_async
from shop._awaitify_runtime import run_sync
import time

from django.db import connection, transaction
from django.http import JsonResponse

from shop.models import Product


async def async_fetch_price(name):
    await asyncio.sleep(0.01)  # the pricing service
    return 3


def fetch_price(name):
    """Sync shim kept by awaitify: runs `async_fetch_price` to completion."""
    return run_sync(async_fetch_price(name))


def total_stock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT SUM(stock) FROM shop_product")
        return cursor.fetchone()[0]


def move_stock(source, target, count):
    with transaction.atomic():
        a = Product.objects.select_for_update().get(name=source)
        b = Product.objects.select_for_update().get(name=target)
        a.stock -= count
        b.stock += count
        a.save()
        b.save()


def names():
    # Iterating a queryset runs the query: this stays sync too.
    return [p.name for p in Product.objects.order_by("name")]


async def async_price_list():
    # Calls the pricing service for each product: it becomes async, and its loop over
    # the queryset becomes `async for`.
    return [(p.name, await async_fetch_price(p.name)) async for p in Product.objects.order_by("name")]


def price_list():
    """Sync shim kept by awaitify: runs `async_price_list` to completion."""
    return run_sync(async_price_list())


async def async_price_view(request, name):
    product = await Product.objects.aget(name=name)
    await sync_to_async(move_stock)("warehouse", name, 1)
    return JsonResponse(
        {
            "name": product.name,
            "price": await async_fetch_price(name),
            "total": await sync_to_async(total_stock)(),
            "names": await sync_to_async(names)(),
            "prices": await async_price_list(),
        }
    )


def price_view(request, name):
    """Sync shim kept by awaitify: runs `async_price_view` to completion."""
    return run_sync(async_price_view(request, name))
