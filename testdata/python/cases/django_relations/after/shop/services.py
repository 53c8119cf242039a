"""Code that follows Django's relations: what the manager, a reverse relation or a
related object gives is a model of the project, so its own blocking methods are found
and its queries go to Django's twins."""

import django.shortcuts
from asgiref.sync import sync_to_async
from shop._awaitify_runtime import run_sync, sync_iter
from django.shortcuts import get_object_or_404

from shop.models import Order, Product, Tag, supplier_label, async_supplier_label


async def async_label_of(name):
    # `get` through a custom manager gives a Product: its own `label` blocks.
    return await (await Product.objects.aget(name=name)).async_label()


def label_of(name):
    """Sync shim kept by awaitify: runs `async_label_of` to completion."""
    return run_sync(async_label_of(name))


async def async_labels_in_stock():
    return [await p.async_label() async for p in Product.objects.in_stock().order_by("name")]


def labels_in_stock():
    """Sync shim kept by awaitify: runs `async_labels_in_stock` to completion."""
    return run_sync(async_labels_in_stock())


async def async_ship_all(product: Product):
    # A reverse ForeignKey (related_name) is a manager of Orders.
    shipped = [await o.async_ship() async for o in product.orders.all()]
    return shipped, await product.orders.filter(quantity__gt=1).aexists()


def ship_all(product: Product):
    """Sync shim kept by awaitify: runs `async_ship_all` to completion."""
    return run_sync(async_ship_all(product))


async def async_tag_labels(tag: Tag):
    # Both sides of a ManyToManyField are managers.
    first = await tag.products.order_by("name").afirst()
    return await first.async_label(), await tag.products.acount()


def tag_labels(tag: Tag):
    """Sync shim kept by awaitify: runs `async_tag_labels` to completion."""
    return run_sync(async_tag_labels(tag))


async def async_describe_order(order: Order):
    # `order.product` and `.profile` load lazily, with queries: they run in a thread.
    return await (await sync_to_async(lambda: order.product.profile)()).async_describe()


def describe_order(order: Order):
    """Sync shim kept by awaitify: runs `async_describe_order` to completion."""
    return run_sync(async_describe_order(order))


async def async_stock_of(pk):
    # Django 5.0's shortcut twin.
    await async_supplier_label("stock")
    return (await django.shortcuts.aget_object_or_404(Product, pk=pk)).stock


def stock_of(pk):
    """Sync shim kept by awaitify: runs `async_stock_of` to completion."""
    return run_sync(async_stock_of(pk))


async def async_total_quantity(product: Product):
    # A generator expression over a queryset becomes a list comprehension with `async for`.
    await async_supplier_label("quantity")
    return sum([o.quantity async for o in product.orders.all()])


def total_quantity(product: Product):
    """Sync shim kept by awaitify: runs `async_total_quantity` to completion."""
    return run_sync(async_total_quantity(product))


async def async_order_sizes(product: Product):
    # A generator over a queryset: an async generator, and its sync shim steps it once
    # per item (through asgiref in a Django project).
    await async_supplier_label("sizes")
    async for o in product.orders.order_by("quantity"):
        yield o.quantity


def order_sizes(product: Product):
    """Sync shim kept by awaitify: runs `async_order_sizes` to completion."""
    return sync_iter(async_order_sizes(product))


async def async_cancel_small(product: Product):
    async for o in product.orders.filter(quantity=1):
        await o.async_delete()
    return await product.orders.acount()


def cancel_small(product: Product):
    """Sync shim kept by awaitify: runs `async_cancel_small` to completion."""
    return run_sync(async_cancel_small(product))


async def async_product_name(order: Order):
    # A related object read (not called on): listed for review, as Django would refuse
    # the lazy query on the event loop's thread unless the object was loaded before.
    await async_supplier_label("name")
    return order.product.name


def product_name(order: Order):
    """Sync shim kept by awaitify: runs `async_product_name` to completion."""
    return run_sync(async_product_name(order))


async def label_async(name):
    # Code already written against the twins: what `aget` gives is a Product too.
    product = await Product.objects.aget(name=name)
    return await product.async_label()
