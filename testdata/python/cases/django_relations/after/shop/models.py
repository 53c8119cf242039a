import asyncio
from asgiref.sync import sync_to_async
from shop._awaitify_runtime import run_sync
import time

from django.db import models


async def async_supplier_label(name):
    await asyncio.sleep(0.01)  # the supplier's label service
    return name.upper()


def supplier_label(name):
    """Sync shim kept by awaitify: runs `async_supplier_label` to completion."""
    return run_sync(async_supplier_label(name))


class ProductManager(models.Manager):
    def in_stock(self):
        return self.filter(stock__gt=0)


class Product(models.Model):
    name = models.CharField(max_length=40)
    stock = models.IntegerField(default=0)

    objects = ProductManager()

    class Meta:
        app_label = "shop"

    async def async_label(self):
        # A model's own method that blocks: callers through any typed chain follow it.
        return await async_supplier_label(self.name)

    def label(self):
        """Sync shim kept by awaitify: runs `async_label` to completion."""
        return run_sync(Product.async_label(self))


class Order(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="orders")
    quantity = models.IntegerField(default=1)

    class Meta:
        app_label = "shop"

    async def async_ship(self):
        await asyncio.sleep(0.01)  # the carrier's API
        return f"{self.quantity} x {self.product_id}"

    def ship(self):
        """Sync shim kept by awaitify: runs `async_ship` to completion."""
        return run_sync(Order.async_ship(self))

    async def async_delete(self, *args, **kwargs):
        # An override: Django's `adelete` runs `self.delete`, so the parent's `delete`
        # is called in a thread, not through `super().adelete()`.
        await asyncio.sleep(0.01)  # tell the carrier
        return await sync_to_async(super().delete)(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Sync shim kept by awaitify: runs `async_delete` to completion."""
        return run_sync(Order.async_delete(self, *args, **kwargs))


class Tag(models.Model):
    name = models.CharField(max_length=40)
    products = models.ManyToManyField("Product", related_name="tags")

    class Meta:
        app_label = "shop"


class Profile(models.Model):
    product = models.OneToOneField("shop.Product", on_delete=models.CASCADE)
    blurb = models.CharField(max_length=80, default="")

    class Meta:
        app_label = "shop"

    async def async_describe(self):
        return await async_supplier_label(self.blurb)

    def describe(self):
        """Sync shim kept by awaitify: runs `async_describe` to completion."""
        return run_sync(Profile.async_describe(self))
