from asgiref.sync import sync_to_async
from django.core.cache import cache
from django.db import connection, transaction
from django.dispatch import Signal
from django.http import HttpRequest, JsonResponse

# Findings: a sync ORM call, a model save, a cache read, a helper that queries, a raw
# cursor and a transaction block in async views, and ORM code run by a thread-insensitive
# sync_to_async; a reverse relation's manager, a session and a signal. Clean: `good_view`, which uses the twins, and the thread-sensitive call.

from shop.models import Order, Product

restocked = Signal()


def stock_of(name):
    return Product.objects.get(name=name).stock


async def product_view(request, name):
    product = Product.objects.get(name=name)
    product.stock -= 1
    product.save()
    return JsonResponse({"stock": product.stock})


async def cached_view(request, name):
    hit = cache.get(name)
    if hit is None:
        hit = stock_of(name)
    return JsonResponse({"stock": hit})


async def good_view(request, name):
    product = await Product.objects.aget(name=name)
    await product.asave()
    return JsonResponse({"n": await Product.objects.filter(stock__gt=0).acount()})


async def report(request):
    with connection.cursor() as cursor:
        cursor.execute("select 1")
    with transaction.atomic():
        pass
    return JsonResponse({})


async def worker_thread_view(request, name):
    product = await sync_to_async(stock_of, thread_sensitive=False)(name)
    count = await sync_to_async(Product.objects.count, thread_sensitive=False)()
    fine = await sync_to_async(stock_of)(name)
    return JsonResponse({"stock": product, "count": count, "fine": fine})


async def order_view(request, order: Order):
    order.product.save()  # a ForeignKey reads as the related model instance
    order.tags.add(1)  # a ManyToManyField as its related manager
    return JsonResponse({"tags": await order.tags.acount()})


async def relations_view(request, product: Product):
    # A reverse ForeignKey is a manager of Orders (`order_set`).
    first = product.order_set.first()
    return JsonResponse({"first": first.pk})


async def session_view(request: HttpRequest):
    # An annotated request's session (Django 5.1 twins), and a signal (5.0).
    seen = request.session.get("seen", 0)
    restocked.send(sender=Product)
    return JsonResponse({"seen": seen})
