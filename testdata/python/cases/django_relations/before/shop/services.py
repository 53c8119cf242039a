"""Code that follows Django's relations: what the manager, a reverse relation or a
related object gives is a model of the project, so its own blocking methods are found
and its queries go to Django's twins."""

from django.shortcuts import get_object_or_404

from shop.models import Order, Product, Tag, supplier_label


def label_of(name):
    # `get` through a custom manager gives a Product: its own `label` blocks.
    return Product.objects.get(name=name).label()


def labels_in_stock():
    return [p.label() for p in Product.objects.in_stock().order_by("name")]


def ship_all(product: Product):
    # A reverse ForeignKey (related_name) is a manager of Orders.
    shipped = [o.ship() for o in product.orders.all()]
    return shipped, product.orders.filter(quantity__gt=1).exists()


def tag_labels(tag: Tag):
    # Both sides of a ManyToManyField are managers.
    first = tag.products.order_by("name").first()
    return first.label(), tag.products.count()


def describe_order(order: Order):
    # `order.product` and `.profile` load lazily, with queries: they run in a thread.
    return order.product.profile.describe()


def stock_of(pk):
    # Django 5.0's shortcut twin.
    supplier_label("stock")
    return get_object_or_404(Product, pk=pk).stock


def total_quantity(product: Product):
    # A generator expression over a queryset becomes a list comprehension with `async for`.
    supplier_label("quantity")
    return sum(o.quantity for o in product.orders.all())


def order_sizes(product: Product):
    # A generator over a queryset: an async generator, and its sync shim steps it once
    # per item (through asgiref in a Django project).
    supplier_label("sizes")
    for o in product.orders.order_by("quantity"):
        yield o.quantity


def cancel_small(product: Product):
    for o in product.orders.filter(quantity=1):
        o.delete()
    return product.orders.count()


def product_name(order: Order):
    # A related object read (not called on): listed for review, as Django would refuse
    # the lazy query on the event loop's thread unless the object was loaded before.
    supplier_label("name")
    return order.product.name


async def label_async(name):
    # Code already written against the twins: what `aget` gives is a Product too.
    product = await Product.objects.aget(name=name)
    return product.label()
