import time

from django.db import models


def supplier_label(name):
    time.sleep(0.01)  # the supplier's label service
    return name.upper()


class ProductManager(models.Manager):
    def in_stock(self):
        return self.filter(stock__gt=0)


class Product(models.Model):
    name = models.CharField(max_length=40)
    stock = models.IntegerField(default=0)

    objects = ProductManager()

    class Meta:
        app_label = "shop"

    def label(self):
        # A model's own method that blocks: callers through any typed chain follow it.
        return supplier_label(self.name)


class Order(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="orders")
    quantity = models.IntegerField(default=1)

    class Meta:
        app_label = "shop"

    def ship(self):
        time.sleep(0.01)  # the carrier's API
        return f"{self.quantity} x {self.product_id}"

    def delete(self, *args, **kwargs):
        # An override: Django's `adelete` runs `self.delete`, so the parent's `delete`
        # is called in a thread, not through `super().adelete()`.
        time.sleep(0.01)  # tell the carrier
        return super().delete(*args, **kwargs)


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

    def describe(self):
        return supplier_label(self.blurb)
