"""Views on the ORM. `price_view` calls a blocking pricing service, so it becomes an async
view. A raw cursor, an atomic block and a queryset iterated with `for` have no async twin
here: the functions holding them stay sync, and the async view reaches them through
thread-sensitive sync_to_async."""

import time

from django.db import connection, transaction
from django.http import JsonResponse

from shop.models import Product


def fetch_price(name):
    time.sleep(0.01)  # the pricing service
    return 3


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


def price_list():
    # Calls the pricing service for each product: it becomes async, and its loop over
    # the queryset becomes `async for`.
    return [(p.name, fetch_price(p.name)) for p in Product.objects.order_by("name")]


def price_view(request, name):
    product = Product.objects.get(name=name)
    move_stock("warehouse", name, 1)
    return JsonResponse(
        {
            "name": product.name,
            "price": fetch_price(name),
            "total": total_stock(),
            "names": names(),
            "prices": price_list(),
        }
    )
