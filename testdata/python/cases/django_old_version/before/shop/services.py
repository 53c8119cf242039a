"""Stock keeping on the Django ORM and cache. The supplier's API blocks, so what calls it
becomes async, and the ORM and cache calls inside become Django's own async twins."""

import time

from django.core.cache import cache

from shop.models import Order, Product


def supplier_quote(name):
    time.sleep(0.01)  # the supplier's API
    return 10


def restock(name):
    # A custom manager's chain, then a model instance's save.
    product = Product.objects.get(name=name)
    product.stock += supplier_quote(name)
    product.save()
    return product.stock


def available(prefix):
    supplier_quote(prefix)
    return Product.objects.in_stock().filter(name__startswith=prefix).count()


def cached_available(prefix):
    total = cache.get(prefix)
    if total is None:
        total = available(prefix)
        cache.set(prefix, total, 60)
    return total


def order(name, quantity):
    supplier_quote(name)
    product = Product.objects.get(name=name)
    Order.objects.create(product=product, quantity=quantity)
    return Order.objects.filter(product=product).exists()
